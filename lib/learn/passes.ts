/**
 * Passes: the purpose-bound tokens inside a transactional email's links. A pass names one
 * thing (a booking or a certificate) of one trainee, and until when it works; the portal
 * trades it for a session that reaches only that thing (private.learner_sessions scope), so
 * the booking link manages that booking and nothing else.
 *
 * `v1.<payload>.<mac>`: payload is base64url JSON, the MAC HMAC-SHA256 over "learner-pass." +
 * payload with EMAIL_LINK_SECRET (the secret of every email link), so nothing is stored per
 * link and rotating the secret retires every pass sent before.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const passPurposes = ['booking', 'certificate'] as const;
export type PassPurpose = (typeof passPurposes)[number];

/**
 * `email` is the address the email went to; the pass carries a digest of it, so it stops working
 * when the contact's address changes (a mistyped address fixed by staff, say).
 */
export type Pass = { purpose: PassPurpose; ref: string; orgId: string; contactId: string; email: string; expiresAt: Date };
export type ReadPass = Omit<Pass, 'email'> & { emailDigest: string };

/** A short digest of an address (lower-cased), as a pass carries it. */
export const emailDigest = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);

const payloadSchema = z.object({
  p: z.enum(passPurposes),
  r: z.uuid(),
  o: z.uuid(),
  c: z.uuid(),
  e: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  x: z.number().int().positive(),
});

function secret(): string {
  const value = process.env.EMAIL_LINK_SECRET;
  if (!value || value.length < 32) throw new Error('EMAIL_LINK_SECRET is not set (at least 32 characters): start Cohort with `npm start`.');
  return value;
}

const mac = (payload: string) => createHmac('sha256', secret()).update(`learner-pass.${payload}`).digest('base64url');

export function signPass(pass: Pass): string {
  const payload = Buffer.from(
    JSON.stringify({ p: pass.purpose, r: pass.ref, o: pass.orgId, c: pass.contactId, e: emailDigest(pass.email), x: Math.floor(pass.expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `v1.${payload}.${mac(payload)}`;
}

export type PassCheck = { ok: true; pass: ReadPass } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

/** Checks a pass's shape, signature and expiry; says which failed (for the page, never the details). */
export function readPass(token: string, now = new Date()): PassCheck {
  const parts = token.length <= 600 ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== 'v1' || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '') || !/^[A-Za-z0-9_-]{43}$/.test(parts[2] ?? '')) {
    return { ok: false, reason: 'malformed' };
  }
  const [, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(payload));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'tampered' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(parsed.data.x * 1000);
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, pass: { purpose: parsed.data.p, ref: parsed.data.r, orgId: parsed.data.o, contactId: parsed.data.c, emailDigest: parsed.data.e, expiresAt } };
}

const DAY = 86_400_000;

/** How long an email's pass works: a booking's until a month after the session ends, a certificate's for two years. */
export const passLifetime = {
  booking: (sessionEndsAt: Date | string) => new Date(new Date(sessionEndsAt).getTime() + 30 * DAY),
  certificate: (now = new Date()) => new Date(now.getTime() + 730 * DAY),
};
