/**
 * The admin's view of their team: members with roles, open invitations, and password-reset
 * links for a member. Reads run under the admin's RLS; invitations are visible to admins only.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { forbidden, notFound, parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService } from '../db/session';
import { auth } from './auth';
import { takePasswordResetLink } from './links';

export async function listTeam(session: CrmSession) {
  return inUserTransaction(session, async (tx) => {
    const members = await tx
      .selectFrom('memberships')
      .select(['id', 'user_id', 'display_name', 'email', 'role', 'deactivated_at'])
      .where('org_id', '=', session.orgId)
      .orderBy('display_name')
      .execute();
    const invitations = await tx
      .selectFrom('invitations')
      .select(['id', 'email', 'role', 'expires_at'])
      .where('org_id', '=', session.orgId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    return { members, invitations };
  });
}

/**
 * Produces a password-reset link for a member of an organisation the caller administers.
 * better-auth's tables are outside RLS, so the admin check is made here, against memberships
 * read under the caller's RLS. A person who also belongs to another organisation is refused:
 * their account is not this admin's to take over, so only they may reset it (the reset email
 * still reaches them).
 */
export async function passwordResetLinkFor(session: CrmSession, membershipId: string): Promise<string> {
  parseInput(z.uuid(), membershipId);
  const member = await inUserTransaction(session, async (tx) => {
    const caller = await tx
      .selectFrom('memberships')
      .select('role')
      .where('org_id', '=', session.orgId)
      .where('user_id', '=', session.userId)
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    if (caller?.role !== 'admin') throw forbidden('Only admins can reset a team member’s password.');
    return tx
      .selectFrom('memberships')
      .select(['email', 'user_id'])
      .where('id', '=', membershipId)
      .where('org_id', '=', session.orgId)
      .executeTakeFirst();
  });
  if (!member) throw notFound('Team member');
  const elsewhere = await asService('team: is the member also in another organisation?', (tx) =>
    tx.selectFrom('memberships').select('id').where('user_id', '=', member.user_id).where('org_id', '<>', session.orgId).executeTakeFirst(),
  );
  if (elsewhere) {
    throw forbidden('This person also belongs to another organisation on Cohort, so only they can reset their password: ask them to use “Forgot password?” on the sign-in page.');
  }
  await auth().api.requestPasswordReset({ body: { email: member.email, redirectTo: '/reset-password' } });
  const link = takePasswordResetLink(member.email);
  if (!link) throw new Error(`better-auth produced no reset link for membership ${membershipId}`);
  return link;
}

/** The members of the admin's organisation who sign in with a second factor (private.two_factor_members: admins only). */
export async function twoFactorMembers(session: CrmSession): Promise<Set<string>> {
  return inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ id: string }>`select id from private.two_factor_members(${session.orgId}) as id`.execute(tx);
    return new Set(rows.map((row) => row.id));
  });
}
