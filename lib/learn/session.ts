/**
 * A trainee's session in the learner portal: a bearer token in an httpOnly cookie, whose
 * SHA-256 names a row of private.learner_sessions. withTrainee runs queries as the `trainee`
 * role with that row's id as claims.sub, so Postgres answers only what the session reaches
 * (20261207000200_create_learner_portal.sql). Sessions are apart from staff sessions: another
 * cookie, another role, another table.
 */
import { sql } from 'kysely';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { hashBearerToken, looksLikeBearerToken, newBearerToken } from '../auth/bearer-tokens';
import { translateDbError } from '../crm/errors';
import { handles } from '../db/client';
import { asService, type Tx } from '../db/session';
import { emailDigest } from './passes';

export const LEARNER_COOKIE = 'cohort_learner';

export type LearnerScope = 'full' | 'booking' | 'certificate';

export type Learner = { sessionId: string; orgId: string; contactId: string; scope: LearnerScope; scopeRef: string | null; expiresAt: Date };

const DAY = 86_400_000;
/** A sign-in link opens everything for 30 days; an email's pass opens its one thing for a day at a time. */
export const SESSION_LIFETIME = { full: 30 * DAY, scoped: DAY } as const;

/** Runs `fn` in one transaction as the trainee, under the trainee policies. */
export async function withTrainee<T>(learner: Pick<Learner, 'sessionId'>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await handles()
      .db.transaction()
      .execute(async (tx) => {
        const claims = JSON.stringify({ sub: learner.sessionId, role: 'trainee' });
        await sql`select set_config('role', 'trainee', true), set_config('request.jwt.claims', ${claims}, true)`.execute(tx);
        return fn(tx);
      });
  } catch (error) {
    throw translateDbError(error);
  }
}

type SessionRow = { id: string; org_id: string; contact_id: string; scope: LearnerScope; scope_ref: string | null; expires_at: Date };

/**
 * Opens a session for a live contact with an address; returns the cookie's token, or null when
 * the contact is gone or (for a pass) no longer has the address the link was sent to.
 */
export async function openLearnerSession(input: { orgId: string; contactId: string; scope: LearnerScope; scopeRef: string | null; expiresAt: Date; emailDigest?: string }) {
  const token = newBearerToken();
  const opened = await asService('learner portal: open a trainee session', async (tx) => {
    const contact = await tx
      .selectFrom('contacts')
      .select('email')
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.contactId)
      .where('deleted_at', 'is', null)
      .where('email', 'is not', null)
      .executeTakeFirst();
    if (!contact?.email || (input.emailDigest !== undefined && emailDigest(contact.email) !== input.emailDigest)) return undefined;
    const { rows } = await sql<{ id: string }>`
      insert into private.learner_sessions (org_id, contact_id, contact_email, token_hash, scope, scope_ref, expires_at)
      values (${input.orgId}, ${input.contactId}, ${contact.email}, ${hashBearerToken(token)}, ${input.scope}, ${input.scopeRef}, ${input.expiresAt})
      returning id`.execute(tx);
    return rows[0];
  });
  return opened ? { token, expiresAt: input.expiresAt } : null;
}

/** The session a cookie token names, if it is live and its contact still is. */
export async function learnerSessionOf(token: string | undefined): Promise<Learner | null> {
  if (!token || !looksLikeBearerToken(token)) return null;
  const row = await asService('learner portal: resolve a trainee session cookie', async (tx) => {
    const { rows } = await sql<SessionRow>`
      select s.id, s.org_id, s.contact_id, s.scope, s.scope_ref, s.expires_at
        from private.learner_sessions s join public.contacts c on c.org_id = s.org_id and c.id = s.contact_id
       where s.token_hash = ${hashBearerToken(token)} and s.revoked_at is null and s.expires_at > now()
         and c.deleted_at is null and c.email = s.contact_email`.execute(tx);
    return rows[0];
  });
  return row
    ? { sessionId: row.id, orgId: row.org_id, contactId: row.contact_id, scope: row.scope, scopeRef: row.scope_ref, expiresAt: new Date(row.expires_at) }
    : null;
}

/** The trainee of this request (pages and actions), or null. */
export const currentLearner = cache(async (): Promise<Learner | null> => learnerSessionOf((await cookies()).get(LEARNER_COOKIE)?.value));

/** Ends the session the cookie names (signing out). */
export async function revokeLearnerSession(token: string | undefined): Promise<void> {
  if (!token || !looksLikeBearerToken(token)) return;
  await asService('learner portal: sign a trainee out', (tx) =>
    sql`update private.learner_sessions set revoked_at = now() where token_hash = ${hashBearerToken(token)} and revoked_at is null`.execute(tx),
  );
}

/** The cookie's settings: only the portal's paths, never readable by scripts. */
export function learnerCookie(token: string, expiresAt: Date, https: boolean) {
  return { name: LEARNER_COOKIE, value: token, httpOnly: true, sameSite: 'lax' as const, secure: https, path: '/learn', expires: expiresAt };
}
