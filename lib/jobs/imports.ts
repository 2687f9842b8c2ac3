/**
 * import-drain: runs the imports, dry runs and reverts people asked for (lib/imports).
 *
 * One import at a time, oldest first (the queue is stately). Each batch of rows commits with
 * the import's progress, so a worker stopped or killed mid-way resumes after the last batch
 * committed (lib/imports/run.ts). After a few minutes on one import the drain queues itself
 * again and gives the next import a turn, so a 1M-row file never holds up a 50-row one for
 * long. Files of imports that never ran are dropped after 7 days.
 */
import { sql } from 'kysely';
import { asService } from '../db/session';
import { revertImport } from '../imports/revert';
import { type Requester, runImport } from '../imports/run';
import { nudge } from './boss';
import type { WorkerContext } from './context';
import type { Handler } from './handler';

/** How long one import runs before the next one gets a turn. */
const TURN_MS = 3 * 60_000;

export function importDrainer(ctx: Pick<WorkerContext, 'boss'>, turnMs = TURN_MS): Handler<'importDrain'> {
  return async (_data, job) => {
    await asService('jobs: drop import files never run', (tx) =>
      tx.deleteFrom('import_file_chunks').where('import_id', 'in', (eb) => eb.selectFrom('imports').select('id').where('status', 'in', ['uploaded', 'checked']).where('created_at', '<', sql<Date>`now() - interval '7 days'`)).execute(),
    );
    const pending = await asService('jobs: the imports to run', (tx) =>
      tx.selectFrom('imports').select(['id', 'org_id', 'requested_by', 'object', 'status']).where('status', 'in', ['checking', 'queued', 'running', 'reverting']).orderBy('created_at').limit(10).execute(),
    );
    const started = Date.now();
    const shouldStop = () => job.signal.aborted || Date.now() - started > turnMs;
    let unfinished = 0;
    for (const imp of pending) {
      if (shouldStop()) {
        unfinished += 1;
        continue;
      }
      try {
        if (imp.status === 'reverting') {
          const member = await asService('jobs: who reverts an import', (tx) =>
            tx.selectFrom('memberships').select(['email', 'role']).where('org_id', '=', imp.org_id).where('user_id', '=', imp.requested_by).executeTakeFirstOrThrow(),
          );
          const requester: Requester = { userId: imp.requested_by, email: member.email, orgId: imp.org_id, role: member.role };
          await revertImport(imp.id, requester, imp.object);
        } else {
          const result = await runImport(imp.id, { shouldStop });
          if (result.status === 'stopped') unfinished += 1;
        }
      } catch (error) {
        // A database rule is the row's; anything that reaches here is the import's (the
        // importer left, the file cannot be read): it fails for good, and they are told.
        const message = error instanceof Error ? error.message : String(error);
        if (job.isLastAttempt || /no longer an active member|could not be read|no CSV/i.test(message)) {
          console.error(`[jobs] import ${imp.id} failed:`, message);
          await asService('jobs: an import failed', (tx) =>
            tx.updateTable('imports').set({ status: 'failed', error: message.slice(0, 500), finished_at: new Date() }).where('id', '=', imp.id).execute(),
          );
        } else throw error;
      }
    }
    if (unfinished > 0) await nudge(ctx.boss, 'importDrain');
    return { status: 'completed', output: { imports: pending.length, unfinished } };
  };
}
