/**
 * Bulk actions on selected leads. Each lead is changed in its own savepoint, so a lead the
 * user may not touch is refused (with the reason) without undoing the others; the caller
 * gets a summary of what changed and what was refused.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import { leadBulkSchema } from './bulk.schema';
import { CrmError, parseInput, translateDbError } from './errors';
import { restore, softDelete, updateLive } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type BulkResult = { changed: string[]; refused: { id: string; reason: string }[] };

type LeadBulk = ReturnType<typeof leadBulkSchema.parse>;

async function applyOne(tx: Tx, session: CrmSession, id: string, action: LeadBulk['action']): Promise<void> {
  switch (action.kind) {
    case 'assign':
      return updateLive(tx, 'leads', id, { owner_id: action.owner_id });
    case 'status':
      return updateLive(tx, 'leads', id, { status: action.status });
    case 'trash':
      return softDelete(tx, 'leads', id, session.userId);
    case 'restore':
      return restore(tx, 'leads', id);
    case 'tag': {
      if (action.remove) {
        await tx.deleteFrom('taggings').where('tag_id', '=', action.tag_id).where('lead_id', '=', id).execute();
        return;
      }
      await tx
        .insertInto('taggings')
        .values({ org_id: session.orgId, tag_id: action.tag_id, lead_id: id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

export async function bulkUpdateLeads(session: CrmSession, input: unknown): Promise<BulkResult> {
  const { ids, action } = parseInput(leadBulkSchema, input);
  return inUserTransaction(session, async (tx) => {
    const result: BulkResult = { changed: [], refused: [] };
    for (const id of new Set(ids)) {
      await sql`savepoint bulk_item`.execute(tx);
      try {
        await applyOne(tx, session, id, action);
        await sql`release savepoint bulk_item`.execute(tx);
        result.changed.push(id);
      } catch (error) {
        await sql`rollback to savepoint bulk_item`.execute(tx);
        const known = translateDbError(error);
        if (!(known instanceof CrmError)) throw error;
        result.refused.push({ id, reason: known.message });
      }
    }
    return result;
  });
}
