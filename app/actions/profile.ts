'use server';

import { revalidatePath } from 'next/cache';
import { cookies, headers } from 'next/headers';
import { type ActionResult, staffAction } from '@/lib/actions';
import { ACTIVE_ORG_COOKIE } from '@/lib/auth/current-staff';
import { changeMyName, changeMyPassword, endMyOtherSessions, endMySession } from '@/lib/auth/profile';
import { validationError } from '@/lib/crm/errors';
import { markRead } from '@/lib/notifications/inbox';
import { THEME_COOKIE, themeSchema } from '@/lib/theme';

const YEAR_SECONDS = 365 * 24 * 3600;

/** Renames the signed-in person everywhere their name shows. */
export async function changeNameAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  return staffAction('changeName', async (staff) => {
    const name = await changeMyName(await headers(), staff, input);
    revalidatePath('/', 'layout');
    return { name };
  });
}

/** Changes the signed-in person's password; their other sessions end. */
export async function changePasswordAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('changePassword', async () => {
    await changeMyPassword(await headers(), input);
    revalidatePath('/profile');
    return null;
  });
}

/** "Sign out everywhere else". */
export async function endOtherSessionsAction(): Promise<ActionResult<null>> {
  return staffAction('endOtherSessions', async () => {
    await endMyOtherSessions(await headers());
    revalidatePath('/profile');
    return null;
  });
}

/** Signs out one of the person's other sessions. */
export async function endSessionAction(sessionId: unknown): Promise<ActionResult<null>> {
  return staffAction('endSession', async () => {
    await endMySession(await headers(), sessionId);
    revalidatePath('/profile');
    return null;
  });
}

/** Works in another of the person's organisations from now on (only one they belong to). */
export async function switchOrganizationAction(orgId: unknown): Promise<ActionResult<{ name: string }>> {
  return staffAction('switchOrganization', async (staff) => {
    const target = staff.organizations.find((o) => o.id === orgId);
    if (!target) throw validationError('You are not a member of that organisation.');
    (await cookies()).set(ACTIVE_ORG_COOKIE, target.id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: YEAR_SECONDS });
    revalidatePath('/', 'layout');
    return { name: target.name };
  });
}

/** Light, dark, or the system's theme, remembered in this browser. */
export async function setThemeAction(theme: unknown): Promise<ActionResult<null>> {
  return staffAction('setTheme', async () => {
    const parsed = themeSchema.safeParse(theme);
    if (!parsed.success) throw validationError('Choose light, dark or system.');
    (await cookies()).set(THEME_COOKIE, parsed.data, { sameSite: 'lax', path: '/', maxAge: YEAR_SECONDS });
    revalidatePath('/', 'layout');
    return null;
  });
}

/** Marks notifications read: the ones opened, or all of them. */
export async function markNotificationsReadAction(which: unknown): Promise<ActionResult<null>> {
  return staffAction('markNotificationsRead', async (staff) => {
    await markRead(staff, which);
    return null;
  });
}
