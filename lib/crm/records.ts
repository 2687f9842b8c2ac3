/**
 * Write steps every main CRM object shares: versioned update, soft delete and restore.
 * They run inside a service's user transaction, so RLS decides what each may touch; when a
 * write touches no row, we look again to tell the user why (gone, changed, or not allowed).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import { conflict, forbidden, notFound } from './errors';

export type MainTable = 'leads' | 'contacts' | 'accounts' | 'opportunities' | 'activities' | 'courses' | 'course_sessions' | 'enrollments';

/** Tables whose rows are cancelled rather than trashed: they have no deleted_at. */
const withoutTrash: ReadonlySet<MainTable> = new Set(['enrollments']);
type TrashableTable = Exclude<MainTable, 'enrollments'>;

/** Human name of a record kind, for messages ("Lead was not found…"). */
const recordLabel: Record<MainTable, string> = {
  leads: 'Lead',
  contacts: 'Contact',
  accounts: 'Account',
  opportunities: 'Opportunity',
  activities: 'Activity',
  courses: 'Course',
  course_sessions: 'Session',
  enrollments: 'Enrollment',
};

// Kysely's types cannot follow a table chosen at run time; these steps touch only columns
// every MainTable has (id, updated_at; deleted_at, deleted_by unless it is withoutTrash).
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyTx = Tx & { updateTable(table: string): any; selectFrom(table: string): any };

async function explainMissedWrite(tx: Tx, table: MainTable, id: string, expectedUpdatedAt?: Date): Promise<never> {
  const row = (await (tx as AnyTx)
    .selectFrom(table)
    .select(sql<string>`date_trunc('milliseconds', updated_at)`.as('version'))
    .where('id', '=', id)
    .executeTakeFirst()) as { version: Date } | undefined;
  if (!row) throw notFound(recordLabel[table]);
  if (expectedUpdatedAt && new Date(row.version).getTime() !== expectedUpdatedAt.getTime()) {
    throw conflict(`Someone else saved this ${recordLabel[table].toLowerCase()} after you opened it. Reload to see their changes.`);
  }
  throw forbidden(`You do not have permission to change this ${recordLabel[table].toLowerCase()}.`);
}

/**
 * Updates a row only if it is still the version the user edited (optimistic concurrency).
 * Returns the new updated_at.
 */
export async function updateVersioned(
  tx: Tx,
  table: MainTable,
  id: string,
  expectedUpdatedAt: Date,
  values: Record<string, unknown>,
): Promise<Date> {
  let update = (tx as AnyTx).updateTable(table).set(values).where('id', '=', id);
  if (!withoutTrash.has(table)) update = update.where('deleted_at', 'is', null);
  const row = (await update
    .where(sql`date_trunc('milliseconds', updated_at)`, '=', expectedUpdatedAt)
    .returning('updated_at')
    .executeTakeFirst()) as { updated_at: Date } | undefined;
  if (!row) return explainMissedWrite(tx, table, id, expectedUpdatedAt);
  return row.updated_at;
}

/** Updates a live row without a version check (assignments, status changes from lists). */
export async function updateLive(tx: Tx, table: TrashableTable, id: string, values: Record<string, unknown>): Promise<void> {
  const row = await (tx as AnyTx)
    .updateTable(table)
    .set(values)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) await explainMissedWrite(tx, table, id);
}

/** Moves a row to the trash; it stays restorable by admins, managers and its owner. */
export async function softDelete(tx: Tx, table: TrashableTable, id: string, userId: string): Promise<void> {
  const row = await (tx as AnyTx)
    .updateTable(table)
    .set({ deleted_at: sql`now()`, deleted_by: userId })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) await explainMissedWrite(tx, table, id);
}

export async function restore(tx: Tx, table: TrashableTable, id: string): Promise<void> {
  const row = await (tx as AnyTx)
    .updateTable(table)
    // Restored by hand, a record merged into another is its own again (its page no longer leads to the survivor).
    .set({ deleted_at: null, deleted_by: null, ...(table === 'opportunities' ? {} : { merged_into: null }) })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) await explainMissedWrite(tx, table, id);
}
