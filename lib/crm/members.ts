/** The organisation's team as the CRM shows it: who can own records. */
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
