/**
 * campaign-send: one batch of recipients through send-email's batch mode (one call, one
 * render per content, Resend's batch endpoint or one outbox write). Each recipient's key is
 * campaign:<campaign id>:<person id>, so a retried, duplicated or resumed job never sends
 * anyone a second message: send-email answers with what it recorded the first time.
 *
 * Answers: sent or suppressed (consent, suppression list) are final; a provider outage or
 * rate limit leaves the recipient pending and the job is retried with backoff (honouring
 * retry-after), and after the last retry the recipient and their message are failed; a
 * message that can never be sent (props the template refuses, no address) fails at once,
 * shows on the campaign, and sends the job to the dead-letter queue without retrying.
 */
import { asService, type Tx } from '../../db/session';
import type { SendEmailBatchItem, SendEmailError, SendEmailRequest } from '../../email/send';
import type { WorkerContext } from '../context';
import { campaignProps } from '../../marketing/campaign-content';
import { withGreeting } from '../greeting';
import { describeError } from '../send-errors';
import type { Handler } from '../handler';
import { holdProvider, providerReady, retryAfterOf } from '../provider-gate';
import { completeIfDone, type RecipientAnswer, recordAnswers } from './progress';

type Recipient = { id: string; contact_id: string | null; lead_id: string | null; first_name: string | null; ab_group: string | null };

/** The campaign and those of the job's recipients still waiting for this run; null when it is not sending. */
async function loadBatch(tx: Tx, campaignId: string, run: number, recipientIds: string[]) {
  const campaign = await tx
    .selectFrom('campaigns')
    .select(['org_id', 'status', 'template', 'props', 'subject', 'preheader', 'ab_subject_b', 'ab_winner'])
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (campaign?.status !== 'sending') return null;
  const recipients: Recipient[] = await tx
    .selectFrom('campaign_recipients as r')
    .leftJoin('contacts as c', 'c.id', 'r.contact_id')
    .leftJoin('leads as l', 'l.id', 'r.lead_id')
    .select(['r.id', 'r.contact_id', 'r.lead_id', 'r.ab_group', (eb) => eb.fn.coalesce('c.first_name', 'l.first_name').as('first_name')])
    .where('r.campaign_id', '=', campaignId)
    .where('r.id', 'in', recipientIds)
    .where('r.status', '=', 'pending')
    // A later run (after a pause) re-queued these itself.
    .where('r.enqueued_run', '=', run)
    .execute();
  return { campaign, recipients };
}

/** An A/B test's group B gets subject B, and so does the rest once B has won. */
function subjectFor(campaign: { subject: string | null; ab_subject_b: string | null; ab_winner: string | null }, group: string | null): string | null {
  const b = group === 'b' || (group === 'rest' && campaign.ab_winner === 'b');
  return b && campaign.ab_subject_b ? campaign.ab_subject_b : campaign.subject;
}

function answerOf(recipient: Recipient, item: SendEmailBatchItem, lastAttempt: boolean): RecipientAnswer {
  if (item.ok) {
    const { status, message_id, blocked_reason } = item.result;
    if (status === 'suppressed') return { id: recipient.id, status: 'suppressed', messageId: message_id, error: blocked_reason };
    if (status === 'failed') return { id: recipient.id, status: 'failed', messageId: message_id, error: 'The provider refused this message earlier.' };
    return { id: recipient.id, status: 'sent', messageId: message_id, error: null };
  }
  const messageId = item.error.message_id ?? null;
  if (item.error.retryable && !lastAttempt) return { id: recipient.id, status: 'pending', messageId, error: null };
  const prefix = item.error.retryable ? 'Gave up after the last retry: ' : '';
  return { id: recipient.id, status: 'failed', messageId, error: prefix + describeError(item.error) };
}

export function sendCampaignBatch(ctx: WorkerContext): Handler<'campaignSend'> {
  return async ({ campaignId, run, recipientIds }, job) => {
    const batch = await asService('jobs: load a campaign batch', (tx) => loadBatch(tx, campaignId, run, recipientIds));
    if (!batch) return { status: 'completed', output: { skipped: 'the campaign is not sending' } };
    const { campaign, recipients } = batch;
    if (recipients.length === 0) {
      await asService('jobs: complete a campaign', (tx) => completeIfDone(tx, campaignId));
      return { status: 'completed', output: { skipped: 'every recipient of this batch is answered' } };
    }
    if (!(await providerReady(job.signal))) return { status: 'retry', output: { error: 'the provider asked us to wait' } };

    const requests: SendEmailRequest[] = recipients.map((r) => ({
      org_id: campaign.org_id,
      template: campaign.template,
      // Marketers choose a campaign's template: asserting the category makes send-email refuse
      // anything but marketing mail (consent checked), whatever was written to the row.
      category: 'marketing',
      props: withGreeting(campaignProps({ ...campaign, props: campaign.props as Record<string, unknown>, subject: subjectFor(campaign, r.ab_group) }), r.first_name),
      ...(r.contact_id ? { contact_id: r.contact_id } : { lead_id: r.lead_id as string }),
      idempotency_key: `campaign:${campaignId}:${r.contact_id ?? r.lead_id}`,
      campaign_id: campaignId,
      tags: [{ name: 'campaign', value: campaignId }],
    }));
    const outcome = await ctx.sendBatch({ system: 'jobs: campaign send' }, requests);
    const items: SendEmailBatchItem[] = outcome.ok ? outcome.results : requests.map(() => ({ ok: false, status: outcome.status, error: outcome.error }));
    const answers = recipients.map((r, i) => answerOf(r, items[i] as SendEmailBatchItem, job.isLastAttempt));

    const errors = items.flatMap((item) => (item.ok ? [] : [item.error]));
    const permanent = answers.filter((a) => a.status === 'failed');
    // The campaign shows the latest reason; failed_count has the total.
    const campaignError = permanent.length ? `Latest failure (${permanent.length} in one batch): ${permanent[0]?.error}` : null;
    await asService('jobs: record a campaign batch', async (tx) => {
      await recordAnswers(tx, campaignId, answers, campaignError);
      // Messages given up on stay queued in send-email's record until told otherwise.
      const abandoned = answers.filter((a) => a.status === 'failed' && a.messageId).map((a) => a.messageId as string);
      if (abandoned.length) {
        await tx.updateTable('email_messages').set({ status: 'failed' }).where('id', 'in', abandoned).where('status', '=', 'queued').execute();
      }
      await completeIfDone(tx, campaignId);
    });

    const retryAfter = retryAfterOf(errors);
    if (retryAfter) holdProvider(retryAfter);
    const pending = answers.filter((a) => a.status === 'pending').length;
    const counts = { sent: answers.filter((a) => a.status === 'sent').length, suppressed: answers.filter((a) => a.status === 'suppressed').length, failed: permanent.length, pending };
    if (pending) return { status: 'retry', output: { ...counts, error: describeError(errors[0] as SendEmailError), ...(retryAfter ? { retry_after_seconds: retryAfter } : {}) } };
    if (permanent.length) return { status: 'dead', output: { ...counts, error: campaignError } };
    return { status: 'completed', output: counts };
  };
}
