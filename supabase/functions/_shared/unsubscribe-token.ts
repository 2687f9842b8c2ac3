/**
 * The signed token in every marketing message's unsubscribe links: `u1.<message id>.<mac>`,
 * where the MAC is HMAC-SHA256 over the message id with EMAIL_LINK_SECRET, truncated to 128
 * bits. It names a message, not an address, so the URL leaks nothing about the person; the
 * message row says who and which organisation.
 *
 * It never expires: CAN-SPAM wants an unsubscribe to work for at least 30 days after
 * sending and people click year-old newsletters, while all a token can ever do is stop
 * marketing mail. Rotating EMAIL_LINK_SECRET retires every link sent before.
 *
 * Signed by the send-email function (Deno), verified by the app's unsubscribe routes (Node):
 * WebCrypto only, no imports but our own.
 */
import { decodeBase64url, encodeBase64url } from './base64url.ts';

const PREFIX = 'u1';
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const encoder = new TextEncoder();

async function mac(messageId: string, secret: string): Promise<Uint8Array> {
  if (secret.length < 32) throw new Error('EMAIL_LINK_SECRET must be at least 32 characters.');
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`cohort-unsubscribe:${PREFIX}:${messageId}`));
  return new Uint8Array(signature).slice(0, MAC_BYTES);
}

export async function signUnsubscribeToken(messageId: string, secret: string): Promise<string> {
  const id = messageId.toLowerCase();
  if (!UUID.test(id)) throw new Error('An unsubscribe token names a message id (uuid).');
  return `${PREFIX}.${id}.${encodeBase64url(await mac(id, secret))}`;
}

/** The message id the token was issued for, or null for anything forged, altered or malformed. */
export async function verifyUnsubscribeToken(token: string, secret: string): Promise<string | null> {
  const [prefix, id, signature, ...rest] = token.split('.');
  if (prefix !== PREFIX || !id || !UUID.test(id) || !signature || rest.length) return null;
  const given = decodeBase64url(signature);
  const expected = await mac(id, secret);
  if (!given || given.length !== expected.length) return null;
  // Compare every byte whatever the first difference, so timing reveals nothing.
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= (given[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0 ? id : null;
}
