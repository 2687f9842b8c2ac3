/**
 * The signed-in staff member of this request, with the organisation they are working in.
 * Role is returned only so the UI can hide what the user may not do; RLS enforces it anyway.
 */
import { sql } from 'kysely';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { CrmSession } from '../crm/session';
import { withUser } from '../db/session';
import type { MemberRole } from '../db/types';
import { auth } from './auth';
import { TWO_FACTOR_ROLES } from './two-factor';

export const ACTIVE_ORG_COOKIE = 'cohort_org';

export type StaffSession = CrmSession & {
  name: string;
  role: MemberRole;
  orgName: string;
  /** The organisation lets this person's role export lists (Settings → Organisation). */
  mayExport: boolean;
  /** Every organisation the person works in (the switcher shows them when there is more than one). */
  organizations: { id: string; name: string; role: MemberRole; requiresTwoFactor: boolean }[];
  /** They sign in with a second factor (Profile → Two-factor sign-in). */
  twoFactorEnabled: boolean;
  /** Their organisation requires a second factor of their role and they have none yet: until they set one up, they may do nothing else. */
  twoFactorPending: boolean;
};

/** The signed-in member, whether or not they still owe a second factor (the setup page needs them either way). */
export const currentMember = cache(async (): Promise<StaffSession | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const actor = { userId: session.user.id, email: session.user.email };
  const memberships = await withUser(actor, (tx) =>
    tx
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
      .select(['memberships.org_id', 'memberships.role', 'organizations.name as org_name', 'organizations.require_two_factor'])
      // text[]: pg hands an enum array over as a string.
      .select(sql<MemberRole[]>`organizations.export_roles::text[]`.as('export_roles'))
      .where('memberships.user_id', '=', actor.userId)
      .where('memberships.deactivated_at', 'is', null)
      .orderBy('organizations.name')
      .execute(),
  );
  const preferred = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const active = memberships.find((m) => m.org_id === preferred) ?? memberships[0];
  if (!active) return null;
  const organizations = memberships.map((m) => ({ id: m.org_id, name: m.org_name, role: m.role, requiresTwoFactor: m.require_two_factor }));
  const twoFactorEnabled = session.user.twoFactorEnabled === true;
  return {
    ...actor,
    name: session.user.name,
    orgId: active.org_id,
    role: active.role,
    orgName: active.org_name,
    mayExport: active.export_roles.includes(active.role),
    organizations,
    twoFactorEnabled,
    twoFactorPending: active.require_two_factor && TWO_FACTOR_ROLES.includes(active.role) && !twoFactorEnabled,
  };
});

/** The signed-in member who may work: null too while they owe their organisation a second factor (routes answer 401). */
export const currentStaff = cache(async (): Promise<StaffSession | null> => {
  const member = await currentMember();
  return member && !member.twoFactorPending ? member : null;
});

/**
 * For pages and actions that need a signed-in member: sends everyone else to sign in, and a
 * member who owes their organisation a second factor to set one up first.
 */
export async function requireStaff(): Promise<StaffSession> {
  const member = await currentMember();
  if (!member) redirect('/sign-in');
  if (member.twoFactorPending) redirect('/two-factor');
  return member;
}

/**
 * Roles that create and edit leads, contacts, accounts and opportunities, and so import them
 * (RLS has the final word, row by row; imports_insert agrees).
 */
export const canWriteRecords = (role: MemberRole) => role === 'admin' || role === 'manager' || role === 'sales';
/** Imports training records (attendee sheets, exam results, certificates): the roles that run the training operation (imports_insert agrees). */
export const canImportTrainingRecords = (role: MemberRole) => role === 'admin' || role === 'manager';
/** Exports the lists it can see: the roles its organisation allows (the database decides too: private.may_export). */
export const canExport = (staff: Pick<StaffSession, 'mayExport'>) => staff.mayExport;
/** Roles that see deleted rows (RLS shows sales reps only live ones), so have a trash to restore from. */
export const canSeeTrash = (role: MemberRole) => role === 'admin' || role === 'manager';
