/**
 * pg-boss on Cohort's own Postgres, in its own `pgboss` schema, which the role cohort_jobs
 * owns (migration 20261201000100): the worker logs in as authenticator and its queue
 * connections start as cohort_jobs, which installs and migrates the schema and reaches no
 * other table. Queues are created (or brought up to date) from lib/jobs/queues.ts at every
 * worker start, each with its dead-letter queue.
 *
 * Jobs are enqueued inside the transaction that makes them necessary (a fan-out chunk
 * commits its recipients and their send jobs together; a drained trigger row and its send
 * job), so a crash can neither lose a job nor queue one twice. Those transactions run as
 * service_role, like all system work, so service_role is granted the queue tables.
 */
import { fromKysely, PgBoss } from 'pg-boss';
import { appPoolConfig } from '../db/client';
import type { Tx } from '../db/session';
import { deadLetterOf, type Payload, type QueueKey, type QueueOverrides, type QueuePolicyOptions, queues } from './queues';

export const BOSS_SCHEMA = 'pgboss';
/** Owns BOSS_SCHEMA; the queue's connections start as this role. */
export const BOSS_ROLE = 'cohort_jobs';

export type BossOptions = {
  /** How often expired and heartbeat-less jobs are reclaimed (seconds). */
  monitorSeconds?: number;
  poolSize?: number;
};

export function createBoss(options: BossOptions = {}): PgBoss {
  const monitorSeconds = options.monitorSeconds ?? 10;
  return new PgBoss({
    ...appPoolConfig({ applicationName: 'cohort-worker', max: options.poolSize ?? 10, role: BOSS_ROLE }),
    schema: BOSS_SCHEMA,
    // The migration creates the schema (cohort_jobs may not create schemas); pg-boss fills it.
    createSchema: false,
    // Reclaiming a killed worker's jobs is one monitor pass after their heartbeat lapses.
    superviseIntervalSeconds: monitorSeconds,
    monitorIntervalSeconds: monitorSeconds,
    useListenNotify: true,
  });
}

function queueOptions(options: QueuePolicyOptions, deadLetter: string | undefined) {
  return {
    retryLimit: options.retryLimit,
    retryDelay: options.retryDelay,
    retryBackoff: true,
    retryDelayMax: options.retryDelayMax,
    heartbeatSeconds: options.heartbeatSeconds,
    expireInSeconds: options.expireInSeconds,
    // Keep finished jobs a week for inspection; dead letters a month.
    deleteAfterSeconds: deadLetter ? 7 * 86_400 : 30 * 86_400,
    notify: true,
    ...(deadLetter ? { deadLetter } : {}),
  };
}

/** Creates every queue and its dead-letter queue, or updates their options to the current ones. */
export async function ensureQueues(boss: PgBoss, overrides: QueueOverrides = {}): Promise<void> {
  for (const key of Object.keys(queues) as QueueKey[]) {
    const spec = queues[key];
    const options: QueuePolicyOptions = { ...spec.options, ...overrides[key] };
    const dead = deadLetterOf(spec.name);
    const deadOptions = queueOptions({ ...options, retryLimit: 0 }, undefined);
    if (!(await boss.getQueue(dead))) await boss.createQueue(dead, deadOptions);
    else await boss.updateQueue(dead, deadOptions);
    const live = queueOptions(options, dead);
    if (!(await boss.getQueue(spec.name))) await boss.createQueue(spec.name, { ...live, policy: options.policy ?? 'standard' });
    else {
      const { deadLetter, ...updatable } = live;
      await boss.updateQueue(spec.name, { ...updatable, deadLetter });
    }
  }
}

/** Lets service_role enqueue in its own transactions (see the module comment). */
export async function grantQueueAccess(tx: { executeSql(text: string): Promise<unknown> }): Promise<void> {
  // One worker at a time (the statements run as one transaction, which the lock spans): two
  // workers starting together otherwise collide on the same grants, and Postgres fails one
  // with "tuple concurrently updated", which stopped that worker from starting.
  await tx.executeSql(`
    select pg_advisory_xact_lock(hashtext('cohort: grant queue access'));
    grant usage on schema ${BOSS_SCHEMA} to service_role;
    grant select, insert, update, delete on all tables in schema ${BOSS_SCHEMA} to service_role;
    grant usage, select on all sequences in schema ${BOSS_SCHEMA} to service_role;
    grant execute on all functions in schema ${BOSS_SCHEMA} to service_role;
    alter default privileges in schema ${BOSS_SCHEMA} grant select, insert, update, delete on tables to service_role;
    alter default privileges in schema ${BOSS_SCHEMA} grant execute on functions to service_role;`);
}

export type EnqueueOptions = { startAfter?: Date | number; singletonKey?: string };

/**
 * Queues jobs in the caller's transaction: they exist exactly when the transaction commits.
 * Payloads are checked against the queue's schema first: a bad payload is our bug, found here.
 */
export async function enqueue<K extends QueueKey>(boss: PgBoss, tx: Tx, key: K, jobs: { data: Payload<K>; options?: EnqueueOptions }[]): Promise<void> {
  if (jobs.length === 0) return;
  const spec = queues[key];
  const rows = jobs.map(({ data, options }) => ({ data: spec.payload.parse(data) as object, ...options }));
  // pg-boss reads the queue's settings from its own pool; the insert itself runs in `tx`.
  await boss.insert(spec.name, rows, { db: fromKysely(tx) });
}

/** Asks for a coalescing job (dispatch, drain, tick) to run soon; a no-op when one is already waiting. */
export async function nudge(boss: PgBoss, key: 'campaignDispatch' | 'triggerDrain' | 'sequenceTick' | 'exportDrain' | 'importDrain' | 'scoringRescore' | 'bulkMergeDrain'): Promise<void> {
  await boss.send(queues[key].name, {});
}
