/**
 * campaign-fanout: copies the campaign's segment into campaign_recipients, a window of people
 * at a time in id order, and queues one campaign-send job per batch of recipients in the same
 * transaction (with the cursor), so a crash or a pause resumes exactly where it stopped and
 * nobody is queued twice. A resumed campaign (a new run) first re-queues the recipients an
 * earlier run left pending. When nothing is left, the campaign completes.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { asService, type Tx } from '../../db/session';
import { SEND_EMAIL_BATCH_MAX } from '../../email/send';
import { segmentMembers } from '../../marketing/segment-query';
import { storedFilter } from '../../marketing/segments';
import { enqueue } from '../boss';
import type { WorkerContext } from '../context';
import type { Handler } from '../handler';
import { completeIfDone, lockCampaign } from './progress';

/** People (of the audience's table) looked at per transaction. */
const CHUNK = 1000;

async function queueSends(ctx: WorkerContext, tx: Tx, campaignId: string, run: number, recipientIds: string[]) {
  const jobs = [];
  for (let start = 0; start < recipientIds.length; start += SEND_EMAIL_BATCH_MAX) {
    jobs.push({ data: { campaignId, run, recipientIds: recipientIds.slice(start, start + SEND_EMAIL_BATCH_MAX) } });
  }
  await enqueue(ctx.boss, tx, 'campaignSend', jobs);
}

type Step = { done: boolean; queued: number; ended?: string };

/**
 * The A/B groups of a chunk of people (in id order): exactly `percent` of them in the test, by
 * position, alternating A and B, and everyone else the rest. A function of the chunk alone, so
 * a chunk retried after a crash gets the same groups.
 */
export function abGroupsOf(count: number, percent: number): ('a' | 'b' | 'rest')[] {
  const groups: ('a' | 'b' | 'rest')[] = [];
  let tested = 0;
  for (let i = 0; i < count; i++) {
    const inTest = Math.floor(((i + 1) * percent) / 100) > Math.floor((i * percent) / 100);
    groups.push(inTest ? (tested++ % 2 === 0 ? 'a' : 'b') : 'rest');
  }
  return groups;
}

async function fanOutChunk(ctx: WorkerContext, tx: Tx, campaignId: string, run: number): Promise<Step> {
  // Held for the chunk: a pause or cancel waits for it, and then sees its recipients.
  await lockCampaign(tx, campaignId);
  const campaign = await tx
    .selectFrom('campaigns as c')
    .innerJoin('segments as s', 's.id', 'c.segment_id')
    .select(['c.org_id', 'c.status', 'c.run', 'c.fanout_cursor', 'c.fanout_done_at', 'c.ab_test_percent', 'c.ab_winner', 's.audience', 's.filter'])
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
  if (campaign?.status !== 'sending' || campaign.run !== run) {
    return { done: true, queued: 0, ended: campaign ? `campaign is ${campaign.status}, run ${campaign.run}` : 'campaign deleted' };
  }

  // Recipients an earlier run queued but never answered (it was paused), and — once an A/B
  // test has its winner — the rest of the audience, held back until then: queue them now.
  let staleQuery = tx
    .selectFrom('campaign_recipients')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .where('enqueued_run', '<', run);
  if (!campaign.ab_winner) staleQuery = staleQuery.where((eb) => eb.or([eb('ab_group', 'is', null), eb('ab_group', '<>', 'rest')]));
  const stale = await staleQuery.orderBy('id').limit(CHUNK).execute();
  if (stale.length) {
    const ids = stale.map((r) => r.id);
    await tx.updateTable('campaign_recipients').set({ enqueued_run: run }).where('id', 'in', ids).execute();
    await queueSends(ctx, tx, campaignId, run, ids);
    return { done: false, queued: ids.length };
  }

  if (!campaign.fanout_done_at) {
    // The next window of the organisation's people in id order; the segment's conditions are
    // evaluated inside it only, so each chunk costs the same however selective the segment.
    const table = campaign.audience === 'contacts' ? 'contacts' : 'leads';
    let window = tx.selectFrom(table).select('id').where('org_id', '=', campaign.org_id).orderBy('id').offset(CHUNK - 1).limit(1);
    if (campaign.fanout_cursor) window = window.where('id', '>', campaign.fanout_cursor);
    const windowEnd = (await window.executeTakeFirst())?.id ?? null;
    let members = segmentMembers(tx, campaign.org_id, campaign.audience, storedFilter(campaign.filter)).orderBy('p.id');
    if (campaign.fanout_cursor) members = members.where('p.id', '>', campaign.fanout_cursor);
    if (windowEnd) members = members.where('p.id', '<=', windowEnd);
    const found = await members.execute();
    const people = found.map((r) => r.id);
    const column = campaign.audience === 'contacts' ? 'contact_id' : 'lead_id';
    // A second person with an address already queued (in this chunk or an earlier one) meets
    // the address key and is skipped: one message per address, the first in id order.
    const groups = campaign.ab_test_percent !== null ? abGroupsOf(found.length, campaign.ab_test_percent) : [];
    const rows = found.map((p, i) => ({
      id: randomUUID(),
      org_id: campaign.org_id,
      campaign_id: campaignId,
      [column]: p.id,
      enqueued_run: run,
      email_key: sql<string>`private.email_hash(${campaign.org_id}::uuid, ${p.email})`,
      ...(campaign.ab_test_percent !== null ? { ab_group: groups[i] } : {}),
    }));
    const inserted = rows.length
      ? await tx.insertInto('campaign_recipients').values(rows).onConflict((oc) => oc.doNothing()).returning('id').execute()
      : [];
    const insertedIds = new Set(inserted.map((r) => r.id));
    // The rest of an A/B test's audience waits for the winner (the decision re-queues them).
    const ids = rows.filter((r) => insertedIds.has(r.id) && r.ab_group !== 'rest').map((r) => r.id);
    await queueSends(ctx, tx, campaignId, run, ids);
    await tx
      .updateTable('campaigns')
      .set((eb) => ({
        fanout_cursor: windowEnd ?? people.at(-1) ?? campaign.fanout_cursor,
        fanout_done_at: windowEnd ? null : new Date(),
        recipients_total: eb('recipients_total', '+', insertedIds.size),
        // The test's wait starts once everyone in it is queued.
        ...(windowEnd ? {} : { ab_decide_after: sql<Date>`case when ab_test_percent is not null and ab_decide_after is null then now() + make_interval(mins => ab_wait_minutes) else ab_decide_after end` }),
      }))
      .where('id', '=', campaignId)
      .execute();
    if (windowEnd) return { done: false, queued: ids.length };
  }
  await completeIfDone(tx, campaignId);
  return { done: true, queued: 0, ended: 'fanned out' };
}

export function fanOutCampaign(ctx: WorkerContext): Handler<'campaignFanout'> {
  return async ({ campaignId, run }, job) => {
    let queued = 0;
    for (;;) {
      if (job.signal.aborted) return { status: 'retry', output: { error: 'stopped', queued } };
      const step = await asService('jobs: fan a campaign out to its recipients', (tx) => fanOutChunk(ctx, tx, campaignId, run));
      queued += step.queued;
      if (step.done) return { status: 'completed', output: { queued, ended: step.ended } };
    }
  };
}
