/**
 * The trash of each list: soft-deleted rows, newest first, as RLS shows them (admins and
 * managers see every deleted row of their organisation). Restoring goes through the bulk
 * action, one row or many.
 */
import { sql } from 'kysely';
import type { BulkEntity } from './bulk.schema';
import { type CrmSession, inUserTransaction } from './session';

export type TrashedRow = { id: string; label: string; detail: string | null; deleted_at: Date };

const person = sql<string>`coalesce(nullif(concat_ws(' ', first_name, last_name), ''), email::text, 'Unnamed')`;

export async function listTrash(session: CrmSession, entity: BulkEntity, limit = 100): Promise<TrashedRow[]> {
  return inUserTransaction(session, async (tx) => {
    const base = (table: BulkEntity) =>
      tx.selectFrom(table).where('org_id', '=', session.orgId).where('deleted_at', 'is not', null).orderBy('deleted_at', 'desc').limit(limit);
    switch (entity) {
      case 'leads':
        return base('leads').select(['id', person.as('label'), 'company_name as detail', 'deleted_at']).execute() as Promise<TrashedRow[]>;
      case 'contacts':
        return base('contacts').select(['id', person.as('label'), sql<string | null>`email::text`.as('detail'), 'deleted_at']).execute() as Promise<TrashedRow[]>;
      case 'accounts':
        return base('accounts').select(['id', 'name as label', 'domain as detail', 'deleted_at']).execute() as Promise<TrashedRow[]>;
      case 'opportunities':
        return base('opportunities').select(['id', 'name as label', sql<string | null>`amount::text || ' ' || currency`.as('detail'), 'deleted_at']).execute() as Promise<TrashedRow[]>;
    }
  });
}
