/**
 * campaign-dispatch: scheduled campaigns that have come due start sending (a new run), and
 * every run not yet dispatched gets its fan-out job — in the transaction that records the
 * dispatch, so a run is fanned out exactly once. A/B tests whose wait is over get their winner
 * (and a run that sends it to the rest). Woken by the database when a campaign is scheduled,
 * started or resumed, and every minute for schedules and tests coming due.
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
    // A/B tests whose wait is over and whose test sends are all answered: the better subject
    // wins, in one guarded update (a second dispatcher finds the winner set and does nothing),
    // and a new run sends it to the rest through the fan-out below.
    const decided = await asService('jobs: decide A/B tests that are due', (tx) =>
      tx
        .updateTable('campaigns as c')
        .set((eb) => ({ ab_winner: sql<string>`private.campaign_ab_winner(c.id)`, ab_decided_at: sql<Date>`now()`, run: eb('c.run', '+', 1) }))
        .where('c.status', '=', 'sending')
        .where('c.ab_winner', 'is', null)
        .where('c.ab_decide_after', '<=', sql<Date>`now()`)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('campaign_recipients as r').select('r.id').whereRef('r.campaign_id', '=', 'c.id').where('r.status', '=', 'pending').where('r.ab_group', 'in', ['a', 'b']))),
        )
        .returning('c.id')
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
    return { status: 'completed', output: { started: started.length, decided: decided.length, dispatched } };
  };
}
