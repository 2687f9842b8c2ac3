/**
 * email-trigger-drain: pending email_triggers rows become email-send jobs, each row marked
 * queued in the transaction that queues its job (skip-locked, so several workers drain side
 * by side). Woken by the database when a row is written, and every minute as a floor.
 */
import { sql } from 'kysely';
import { asService } from '../../db/session';
import { enqueue } from '../boss';
import type { WorkerContext } from '../context';
import type { Handler } from '../handler';

const CHUNK = 500;

export function drainTriggers(ctx: WorkerContext): Handler<'triggerDrain'> {
  return async () => {
    let queued = 0;
    for (;;) {
      const n = await asService('jobs: queue transactional emails', async (tx) => {
        const rows = await tx
          .selectFrom('email_triggers')
          .select('id')
          .where('status', '=', 'pending')
          .orderBy('created_at')
          .limit(CHUNK)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        const ids = rows.map((r) => r.id);
        await enqueue(ctx.boss, tx, 'emailSend', ids.map((triggerId) => ({ data: { source: 'trigger' as const, triggerId } })));
        await tx.updateTable('email_triggers').set({ status: 'queued', queued_at: sql<Date>`now()` }).where('id', 'in', ids).execute();
        return ids.length;
      });
      queued += n;
      if (n < CHUNK) return { status: 'completed', output: { queued } };
    }
  };
}
