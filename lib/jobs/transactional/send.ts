/**
 * email-send: one transactional email (raised by a training event or the daily
 * certification pass) or one sequence step, composed from the database at send time and sent
 * through lib/email/send.ts as system work. Keys: trigger:<event>:<row id> and
 * sequence:<enrollment id>:<step>. The row it names is the job's reason to exist: when the
 * row is gone (the person was erased) the job does nothing.
 */
import { sql } from 'kysely';
import { asService } from '../../db/session';
import type { SendEmailRequest, SendOutcome } from '../../email/send';
import type { WorkerContext } from '../context';
import { withGreeting } from '../greeting';
import { describeError } from '../send-errors';
import type { Handler, JobContext, Outcome } from '../handler';
import type { Payload } from '../queues';
import { holdProvider, providerReady } from '../provider-gate';
import { composeTriggerEmail, type TriggerRow, triggerKey } from './compose';

type Prepared = { request: SendEmailRequest; triggerId?: string } | { skip: string; triggerId?: string } | null;

async function prepareTrigger(triggerId: string): Promise<Prepared> {
  return asService('jobs: compose a transactional email', async (tx) => {
    const trigger = await tx
      .selectFrom('email_triggers')
      .select(['id', 'org_id', 'event', 'contact_id', 'record_id', 'details', 'status'])
      .where('id', '=', triggerId)
      .executeTakeFirst();
    // Gone (erased) or already answered by an earlier attempt.
    if (!trigger || !['pending', 'queued'].includes(trigger.status)) return null;
    const composed = await composeTriggerEmail(tx, trigger as TriggerRow);
    if (composed.kind === 'skip') return { skip: composed.reason, triggerId };
    const person = await tx.selectFrom('contacts').select('first_name').where('id', '=', trigger.contact_id).executeTakeFirst();
    return {
      triggerId,
      request: {
        org_id: trigger.org_id,
        template: composed.template,
        category: 'transactional',
        contact_id: trigger.contact_id,
        props: withGreeting(composed.props, person?.first_name ?? null),
        idempotency_key: triggerKey(trigger),
        trigger_key: `${trigger.event}:${trigger.record_id}`,
        tags: [{ name: 'trigger', value: trigger.event }],
      },
    };
  });
}

async function prepareSequenceStep(enrollmentId: string, position: number): Promise<Prepared> {
  return asService('jobs: compose a sequence email', async (tx) => {
    const row = await tx
      .selectFrom('sequence_enrollments as e')
      .innerJoin('sequence_steps as s', (join) => join.onRef('s.sequence_id', '=', 'e.sequence_id').on('s.position', '=', position))
      .leftJoin('contacts as c', 'c.id', 'e.contact_id')
      .leftJoin('leads as l', 'l.id', 'e.lead_id')
      .select(['e.org_id', 'e.sequence_id', 'e.contact_id', 'e.lead_id', 'e.status', 's.template', 's.props', (eb) => eb.fn.coalesce('c.first_name', 'l.first_name').as('first_name')])
      .where('e.id', '=', enrollmentId)
      .executeTakeFirst();
    if (!row) return null;
    if (row.status === 'exited') return { skip: 'they left the sequence' };
    return {
      request: {
        org_id: row.org_id,
        template: row.template,
        // Marketers choose a step's template: asserting the category makes send-email refuse
        // anything but marketing mail (consent checked), whatever was written to the row.
        category: 'marketing',
        props: withGreeting(row.props as Record<string, unknown>, row.first_name),
        ...(row.contact_id ? { contact_id: row.contact_id } : { lead_id: row.lead_id as string }),
        idempotency_key: `sequence:${enrollmentId}:${position}`,
        tags: [{ name: 'sequence', value: row.sequence_id }],
      },
    };
  });
}

async function settleTrigger(triggerId: string | undefined, values: { status: 'sent' | 'skipped' | 'failed'; message_id?: string | null; last_error?: string | null }) {
  if (!triggerId) return;
  await asService('jobs: record a transactional email', (tx) =>
    tx.updateTable('email_triggers').set({ ...values, processed_at: sql<Date>`now()` }).where('id', '=', triggerId).execute(),
  );
}

async function settle(prepared: Exclude<Prepared, null | { skip: string }>, outcome: SendOutcome, job: JobContext): Promise<Outcome> {
  const { triggerId } = prepared;
  if (outcome.ok) {
    const { status, message_id, blocked_reason } = outcome.result;
    await settleTrigger(triggerId, status === 'suppressed' ? { status: 'skipped', message_id, last_error: blocked_reason } : { status: 'sent', message_id, last_error: null });
    return { status: 'completed', output: { message_id, status } };
  }
  const { error } = outcome;
  if (error.retry_after_seconds) holdProvider(error.retry_after_seconds);
  if (error.retryable && !job.isLastAttempt) return { status: 'retry', output: { error: describeError(error) } };
  const detail = (error.retryable ? 'Gave up after the last retry: ' : '') + describeError(error);
  await asService('jobs: give up on a transactional email', async (tx) => {
    if (error.message_id) await tx.updateTable('email_messages').set({ status: 'failed' }).where('id', '=', error.message_id).where('status', '=', 'queued').execute();
  });
  await settleTrigger(triggerId, { status: 'failed', message_id: error.message_id ?? null, last_error: detail.slice(0, 2000) });
  return { status: 'dead', output: { error: detail } };
}

export function sendTransactional(ctx: WorkerContext): Handler<'emailSend'> {
  return async (data: Payload<'emailSend'>, job) => {
    const prepared = data.source === 'trigger' ? await prepareTrigger(data.triggerId) : await prepareSequenceStep(data.enrollmentId, data.position);
    if (!prepared) return { status: 'completed', output: { skipped: 'nothing to send any more' } };
    if ('skip' in prepared) {
      await settleTrigger(prepared.triggerId, { status: 'skipped', last_error: prepared.skip });
      return { status: 'completed', output: { skipped: prepared.skip } };
    }
    if (!(await providerReady(job.signal))) return { status: 'retry', output: { error: 'the provider asked us to wait' } };
    const outcome = await ctx.send({ system: `jobs: ${data.source} email` }, prepared.request);
    return settle(prepared, outcome, job);
  };
}
