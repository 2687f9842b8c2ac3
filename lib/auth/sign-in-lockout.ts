/**
 * Per-account sign-in throttling, on top of better-auth's per-address rate limit: ten failed
 * sign-ins for one email address within fifteen minutes lock that address for fifteen
 * minutes, from every client address and every app instance (the counts live in Postgres,
 * private.sign_in_failures). Unknown addresses lock the same way, so a lock tells nobody
 * whether an account exists. An admin of the member's organisation may unlock early.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { forbidden, parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService } from '../db/session';

export const SIGN_IN_LOCKOUT = { maxFailures: 10, windowMinutes: 15, lockMinutes: 15 } as const;

export const lockedMessage = (until: Date) =>
  `Too many failed sign-ins for this account. It is locked until ${until.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC; an admin of your organisation can unlock it sooner.`;

const normalised = (email: string) => email.trim().toLowerCase().slice(0, 254);

/** When `email` may sign in again, or null when it may now. */
export async function signInLockedUntil(email: string): Promise<Date | null> {
  return asService('auth: is this address locked after failed sign-ins?', async (tx) => {
    const { rows } = await sql<{ until: Date | null }>`select private.sign_in_locked_until(${normalised(email)}) as until`.execute(tx);
    return rows[0]?.until ?? null;
  });
}

/** Counts a failed sign-in (the one that reaches the limit locks the address). */
export async function recordSignInFailure(email: string): Promise<void> {
  const { maxFailures, windowMinutes, lockMinutes } = SIGN_IN_LOCKOUT;
  await asService('auth: count a failed sign-in', (tx) =>
    sql`select private.record_sign_in_failure(${normalised(email)}, ${maxFailures}, ${windowMinutes}, ${lockMinutes})`.execute(tx),
  );
}

export async function clearSignInFailures(email: string): Promise<void> {
  await asService('auth: forget failed sign-ins after a successful one', (tx) => sql`select private.clear_sign_in_failures(${normalised(email)})`.execute(tx));
}

/** Membership id → end of the lock, for the members of the admin's organisation locked now. */
export async function lockedMembers(session: CrmSession): Promise<Map<string, Date>> {
  return inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ membership_id: string; locked_until: Date }>`select * from private.locked_members(${session.orgId})`.execute(tx);
    return new Map(rows.map((row) => [row.membership_id, row.locked_until]));
  });
}

/** An admin lifts a member's lock (RLS-style check in the function: admins of that organisation only). */
export async function unlockMember(session: CrmSession, membershipId: unknown): Promise<boolean> {
  const id = parseInput(z.uuid('Choose a team member.'), membershipId);
  return inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ unlocked: boolean }>`select private.unlock_sign_in(${id}) as unlocked`.execute(tx);
    return rows[0]?.unlocked ?? false;
  }).catch((error: unknown) => {
    if ((error as { kind?: string }).kind === 'forbidden') throw forbidden('Only admins of this member’s organisation can unlock their sign-in.');
    throw error;
  });
}
