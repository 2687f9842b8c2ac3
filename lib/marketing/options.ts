/** What the marketing forms offer to choose from, read under the user's RLS. */
import { type CrmSession, inUserTransaction } from '../crm/session';

export async function segmentBuilderOptions(session: CrmSession) {
  return inUserTransaction(session, async (tx) => ({
    tags: await tx.selectFrom('tags').select(['id', 'name']).where('org_id', '=', session.orgId).orderBy('name').execute(),
    accounts: await tx
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .limit(500)
      .execute(),
    courses: await tx.selectFrom('courses').select(['id', 'title']).where('org_id', '=', session.orgId).where('deleted_at', 'is', null).orderBy('title').execute(),
  }));
}

export async function segmentChoices(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx.selectFrom('segments').select(['id', 'name', 'audience']).where('org_id', '=', session.orgId).orderBy('name').execute(),
  );
}
