/** The audit log viewer: filter by record, person, staff member and period; newest first. */
import { z } from 'zod';
import { parseInput } from '../crm/errors';
import { type CrmSession, inUserTransaction } from '../crm/session';

export const auditFilterSchema = z.object({
  record_id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
  person_id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
  actor_id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
  from: z.coerce.date().optional().or(z.literal('').transform(() => undefined)),
  to: z.coerce.date().optional().or(z.literal('').transform(() => undefined)),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listAuditEntries(session: CrmSession, input: unknown) {
  const f = parseInput(auditFilterSchema, input);
  return inUserTransaction(session, async (tx) => {
    let query = tx
      .selectFrom('audit_log')
      .leftJoin('memberships as actor', (join) => join.onRef('actor.org_id', '=', 'audit_log.org_id').onRef('actor.user_id', '=', 'audit_log.actor_id'))
      .select([
        'audit_log.id',
        'audit_log.occurred_at',
        'audit_log.table_name',
        'audit_log.record_id',
        'audit_log.operation',
        'audit_log.changes',
        'audit_log.subject_contact_id',
        'audit_log.subject_lead_id',
        'actor.display_name as actor_name',
      ])
      .where('audit_log.org_id', '=', session.orgId);
    if (f.record_id) query = query.where('audit_log.record_id', '=', f.record_id);
    if (f.person_id) query = query.where((eb) => eb.or([eb('audit_log.subject_contact_id', '=', f.person_id as string), eb('audit_log.subject_lead_id', '=', f.person_id as string)]));
    if (f.actor_id) query = query.where('audit_log.actor_id', '=', f.actor_id);
    if (f.from) query = query.where('audit_log.occurred_at', '>=', f.from);
    if (f.to) query = query.where('audit_log.occurred_at', '<', f.to);
    if (f.before) query = query.where('audit_log.id', '<', String(f.before));
    const rows = await query.orderBy('audit_log.id', 'desc').limit(f.limit + 1).execute();
    const more = rows.length > f.limit;
    const page = more ? rows.slice(0, f.limit) : rows;
    return { rows: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null };
  });
}
