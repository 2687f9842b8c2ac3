/**
 * bulk-merge-drain: runs the requested "merge every duplicate by email address" runs and
 * their dry runs (lib/crm/bulk-merges.ts), a step of BULK_MERGE_GROUPS groups at a time.
 *
 * Each step is one transaction under the requesting admin's RLS that does the step's merges
 * and then, as the service, checks the run is still where the step started (not cancelled,
 * not stepped by another drain) and records its progress and cursor — so the merges and the
 * count of them commit together: a worker killed mid-step loses the step whole and does it
 * again; nothing is merged or counted twice. A dry run does its merges under a savepoint it
 * rolls back before recording, so its counts are the real run's. A turn is bounded in time;
 * a run left unfinished queues the drain again (stately: it runs right after). A turn takes
 * at least one step.
 */
import { sql } from 'kysely';
import type { BulkMergeRefusal } from '../crm/merges';
import { mergeEmailDuplicatesIn } from '../crm/merges';
import { asService, becomeService, withUser } from '../db/session';
import { nudge } from './boss';
import type { WorkerContext } from './context';
import type { Handler } from './handler';

/** Refusals a run keeps to show (the count says how many there were). */
export const BULK_MERGE_REFUSALS_KEPT = 100;
const TURN_MS = 20_000;

type Pending = { id: string; org_id: string; requested_by: string; dry_run: boolean; status: string; groups_done: number; refused_count: number; resume_after: string | null; groups_total: number | null };

/** Why a step's record was not kept: the run was cancelled, or moved on, meanwhile. */
const movedOn = new Error('the run moved on');

export function bulkMergeDrainer(ctx: Pick<WorkerContext, 'boss'>, turnMs = TURN_MS): Handler<'bulkMergeDrain'> {
  return async () => {
    const pending = (await asService('jobs: the bulk merges to run', (tx) =>
      tx
        .selectFrom('bulk_merges')
        .select(['id', 'org_id', 'requested_by', 'dry_run', 'status', 'groups_done', 'refused_count', 'resume_after', 'groups_total'])
        .where('status', 'in', ['queued', 'running'])
        .orderBy('created_at')
        .execute(),
    )) as Pending[];
    let steps = 0;
    let unfinished = 0;
    for (const run of pending) {
      const turn = await runTurn(run, turnMs).catch(async (error: unknown) => {
        // A run that cannot go on (its admin left or lost the role, a database error) fails
        // for good, in words for the admin; the steps it finished stay done.
        const message = error instanceof RunStopped ? error.message : 'The merge stopped on an error. Run it again to carry on; if it stops again, tell your system administrator.';
        console.error(`[jobs] bulk merge ${run.id} failed:`, error instanceof Error ? error.message : error);
        await asService('jobs: a bulk merge failed', (tx) =>
          tx.updateTable('bulk_merges').set({ status: 'failed', error: message, finished_at: new Date() }).where('id', '=', run.id).where('status', 'in', ['queued', 'running']).execute(),
        );
        return { steps: 0, finished: true };
      });
      steps += turn.steps;
      if (!turn.finished) unfinished += 1;
    }
    if (unfinished > 0) await nudge(ctx.boss, 'bulkMergeDrain');
    return { status: 'completed', output: { runs: pending.length, steps, unfinished } };
  };
}

class RunStopped extends Error {}

async function runTurn(run: Pending, turnMs: number): Promise<{ steps: number; finished: boolean }> {
  const member = await asService('jobs: who asked for a bulk merge', (tx) =>
    tx.selectFrom('memberships').select(['email', 'role']).where('org_id', '=', run.org_id).where('user_id', '=', run.requested_by).where('deactivated_at', 'is', null).executeTakeFirst(),
  );
  if (member?.role !== 'admin') throw new RunStopped('The admin who asked for this merge is no longer an admin of the organisation.');
  const admin = { userId: run.requested_by, email: member.email, orgId: run.org_id };
  await asService('jobs: a bulk merge starts', (tx) =>
    tx.updateTable('bulk_merges').set({ status: 'running', started_at: new Date() }).where('id', '=', run.id).where('status', '=', 'queued').execute(),
  );

  let { groups_done: done, refused_count: refusedCount, resume_after: after, groups_total: total } = run;
  const started = Date.now();
  let steps = 0;
  for (;;) {
    const recorded = await withUser(admin, async (tx) => {
      if (run.dry_run) await sql`savepoint dry_run`.execute(tx);
      const step = await mergeEmailDuplicatesIn(tx, admin, after, total === null);
      if (run.dry_run) await sql`rollback to savepoint dry_run`.execute(tx);
      await becomeService(tx, 'jobs: record a step of a bulk merge');
      const current = await tx.selectFrom('bulk_merges').select(['status', 'groups_done', 'refused']).where('id', '=', run.id).forUpdate().executeTakeFirst();
      if (current?.status !== 'running' || current.groups_done !== done) throw movedOn;
      const refused = [...(current.refused as BulkMergeRefusal[]), ...step.refused].slice(0, BULK_MERGE_REFUSALS_KEPT);
      const last = step.next === null;
      await tx
        .updateTable('bulk_merges')
        .set((eb) => ({
          groups_done: done + step.groups,
          merged: eb('merged', '+', step.merged),
          refused_count: refusedCount + step.refused.length,
          refused: JSON.stringify(refused),
          resume_after: step.next,
          ...(total === null ? { groups_total: step.remaining ?? 0 } : {}),
          ...(last ? { status: 'done' as const, finished_at: new Date() } : {}),
        }))
        .where('id', '=', run.id)
        .execute();
      return step;
    }).catch((error: unknown) => {
      if (error === movedOn) return null;
      throw error;
    });
    if (!recorded) return { steps, finished: true };
    steps += 1;
    done += recorded.groups;
    refusedCount += recorded.refused.length;
    total ??= recorded.remaining ?? 0;
    after = recorded.next;
    if (after === null) return { steps, finished: true };
    if (Date.now() - started >= turnMs) return { steps, finished: false };
  }
}
