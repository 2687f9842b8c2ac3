/**
 * Tokens in links that act for their holder (invitations, request verifications, double
 * opt-ins): 32 random bytes, URL-safe. Only their SHA-256 is stored, so a leaked table cannot be
 * turned back into working links; anything not shaped like a token is refused before any lookup.
 */
import { createHash, randomBytes } from 'node:crypto';

export const newBearerToken = () => randomBytes(32).toString('base64url');

export const hashBearerToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** True for a string that could be one of our tokens (and so is worth a lookup). */
export const looksLikeBearerToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);
