/** Tags of the organisation, for filters and bulk tagging. */
import { type CrmSession, inUserTransaction } from './session';

export async function listTags(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx.selectFrom('tags').select(['id', 'name', 'color']).where('org_id', '=', session.orgId).orderBy('name').execute(),
  );
}
