/**
 * HS256 JSON Web Tokens as Supabase issues them: signed with the project's JWT secret
 * (SUPABASE_JWT_SECRET), carrying `role` ('authenticated', 'service_role', 'anon') and, for a
 * user, `sub` and `email`. Edge functions verify them; the Node app mints them to call
 * functions as a user or as named system work.
 *
 * Portable on purpose (Deno and Node ≥ 20): WebCrypto only, no imports but our own.
 */
import { decodeBase64url, encodeBase64url } from './base64url.ts';

export type JwtClaims = {
  role: string;
  sub?: string;
  email?: string;
  exp: number;
  iat?: number;
  [claim: string]: unknown;
};

/** Any reason a token is not accepted. The message is safe to show the caller. */
export class JwtError extends Error {
  override readonly name = 'JwtError';
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 32) throw new Error('The JWT secret must be at least 32 characters.');
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

const segment = (value: unknown) => encodeBase64url(encoder.encode(JSON.stringify(value)));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs `claims` with HS256; the token expires after `expiresInSeconds` (default 5 minutes). */
export async function signJwt(
  claims: Omit<JwtClaims, 'exp' | 'iat'>,
  secret: string,
  { expiresInSeconds = 300 }: { expiresInSeconds?: number } = {},
): Promise<string> {
  const iat = nowSeconds();
  const unsigned = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ ...claims, iat, exp: iat + expiresInSeconds })}`;
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(unsigned));
  return `${unsigned}.${encodeBase64url(new Uint8Array(signature))}`;
}

function decodeJson(part: string): Record<string, unknown> {
  const bytes = decodeBase64url(part);
  if (!bytes) throw new JwtError('The token is malformed.');
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the same error as any other malformed token
  }
  throw new JwtError('The token is malformed.');
}

/**
 * Verifies signature (constant-time, by WebCrypto), algorithm, expiry and not-before, with
 * a little clock leeway. Only HS256 is accepted: `alg: none` or an RS/HS confusion never
 * reaches the signature check.
 */
export async function verifyJwt(token: string, secret: string, { leewaySeconds = 30 } = {}): Promise<JwtClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('The token is malformed.');
  const [header, payload, signature] = parts as [string, string, string];
  if (decodeJson(header).alg !== 'HS256') throw new JwtError('The token is not signed with HS256.');
  const signatureBytes = decodeBase64url(signature);
  if (!signatureBytes) throw new JwtError('The token is malformed.');
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), signatureBytes, encoder.encode(`${header}.${payload}`));
  if (!valid) throw new JwtError('The token signature is invalid.');

  const claims = decodeJson(payload);
  const now = nowSeconds();
  if (typeof claims.exp !== 'number') throw new JwtError('The token has no expiry.');
  if (claims.exp + leewaySeconds < now) throw new JwtError('The token has expired.');
  if (typeof claims.nbf === 'number' && claims.nbf - leewaySeconds > now) throw new JwtError('The token is not valid yet.');
  if (typeof claims.role !== 'string' || !claims.role) throw new JwtError('The token has no role.');
  return claims as JwtClaims;
}
