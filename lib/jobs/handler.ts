/**
 * How every queue is worked: jobs are fetched in batches, run concurrently, and settled one
 * by one (pg-boss perJobResults). A payload that does not match its queue's schema, or an
 * error marked permanent, goes straight to the dead-letter queue; anything else is retried
 * with the queue's backoff, and lands in the dead-letter queue after the last retry.
 */
import type { JobResult, JobWithMetadata, PgBoss } from 'pg-boss';
import { log, withRequestId } from '../../supabase/functions/_shared/log.ts';
import { queues, type Payload, type QueueKey } from './queues';

/** A failure no retry can fix: the job goes to the dead-letter queue at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
  constructor(
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What a handler decided about its job. `retry`: fail this attempt (pg-boss retries with backoff). */
export type Outcome =
  | { status: 'completed'; output?: Record<string, unknown> }
  | { status: 'retry'; output: Record<string, unknown> }
  | { status: 'dead'; output: Record<string, unknown> };

export type JobContext = { id: string; attempt: number; isLastAttempt: boolean; signal: AbortSignal };
export type Handler<K extends QueueKey> = (data: Payload<K>, job: JobContext) => Promise<Outcome | undefined>;

export type WorkOptions = { batchSize: number; localConcurrency?: number; pollingIntervalSeconds?: number };

async function runOne<K extends QueueKey>(key: K, handler: Handler<K>, job: JobWithMetadata<unknown>): Promise<JobResult> {
  const spec = queues[key];
  const parsed = spec.payload.safeParse(job.data);
  if (!parsed.success) {
    log('error', 'job payload invalid, not retried', { queue: spec.name, job: job.id, issues: parsed.error.issues });
    return { id: job.id, status: 'deadletter', output: { error: 'invalid payload', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) } };
  }
  const context: JobContext = { id: job.id, attempt: job.retryCount + 1, isLastAttempt: job.retryCount >= job.retryLimit, signal: job.signal };
  try {
    // A job is a request of its own: its id marks its logs, transactions and function calls.
    const outcome = (await withRequestId(`job:${job.id}`, () => handler(parsed.data as Payload<K>, context))) ?? { status: 'completed' };
    if (outcome.status === 'completed') return { id: job.id, status: 'completed', output: outcome.output };
    if (outcome.status === 'dead') return { id: job.id, status: 'deadletter', output: outcome.output };
    return { id: job.id, status: 'failed', output: outcome.output };
  } catch (error) {
    if (error instanceof PermanentJobError) {
      log('error', 'job failed for good', { queue: spec.name, job: job.id, reason: error.message, detail: error.detail });
      return { id: job.id, status: 'deadletter', output: { error: error.message, ...error.detail } };
    }
    log('error', context.isLastAttempt ? 'job failed for the last time' : 'job failed, will retry', { queue: spec.name, job: job.id, attempt: context.attempt, error });
    return { id: job.id, status: 'failed', output: { error: String(error) } };
  }
}

export async function work<K extends QueueKey>(boss: PgBoss, key: K, options: WorkOptions, handler: Handler<K>): Promise<void> {
  await boss.work(
    queues[key].name,
    {
      batchSize: options.batchSize,
      localConcurrency: options.localConcurrency ?? 1,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      // NOTIFY wakes workers for new jobs only: a retry coming due is found by polling.
      notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      burstWhenBatchFull: options.batchSize > 1,
      includeMetadata: true,
      perJobResults: true,
    },
    (jobs) => Promise.all(jobs.map((job) => runOne(key, handler, job))),
  );
}
