/** The organisation's team as the CRM shows it: who can own records. */
import type { MemberRole } from '../db/types';
import { type CrmSession, inUserTransaction } from './session';

export type Member = { user_id: string; display_name: string; role: string };

/** Active members, for owner pickers and filters (RLS: members see their own team). */
export async function listMembers(session: CrmSession): Promise<Member[]> {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('memberships')
      .select(['user_id', 'display_name', 'role'])
      .where('org_id', '=', session.orgId)
      .where('deactivated_at', 'is', null)
      .orderBy('display_name')
      .execute(),
  );
}

/**
 * Who may be chosen as a record's owner: anyone in the team for admins and managers; a sales rep
 * may hand a record only to themselves or to nobody (RLS refuses anything else).
 */
export function ownerOptions(role: MemberRole, userId: string, members: Member[]): [string, string][] {
  const team = role === 'sales' ? members.filter((m) => m.user_id === userId) : members;
  return [['', 'Unassigned'], ...team.map((m): [string, string] => [m.user_id, m.display_name])];
}
