/**
 * Bulk actions on selected rows of the leads, contacts, accounts and opportunities lists. Each
 * row is changed in its own savepoint, so a row the user may not touch is refused (with the
 * reason) without undoing the others; the caller gets a summary of what changed and what was
 * refused. Who may change what is left to RLS.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import { type BulkAction, type BulkEntity, bulkSchemas } from './bulk.schema';
import { CrmError, notFound, parseInput, translateDbError } from './errors';
import { restore, softDelete, updateLive } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type BulkResult = { changed: string[]; refused: { id: string; reason: string }[] };

/** The taggings column that points at each kind of record. */
const taggedBy = { leads: 'lead_id', contacts: 'contact_id', accounts: 'account_id', opportunities: 'opportunity_id' } as const;
const recordNames = { leads: 'Lead', contacts: 'Contact', accounts: 'Account', opportunities: 'Opportunity' } as const;

async function applyOne(tx: Tx, session: CrmSession, entity: BulkEntity, id: string, action: BulkAction): Promise<void> {
  switch (action.kind) {
    case 'assign':
      return updateLive(tx, entity, id, { owner_id: action.owner_id });
    case 'status':
      return updateLive(tx, entity, id, { status: action.status });
    case 'trash':
      return softDelete(tx, entity, id, session.userId);
    case 'restore':
      return restore(tx, entity, id);
    case 'tag': {
      const column = taggedBy[entity];
      // A record the caller cannot see is refused, not reported as changed: untagging it would
      // otherwise delete nothing and look like a success.
      const visible = await tx.selectFrom(entity).select('id').where('id', '=', id).executeTakeFirst();
      if (!visible) throw notFound(recordNames[entity]);
      if (action.remove) {
        await tx.deleteFrom('taggings').where('tag_id', '=', action.tag_id).where(column, '=', id).execute();
        return;
      }
      await tx
        .insertInto('taggings')
        .values({ org_id: session.orgId, tag_id: action.tag_id, [column]: id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

export async function bulkUpdate(session: CrmSession, entity: BulkEntity, input: unknown): Promise<BulkResult> {
  const { ids, action } = parseInput(bulkSchemas[entity], input) as { ids: string[]; action: BulkAction };
  return inUserTransaction(session, async (tx) => {
    const result: BulkResult = { changed: [], refused: [] };
    for (const id of new Set(ids)) {
      await sql`savepoint bulk_item`.execute(tx);
      try {
        await applyOne(tx, session, entity, id, action);
        await sql`release savepoint bulk_item`.execute(tx);
        result.changed.push(id);
      } catch (error) {
        await sql`rollback to savepoint bulk_item`.execute(tx);
        const known = translateDbError(error);
        // Not this record's fault (a bug, or a database out of space or reach): the whole call fails.
        if (!(known instanceof CrmError) || known.kind === 'unavailable') throw known;
        result.refused.push({ id, reason: known.message });
      }
    }
    return result;
  });
}
