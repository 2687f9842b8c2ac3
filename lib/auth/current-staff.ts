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

export const ACTIVE_ORG_COOKIE = 'cohort_org';

export type StaffSession = CrmSession & {
  name: string;
  role: MemberRole;
  orgName: string;
  /** The organisation lets this person's role export lists (Settings → Organisation). */
  mayExport: boolean;
  /** Every organisation the person works in (the switcher shows them when there is more than one). */
  organizations: { id: string; name: string; role: MemberRole }[];
};

export const currentStaff = cache(async (): Promise<StaffSession | null> => {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const actor = { userId: session.user.id, email: session.user.email };
  const memberships = await withUser(actor, (tx) =>
    tx
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
      .select(['memberships.org_id', 'memberships.role', 'organizations.name as org_name'])
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
  const organizations = memberships.map((m) => ({ id: m.org_id, name: m.org_name, role: m.role }));
  return { ...actor, name: session.user.name, orgId: active.org_id, role: active.role, orgName: active.org_name, mayExport: active.export_roles.includes(active.role), organizations };
});

/** For pages and actions that need a signed-in member: sends everyone else to sign in. */
export async function requireStaff(): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect('/sign-in');
  return staff;
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
