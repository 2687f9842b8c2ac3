/**
 * "Merge every duplicate by email address" (admins), as a run of the worker: an admin asks
 * for a dry run or the real run (a public.bulk_merges row), the worker's bulk-merge drain
 * (lib/jobs/bulk-merges.ts) takes the organisation's same-mailbox groups a step at a time
 * (mergeEmailDuplicatesIn), and the duplicates page follows its progress live. One run at a
 * time per organisation; a run can be stopped, and the steps it finished stay done.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { ExportStatus, MemberRole } from '../db/types';
import { forbidden, parseInput, validationError } from './errors';
import { id } from './fields';
import type { BulkMergeRefusal } from './merges';
import { type CrmSession, inUserTransaction } from './session';

export const bulkMergeRequestSchema = z.object({ dryRun: z.boolean({ error: 'Say whether this is a dry run.' }) }).strict();

export type BulkMergeRun = {
  id: string;
  dry_run: boolean;
  status: ExportStatus;
  groups_total: number | null;
  groups_done: number;
  merged: number;
  refused_count: number;
  refused: BulkMergeRefusal[];
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
};

const ADMINS_ONLY = 'Only admins merge every duplicate at once.';

/** Asks the worker for a run; refused while another of the organisation's is queued or running. */
export async function requestBulkMerge(session: CrmSession & { role: MemberRole }, input: unknown): Promise<{ id: string }> {
  if (session.role !== 'admin') throw forbidden(ADMINS_ONLY);
  const { dryRun } = parseInput(bulkMergeRequestSchema, input);
  // A second run while one is under way is refused by bulk_merges_one_running (lib/crm/errors.ts says why).
  return inUserTransaction(session, (tx) => tx.insertInto('bulk_merges').values({ org_id: session.orgId, dry_run: dryRun }).returning('id').executeTakeFirstOrThrow());
}

/** The organisation's latest run (RLS: admins see their organisation's), or null. */
export async function latestBulkMerge(session: CrmSession): Promise<BulkMergeRun | null> {
  const row = await inUserTransaction(session, (tx) =>
    tx
      .selectFrom('bulk_merges')
      .select(['id', 'dry_run', 'status', 'groups_total', 'groups_done', 'merged', 'refused_count', 'refused', 'error', 'created_at', 'finished_at'])
      .where('org_id', '=', session.orgId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  return (row as BulkMergeRun | undefined) ?? null;
}

/** Stops a run that is queued or running: the steps it finished stay done (each merge can be undone). */
export async function cancelBulkMerge(session: CrmSession & { role: MemberRole }, runId: unknown): Promise<void> {
  if (session.role !== 'admin') throw forbidden(ADMINS_ONLY);
  const target = parseInput(id('Run'), runId);
  const { rows } = await inUserTransaction(session, (tx) => sql<{ cancelled: boolean | null }>`select private.cancel_bulk_merge(${target}::uuid) as cancelled`.execute(tx));
  if (!rows[0]?.cancelled) throw validationError('This run has already finished.');
}
