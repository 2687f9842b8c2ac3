/** What the marketing forms offer to choose from, read under the user's RLS. */
import { definitionsIn } from '../crm/custom-properties';
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
    // Custom selects and yes/no properties a segment can match on, per audience.
    properties: (await definitionsIn(tx, session.orgId))
      .filter((d) => !d.archived && (d.object === 'contact' || d.object === 'lead') && ['single_select', 'multi_select', 'boolean'].includes(d.type))
      .map((d) => ({
        key: d.key,
        label: d.label,
        audience: d.object === 'contact' ? ('contacts' as const) : ('leads' as const),
        options: d.type === 'boolean' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : d.options.map((o) => ({ value: o.value, label: o.label })),
      })),
  }));
}

export async function segmentChoices(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx.selectFrom('segments').select(['id', 'name', 'audience']).where('org_id', '=', session.orgId).orderBy('name').execute(),
  );
}
