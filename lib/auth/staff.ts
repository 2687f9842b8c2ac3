/**
 * Staff accounts: creating a user with a password (invitations, seed), deactivating a member
 * and changing roles. Role changes run under the admin's own RLS (memberships_update only
 * lets an admin change someone else); session revocation is better-auth's.
 */
import { sql } from 'kysely';
import { type Actor, withUser } from '../db/session';
import type { MemberRole } from '../db/types';
import { auth } from './auth';
import { serverPasswordSchema } from './common-passwords';

export { memberRoleSchema } from './roles';

/** Creates a better-auth user with an email+password credential. Returns the user id. */
export async function createUserWithPassword(input: { email: string; name: string; password: string }): Promise<string> {
  const password = serverPasswordSchema.parse(input.password);
  const ctx = await auth().$context;
  const user = await ctx.internalAdapter.createUser(
    { email: input.email.toLowerCase(), name: input.name, emailVerified: true },
    { method: 'admin' } as never,
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(password),
  });
  return user.id;
}

export async function findUserIdByEmail(email: string): Promise<string | undefined> {
  const ctx = await auth().$context;
  const found = await ctx.internalAdapter.findUserByEmail(email.toLowerCase());
  return found?.user.id;
}

/** Ends every session of the user at once (deactivation, password change by an admin). */
export async function endAllSessions(userId: string): Promise<void> {
  const ctx = await auth().$context;
  await ctx.internalAdapter.deleteUserSessions(userId);
}

export type MemberChange = { membershipId: string } & ({ role: MemberRole } | { active: boolean });

/**
 * An admin changes another member's role or (de)activates them. RLS decides: a non-admin, or
 * an admin touching their own membership, updates nothing and gets `false`.
 */
export async function changeMember(actor: Actor, change: MemberChange): Promise<boolean> {
  const updated = await withUser(actor, (tx) =>
    tx
      .updateTable('memberships')
      .set('role' in change ? { role: change.role } : { deactivated_at: change.active ? null : sql<Date>`now()` })
      .where('id', '=', change.membershipId)
      .returning(['user_id', 'deactivated_at'])
      .executeTakeFirst(),
  );
  if (!updated) return false;
  if (updated.deactivated_at) await endAllSessions(updated.user_id);
  return true;
}
