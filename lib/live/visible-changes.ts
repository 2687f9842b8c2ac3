/**
 * Filters a change down to what one viewer may see, by re-reading the ids under their RLS.
 * A viewer is told about a change only if, after it, they can see at least one changed row
 * (deletions and bulk changes carry no row to check and are passed on as "something changed
 * in this table of your organisation").
 */
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Change } from './change-feed';

const watchedTables = new Set([
  'leads', 'contacts', 'accounts', 'opportunities', 'activities', 'enrollments', 'certifications',
  // Marketing (20261121001230): a campaign's row carries its live send progress.
  'segments', 'campaigns', 'sequences', 'sequence_steps', 'sequence_enrollments',
  // The bell (20261202000400): RLS shows a notification to its recipient only.
  'notifications',
  // Export progress (20261202000800): RLS shows an export to its requester only.
  'list_exports',
  // Import progress (20261203000100): RLS shows an import to its importer only.
  'imports',
  // Bulk merge progress (20261209001100): RLS shows a run to the organisation's admins.
  'bulk_merges',
]);

export type VisibleChange = { t: string; op: Change['op']; ids: string[] | null };

export async function visibleTo(session: CrmSession, change: Change): Promise<VisibleChange | null> {
  if (change.org !== session.orgId || !watchedTables.has(change.t)) return null;
  if (change.op === 'delete' || change.bulk || !change.ids) return { t: change.t, op: change.op, ids: null };
  const ids = change.ids;
  const seen = await inUserTransaction(session, (tx) =>
    tx
      .selectFrom(change.t as 'leads')
      .select('id')
      .where('id', 'in', ids)
      .execute(),
  );
  return seen.length ? { t: change.t, op: change.op, ids: seen.map((row) => row.id) } : null;
}
