'use server';

import { revalidatePath } from 'next/cache';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { type ActionResult, staffAction } from '@/lib/actions';
import { auth } from '@/lib/auth/auth';
import { ACTIVE_ORG_COOKIE } from '@/lib/auth/current-staff';
import { acceptInvitation, acceptInvitationAsUser, inviteStaff } from '@/lib/auth/invitations';
import { unlockMember } from '@/lib/auth/sign-in-lockout';
import { changeMember, memberRoleSchema } from '@/lib/auth/staff';
import { passwordResetLinkFor } from '@/lib/auth/team';
import { CrmError, type FieldErrors, forbidden } from '@/lib/crm/errors';

export async function inviteStaffAction(input: { email: string; role: string }): Promise<ActionResult<{ url: string }>> {
  return staffAction('inviteStaff', async (staff) => {
    const result = await inviteStaff(staff, input);
    revalidatePath('/settings/team');
    return result;
  });
}

export async function changeRoleAction(membershipId: string, role: string): Promise<ActionResult<null>> {
  return staffAction('changeRole', async (staff) => {
    const changed = await changeMember(staff, { membershipId, role: memberRoleSchema.parse(role) });
    if (!changed) throw forbidden('Only admins can change roles, and never their own.');
    revalidatePath('/settings/team');
    return null;
  });
}

export async function setMemberActiveAction(membershipId: string, active: boolean): Promise<ActionResult<null>> {
  return staffAction('setMemberActive', async (staff) => {
    const changed = await changeMember(staff, { membershipId, active });
    if (!changed) throw forbidden('Only admins can deactivate members, and never themselves.');
    revalidatePath('/settings/team');
    return null;
  });
}

export async function passwordResetLinkAction(membershipId: string): Promise<ActionResult<{ url: string }>> {
  return staffAction('passwordResetLink', async (staff) => ({ url: await passwordResetLinkFor(staff, membershipId) }));
}

export async function unlockMemberAction(membershipId: string): Promise<ActionResult<{ unlocked: boolean }>> {
  return staffAction('unlockMember', async (staff) => {
    const unlocked = await unlockMember(staff, membershipId);
    revalidatePath('/settings/team');
    return { unlocked };
  });
}

/** Public: the invitee has no session yet; the token is their authority. */
export async function acceptInvitationAction(
  token: string,
  input: { name: string; password: string },
): Promise<{ message: string; fieldErrors: FieldErrors } | undefined> {
  try {
    await acceptInvitation(token, input);
  } catch (error) {
    if (error instanceof CrmError) return { message: error.message, fieldErrors: error.fieldErrors };
    console.error('[action acceptInvitation] failed', error);
    return { message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
  redirect('/sign-in?welcome=1');
}

/** The signed-in person joins the organisation of an invitation made out to their address. */
export async function acceptInvitationAsUserAction(token: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return { ok: false, message: 'Sign in first, then open the invitation link again.' };
  try {
    const { orgId } = await acceptInvitationAsUser(String(token), { id: session.user.id, email: session.user.email, name: session.user.name });
    // They arrive in the organisation they just joined.
    (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, { httpOnly: true, sameSite: 'lax', path: '/' });
    return { ok: true };
  } catch (error) {
    if (error instanceof CrmError) return { ok: false, message: error.message };
    console.error('[action acceptInvitationAsUser] failed', error);
    return { ok: false, message: 'Something went wrong on our side. Please try again.' };
  }
}
