/**
 * A campaign's progress, written by the worker: recipients' answers and the counters on the
 * campaign row (one update per batch, which is also what the campaign page listens to).
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/session';

export type RecipientAnswer = {
  id: string;
  /** `pending`: no answer yet (a retry will ask again). */
  status: 'pending' | 'sent' | 'suppressed' | 'failed';
  messageId: string | null;
  error: string | null;
};

/**
 * Records answers and moves the counters by exactly the recipients whose status changed, so
 * recording the same answers twice (a retried job) counts nothing twice. A recipient cancelled
 * while their message was already on its way is counted as what actually happened to it.
 */
export async function recordAnswers(tx: Tx, campaignId: string, answers: RecipientAnswer[], campaignError: string | null): Promise<void> {
  const final = answers.filter((a) => a.status !== 'pending');
  if (final.length === 0 && !campaignError) return;
  await lockCampaign(tx, campaignId);
  await sql`
    with input as (
      select * from unnest(${final.map((a) => a.id)}::uuid[], ${final.map((a) => a.status)}::text[],
                           ${final.map((a) => a.messageId)}::uuid[], ${final.map((a) => a.error)}::text[])
        as i (id, status, message_id, error)
    ), old as (
      select r.id, r.status from public.campaign_recipients r join input i on i.id = r.id
       where r.campaign_id = ${campaignId} and r.status in ('pending', 'cancelled')
       for update of r
    ), changed as (
      update public.campaign_recipients r
         set status = i.status::public.campaign_recipient_status, message_id = coalesce(i.message_id, r.message_id),
             last_error = left(i.error, 2000), updated_at = now()
        from input i join old o on o.id = i.id
       where r.id = i.id and (o.status = 'pending' or i.status in ('sent', 'suppressed'))
      returning r.status as new_status, o.status as old_status
    )
    update public.campaigns c
       set sent_count = c.sent_count + (select count(*) from changed where new_status = 'sent'),
           suppressed_count = c.suppressed_count + (select count(*) from changed where new_status = 'suppressed'),
           failed_count = c.failed_count + (select count(*) from changed where new_status = 'failed'),
           cancelled_count = c.cancelled_count - (select count(*) from changed where old_status = 'cancelled'),
           last_error = coalesce(left(${campaignError}::text, 2000), c.last_error)
     where c.id = ${campaignId}`.execute(tx);
}

/**
 * Every writer of a campaign's recipients takes the campaign row first — the worker's
 * batches and fan-out, and a user's cancel (whose trigger cancels the pending recipients) —
 * so they queue behind each other instead of deadlocking.
 */
export async function lockCampaign(tx: Tx, campaignId: string): Promise<void> {
  await sql`select 1 from public.campaigns where id = ${campaignId} for update`.execute(tx);
}

/** A sending campaign whose fan-out is done and which has nobody pending is completed. */
export async function completeIfDone(tx: Tx, campaignId: string): Promise<void> {
  await sql`
    update public.campaigns c set status = 'completed', completed_at = now()
     where c.id = ${campaignId} and c.status = 'sending' and c.fanout_done_at is not null
       and not exists (select 1 from public.campaign_recipients r where r.campaign_id = c.id and r.status = 'pending')`.execute(tx);
}
