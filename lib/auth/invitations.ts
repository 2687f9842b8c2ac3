/**
 * Staff invitations. An admin invites an email with a role (under their own RLS: only admins
 * may). The link carries a random token of which only a hash is stored; whoever opens it
 * chooses a name and password, and joins the organisation with the invited role.
 */

import { sql } from 'kysely';
import { CrmError, parseInput, validationError } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService, type Tx } from '../db/session';
import type { MemberRole } from '../db/types';
import { hashBearerToken, looksLikeBearerToken, newBearerToken } from './bearer-tokens';
import { serverPasswordSchema } from './common-passwords';
import { acceptInvitationSchema, invitationSchema } from './invitation.schema';
import { emailInvitationLink, logBearerLinkInDevelopment } from './links';
import { createUserWithPassword, findUserIdByEmail } from './staff';

const INVITATION_DAYS = 7;


export function invitationUrl(token: string): string {
  return `${process.env.BETTER_AUTH_URL ?? 'http://localhost:3000'}/invite/${token}`;
}

/**
 * Creates an invitation, emails its link (staff-invitation, in the background) and returns
 * the link: shown to the admin who invited, so it still reaches the invitee when email is down.
 */
export async function inviteStaff(session: CrmSession, input: unknown): Promise<{ url: string }> {
  const { email, role } = parseInput(invitationSchema, input);
  const token = newBearerToken();
  const invitation = await inUserTransaction(session, async (tx) => {
    const member = await tx
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', session.orgId)
      .where('email', '=', email)
      .executeTakeFirst();
    if (member) throw validationError('This person is already a member.', { email: ['Already a member.'] });
    const inviter = await tx
      .selectFrom('memberships')
      .select('display_name')
      .where('org_id', '=', session.orgId)
      .where('user_id', '=', session.userId)
      .executeTakeFirst();
    const created = await tx
      .insertInto('invitations')
      .values({
        org_id: session.orgId,
        email,
        role,
        token_hash: hashBearerToken(token),
        expires_at: sql<Date>`now() + make_interval(days => ${INVITATION_DAYS})`,
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    return { ...created, inviterName: inviter?.display_name ?? session.email };
  });
  const url = invitationUrl(token);
  logBearerLinkInDevelopment('invitation link', email, url);
  emailInvitationLink({ orgId: session.orgId, invitationId: invitation.id, email, role, inviterName: invitation.inviterName, url, expiresAt: invitation.expires_at });
  return { url };
}

export type OpenInvitation = { id: string; email: string; role: string; orgId: string; orgName: string };

/** The open invitation behind a link, or null when it is unknown, used, revoked or expired. */
export async function findOpenInvitation(token: string): Promise<OpenInvitation | null> {
  if (!looksLikeBearerToken(token)) return null;
  return asService('invitations: show an invitation to the holder of its link', async (tx) => {
    const row = await tx
      .selectFrom('invitations')
      .innerJoin('organizations', 'organizations.id', 'invitations.org_id')
      .select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.org_id', 'organizations.name'])
      .where('invitations.token_hash', '=', hashBearerToken(token))
      .where('invitations.accepted_at', 'is', null)
      .where('invitations.revoked_at', 'is', null)
      .where('invitations.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row ? { id: row.id, email: row.email, role: row.role, orgId: row.org_id, orgName: row.name } : null;
  });
}

const acceptWithNewAccountSchema = acceptInvitationSchema.extend({ password: serverPasswordSchema });

/** Said whenever a new account cannot be made for an invitation: it tells nobody (an admin holding the link, say) whether the address already has an account. */
export const SIGN_IN_TO_ACCEPT = 'Cohort cannot set up a new account for this invitation. If you already use Cohort with this address, sign in and open the invitation link again.';

/** The open invitation of `token`, locked: a link used twice at the same moment is accepted once. */
async function lockOpenInvitation(tx: Tx, token: string) {
  const invitation = await tx
    .selectFrom('invitations')
    .select(['id', 'org_id', 'email', 'role'])
    .where('token_hash', '=', hashBearerToken(token))
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!invitation) throw new CrmError('not_found', 'This invitation link is no longer valid. Ask your admin for a new one.');
  return invitation;
}

async function join(tx: Tx, invitation: { id: string; org_id: string; email: string; role: MemberRole }, user: { id: string; name: string }) {
  await tx
    .insertInto('memberships')
    .values({ org_id: invitation.org_id, user_id: user.id, role: invitation.role, display_name: user.name, email: invitation.email })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
    .execute();
  await tx.updateTable('invitations').set({ accepted_at: sql<Date>`now()`, accepted_by: user.id }).where('id', '=', invitation.id).execute();
}

/** Accepts an invitation with a new account: creates the staff account and the membership. */
export async function acceptInvitation(token: string, input: unknown): Promise<{ email: string }> {
  const { name, password } = parseInput(acceptWithNewAccountSchema, input);
  return asService('invitations: a new staff member accepts their invitation', async (tx) => {
    const invitation = await lockOpenInvitation(tx, token);
    if (await findUserIdByEmail(invitation.email)) throw validationError(SIGN_IN_TO_ACCEPT);
    const userId = await createUserWithPassword({ email: invitation.email, name, password });
    await join(tx, invitation, { id: userId, name });
    return { email: invitation.email };
  });
}

/**
 * Accepts an invitation as the person already signed in with the invited address: someone who
 * works in another organisation joins this one too. Their consent is this click.
 */
export async function acceptInvitationAsUser(token: string, user: { id: string; email: string; name: string }): Promise<{ orgId: string }> {
  return asService('invitations: a signed-in person accepts an invitation to another organisation', async (tx) => {
    const invitation = await lockOpenInvitation(tx, token);
    if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new CrmError('forbidden', `This invitation is for ${invitation.email}. Sign out, then open the link again to accept it.`);
    }
    await join(tx, invitation, { id: user.id, name: user.name.trim() || invitation.email });
    return { orgId: invitation.org_id };
  });
}
