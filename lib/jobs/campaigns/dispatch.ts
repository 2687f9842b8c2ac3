/**
 * campaign-dispatch: scheduled campaigns that have come due start sending (a new run), and
 * every run not yet dispatched gets its fan-out job — in the transaction that records the
 * dispatch, so a run is fanned out exactly once. Woken by the database when a campaign is
 * scheduled, started or resumed, and every minute for schedules coming due.
 */
import { sql } from 'kysely';
import { asService } from '../../db/session';
import { enqueue } from '../boss';
import type { WorkerContext } from '../context';
import type { Handler } from '../handler';

export function dispatchCampaigns(ctx: WorkerContext): Handler<'campaignDispatch'> {
  return async () => {
    const started = await asService('jobs: start campaigns that are due', (tx) =>
      tx
        .updateTable('campaigns')
        .set((eb) => ({ status: 'sending', started_at: sql<Date>`coalesce(started_at, now())`, run: eb('run', '+', 1) }))
        .where('status', '=', 'scheduled')
        .where('scheduled_at', '<=', sql<Date>`now()`)
        .returning('id')
        .execute(),
    );
    let dispatched = 0;
    for (;;) {
      const found = await asService('jobs: dispatch a campaign run', async (tx) => {
        const campaign = await tx
          .selectFrom('campaigns')
          .select(['id', 'run'])
          .where('status', '=', 'sending')
          .whereRef('dispatched_run', '<', 'run')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!campaign) return false;
        await enqueue(ctx.boss, tx, 'campaignFanout', [{ data: { campaignId: campaign.id, run: campaign.run } }]);
        await tx.updateTable('campaigns').set({ dispatched_run: campaign.run }).where('id', '=', campaign.id).execute();
        return true;
      });
      if (!found) break;
      dispatched++;
    }
    return { status: 'completed', output: { started: started.length, dispatched } };
  };
}
