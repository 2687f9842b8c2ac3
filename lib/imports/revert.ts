/**
 * Reverting an import within its 30 days, as its importer (RLS applies, as it did to the
 * import): the records it created go to the trash unless someone edited them since, and
 * every field it changed gets its previous value back unless it no longer holds the value the
 * import wrote — those are listed, not overwritten. Resumable: each batch commits with the
 * revert's progress, and the kept rows of a restored record are dropped as it is restored.
 */
import { sql } from 'kysely';
import { asService, becomeService, becomeUser, type Tx, withUser } from '../db/session';
import type { ImportObject } from '../db/types';
import { refusingAlone } from './apply';
import { isTrainingImport, refusalLabels } from './fields';
import type { Requester } from './run';

const BATCH = 1000;
/** Records a revert names as not restored, at most. */
const CONFLICTS_SHOWN = 100;

export type RevertSummary = {
  removed: number;
  kept_edited: number;
  restored: number;
  conflicts: number;
  /** The first records (row of the file, record, fields) not restored because they were edited since. */
  conflicted: { row: number; record_id: string; fields: string[] }[];
};

const emptyRevert = (): RevertSummary => ({ removed: 0, kept_edited: 0, restored: 0, conflicts: 0, conflicted: [] });

/** Whether a stored value is still the one the import wrote (a moment compares as a moment, whatever its notation). */
const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null) ||
  (typeof a === 'string' && typeof b === 'string' && (a.toLowerCase() === b.toLowerCase() || (/^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b) && Date.parse(a) === Date.parse(b))));

export async function revertImport(importId: string, requester: Requester, object: ImportObject): Promise<RevertSummary> {
  const table = sql.table(`public.${object}`);
  const stored = await asService('imports: a revert resumes', (tx) => tx.selectFrom('imports').select('revert_summary').where('id', '=', importId).executeTakeFirstOrThrow());
  const summary: RevertSummary = { ...emptyRevert(), ...(stored.revert_summary as Partial<RevertSummary> | null) };
  const save = (tx: Tx) => tx.updateTable('imports').set({ revert_summary: JSON.stringify(summary) }).where('id', '=', importId).execute();

  // 1. What the import changed: restore what still holds the imported value.
  for (;;) {
    const more = await withUser(requester, async (tx) => {
      await becomeService(tx, 'imports: record a revert');
      const rows = await tx
        .selectFrom('import_rows')
        .select(['row_number', 'record_id', 'previous', 'applied'])
        .where('import_id', '=', importId)
        .where('outcome', '=', 'updated')
        .orderBy('row_number')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return false;
      await becomeUser(tx, requester);
      const ids = rows.map((r) => r.record_id as string);
      const { rows: current } = await sql<{ id: string; row: Record<string, unknown> }>`select id, to_jsonb(t) as row from ${table} t where id = any(${ids}::uuid[])`.execute(tx);
      const byId = new Map(current.map((c) => [c.id, c.row]));
      const patches: Record<string, unknown>[] = [];
      for (const r of rows) {
        const now = byId.get(r.record_id as string);
        const previous = r.previous as Record<string, unknown>;
        const applied = r.applied as Record<string, unknown>;
        if (!now) {
          summary.conflicts += 1;
          if (summary.conflicted.length < CONFLICTS_SHOWN) summary.conflicted.push({ row: r.row_number, record_id: r.record_id as string, fields: ['(record no longer visible)'] });
          continue;
        }
        const patch: Record<string, unknown> = { id: r.record_id };
        const custom: Record<string, unknown> = {};
        const conflicted: string[] = [];
        for (const [field, before] of Object.entries(previous)) {
          const nowValue = field.startsWith('custom.') ? (now.custom as Record<string, unknown>)?.[field.slice(7)] : now[field];
          if (!same(nowValue, applied[field])) conflicted.push(field);
          else if (field.startsWith('custom.')) custom[field.slice(7)] = before;
          else patch[field] = before;
        }
        if (Object.keys(custom).length) patch.custom = custom;
        if (Object.keys(patch).length > 1) patches.push(patch);
        if (conflicted.length) {
          summary.conflicts += 1;
          if (summary.conflicted.length < CONFLICTS_SHOWN) summary.conflicted.push({ row: r.row_number, record_id: r.record_id as string, fields: conflicted });
        }
      }
      if (patches.length) {
        const columns = [...new Set(patches.flatMap((p) => Object.keys(p)))].filter((c) => c !== 'id' && c !== 'custom');
        const assignments = columns.map((c) => sql`${sql.ref(c)} = case when r.d ? ${c} then (r.p).${sql.ref(c)} else t.${sql.ref(c)} end`);
        // A custom value that was not there before is removed; one that was, is put back.
        const customSql = sql`custom = case when r.d ? 'custom' then (t.custom || jsonb_strip_nulls(r.d -> 'custom')) - array(select k from jsonb_each(r.d -> 'custom') e(k, v) where v = 'null'::jsonb) else t.custom end`;
        const withCustom = patches.some((p) => 'custom' in p);
        // A value the database no longer takes back (the seat went to someone else, a rule of the
        // record) is refused for that record alone, and listed; the rest is restored.
        const refused = await refusingAlone(tx, patches, async (items) => {
          const { rows: written } = await sql<{ id: string }>`
            update ${table} as t set ${sql.join(withCustom ? [...assignments, customSql] : assignments)}
              from (select x.d, jsonb_populate_record(null::${table}, x.d - 'custom') as p from jsonb_array_elements(${JSON.stringify(items)}::jsonb) x(d)) r
             where t.id = (r.p).id
            returning t.id`.execute(tx);
          if (written.length < items.length) throw Object.assign(new Error('not permitted'), { code: '42501' });
        });
        summary.restored += patches.length - refused.length;
        for (const { item, reason } of refused) {
          summary.conflicts += 1;
          const row = rows.find((r) => r.record_id === item.id)?.row_number ?? 0;
          if (summary.conflicted.length < CONFLICTS_SHOWN) summary.conflicted.push({ row, record_id: item.id as string, fields: [`(not restored: ${refusalLabels[reason] ?? reason})`] });
        }
      }
      await becomeService(tx, 'imports: record a revert');
      await tx.deleteFrom('import_rows').where('import_id', '=', importId).where('outcome', '=', 'updated').where('row_number', '<=', rows[rows.length - 1]?.row_number as number).execute();
      await save(tx);
      return rows.length === BATCH;
    });
    if (!more) break;
  }

  // 2. What the import created: records to the trash, training records removed (they have no
  // trash), unless edited since they were created. Bookings and certificates created people
  // too; a person stays while they hold a booking or certificate the revert did not remove, or
  // has since become part of the team's work (an activity, a deal).
  const heldByThem = sql`(exists (select 1 from public.enrollments e where e.contact_id = t.id)
    or exists (select 1 from public.certifications c where c.contact_id = t.id)
    or exists (select 1 from public.activities a where a.contact_id = t.id and a.deleted_at is null)
    or exists (select 1 from public.opportunities o where o.primary_contact_id = t.id and o.deleted_at is null))`;
  // A booking stays while results or certificates were recorded for it since.
  const recordedSince = sql`(exists (select 1 from public.exam_results r where r.enrollment_id = t.id) or exists (select 1 from public.certifications c where c.enrollment_id = t.id))`;
  const creations: { table: string; remove: 'trash' | 'delete'; unless?: typeof heldByThem }[] = isTrainingImport(object)
    ? [{ table: object, remove: 'delete', ...(object === 'enrollments' ? { unless: recordedSince } : {}) }, ...(object === 'exam_results' ? [] : [{ table: 'contacts', remove: 'trash' as const, unless: heldByThem }])]
    : [{ table: object, remove: 'trash' }];
  summary.kept_edited = 0;
  for (const { table: name, remove, unless } of creations) {
    const created = sql.table(`public.${name}`);
    for (;;) {
      const removed = await withUser(requester, async (tx) => {
        const picked = sql`select t.id from ${created} t where t.import_id = ${importId}::uuid ${remove === 'trash' ? sql`and t.deleted_at is null` : sql``}
          and t.updated_at = t.created_at ${unless ? sql`and not ${unless}` : sql``} limit ${BATCH}`;
        const { rows } =
          remove === 'trash'
            ? await sql<{ id: string }>`update ${created} set deleted_at = now(), deleted_by = ${requester.userId}::uuid where id in (${picked}) returning id`.execute(tx)
            : await sql<{ id: string }>`delete from ${created} where id in (${picked}) returning id`.execute(tx);
        summary.removed += rows.length;
        await becomeService(tx, 'imports: record a revert');
        await save(tx);
        return rows.length;
      });
      if (removed < BATCH) break;
    }
    const kept = await withUser(requester, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from ${created} where import_id = ${importId}::uuid ${remove === 'trash' ? sql`and deleted_at is null` : sql``}`.execute(tx),
    );
    summary.kept_edited += kept.rows[0]?.n ?? 0;
  }
  await asService('imports: a revert ends', (tx) =>
    tx.updateTable('imports').set({ status: 'reverted', reverted_at: new Date(), revert_summary: JSON.stringify(summary) }).where('id', '=', importId).where('status', '=', 'reverting').execute(),
  );
  return summary;
}
