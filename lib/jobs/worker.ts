/**
 * The Cohort worker: every pg-boss queue of lib/jobs/queues.ts with its handler, the
 * schedules (minute floors for campaigns, triggers and sequences; the daily jobs), and
 * the database wake-up listener. `npm start` runs it as a child process; on its own:
 *
 *   APP_DATABASE_URL=… SUPABASE_URL=… SUPABASE_JWT_SECRET=… node --import tsx lib/jobs/worker.ts
 *
 * SIGINT or SIGTERM stops it cleanly: no new jobs are fetched, running ones get 20 s to
 * finish. Anything cut short — or a worker killed outright — is picked up again by another
 * (or the next) worker once its heartbeat lapses, and the idempotency keys make that safe.
 * Workers scale horizontally: pg-boss fetches with SKIP LOCKED.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { closeDb } from '../db/client';
import { asService } from '../db/session';
import { type EmailBatchSender, type EmailSender, sendEmail, sendEmailBatch } from '../email/send';
import { createBoss, ensureQueues, grantQueueAccess } from './boss';
import { dispatchCampaigns } from './campaigns/dispatch';
import { fanOutCampaign } from './campaigns/fanout';
import { sendCampaignBatch } from './campaigns/send';
import type { WorkerContext } from './context';
import { bulkMergeDrainer } from './bulk-merges';
import { applyRetentionPolicies, raiseCertificationNotices, raiseTaskNotices } from './daily';
import { exportDrainer } from './exports';
import { importDrainer } from './imports';
import { requestDecayRescoring, scoringRescorer } from './scoring';
import { type Handler, type WorkOptions, work } from './handler';
import { type QueueKey, type QueueOverrides, queues } from './queues';
import { tickSequences } from './sequence-tick';
import { drainTriggers } from './transactional/drain';
import { sendTransactional } from './transactional/send';
import { listenForWork } from './wake';

export type WorkerOptions = {
  /** The send module's calls; tests pass senders bound to their own functions host. */
  send?: EmailSender;
  sendBatch?: EmailBatchSender;
  queueOverrides?: QueueOverrides;
  monitorSeconds?: number;
  /** Cron schedules (default on); tests that drive jobs themselves turn them off. */
  schedules?: boolean;
};

export type RunningWorker = { boss: PgBoss; stop: () => Promise<void> };

type Registration = { [K in QueueKey]: { key: K; options: WorkOptions; handler: (ctx: WorkerContext) => Handler<K>; cron?: string } }[QueueKey];

// Campaign batches: up to 8 send-email batch calls in flight; single emails: 20.
const sendConcurrency = Number(process.env.JOBS_CAMPAIGN_CONCURRENCY ?? 2);
const registrations: Registration[] = [
  { key: 'campaignDispatch', options: { batchSize: 1 }, handler: dispatchCampaigns, cron: '* * * * *' },
  { key: 'campaignFanout', options: { batchSize: 1, localConcurrency: 2 }, handler: fanOutCampaign },
  { key: 'campaignSend', options: { batchSize: 4, localConcurrency: sendConcurrency, pollingIntervalSeconds: 1 }, handler: sendCampaignBatch },
  { key: 'triggerDrain', options: { batchSize: 1 }, handler: drainTriggers, cron: '* * * * *' },
  { key: 'emailSend', options: { batchSize: 20, pollingIntervalSeconds: 1 }, handler: sendTransactional },
  { key: 'sequenceTick', options: { batchSize: 1 }, handler: tickSequences, cron: '* * * * *' },
  { key: 'certificationNotices', options: { batchSize: 1 }, handler: () => raiseCertificationNotices, cron: '0 6 * * *' },
  { key: 'retention', options: { batchSize: 1 }, handler: () => applyRetentionPolicies, cron: '30 2 * * *' },
  { key: 'taskNotices', options: { batchSize: 1 }, handler: () => raiseTaskNotices, cron: '*/5 * * * *' },
  // Woken by each new export (private.wake_worker_for); the minute floor resumes an interrupted one.
  { key: 'exportDrain', options: { batchSize: 1 }, handler: (ctx) => exportDrainer(ctx), cron: '* * * * *' },
  // Woken when an import, dry run or revert is asked for (private.wake_worker_for); the minute floor resumes one cut short.
  { key: 'importDrain', options: { batchSize: 1 }, handler: (ctx) => importDrainer(ctx), cron: '* * * * *' },
  // Woken by a rule or threshold change (private.request_rescoring); the minute floor resumes one cut short.
  { key: 'scoringRescore', options: { batchSize: 1 }, handler: (ctx) => scoringRescorer(ctx), cron: '* * * * *' },
  // Woken when an admin asks to merge every email duplicate (private.wake_worker_for); the minute floor resumes one cut short.
  { key: 'bulkMergeDrain', options: { batchSize: 1 }, handler: (ctx) => bulkMergeDrainer(ctx), cron: '* * * * *' },
  { key: 'scoringDecay', options: { batchSize: 1 }, handler: (ctx) => requestDecayRescoring(ctx), cron: '20 3 * * *' },
];

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const boss = createBoss({ monitorSeconds: options.monitorSeconds ?? Number(process.env.JOBS_MONITOR_SECONDS ?? 10) });
  boss.on('error', (error) => console.error('[jobs] pg-boss error', error));
  await boss.start();
  await ensureQueues(boss, options.queueOverrides);
  await grantQueueAccess(boss.getDb());

  const ctx: WorkerContext = { boss, send: options.send ?? sendEmail, sendBatch: options.sendBatch ?? sendEmailBatch };
  for (const registration of registrations) {
    await work(boss, registration.key, registration.options, registration.handler(ctx) as Handler<QueueKey>);
  }
  if (options.schedules !== false) {
    for (const { key, cron } of registrations) {
      if (!cron) continue;
      // Daily jobs missed while no worker ran are run once when one is back.
      await boss.schedule(queues[key].name, cron, {}, { tz: 'UTC', missed: cron.startsWith('*') ? 'skip' : 'once' });
    }
  }
  const listener = listenForWork(boss);
  const heartbeat = beatEvery(15_000);
  return {
    boss,
    stop: async () => {
      clearInterval(heartbeat);
      await listener.close();
      await boss.stop({ graceful: true, timeout: 20_000 });
    },
  };
}

/**
 * Says this worker is alive, now and every `ms` (GET /api/health wants a beat within 60 s).
 * A beat that fails (the database restarting) is only logged: the next one tries again.
 */
function beatEvery(ms: number): NodeJS.Timeout {
  const worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const beat = () =>
    asService('jobs: worker heartbeat', (tx) => sql`select private.worker_beat(${worker}, ${process.pid}::integer, ${hostname()}, ${startedAt}::timestamptz)`.execute(tx)).catch(
      (error: unknown) => console.error('[jobs] heartbeat failed', error instanceof Error ? error.message : error),
    );
  void beat();
  const timer = setInterval(beat, ms);
  timer.unref();
  return timer;
}

/** JOBS_QUEUE_OVERRIDES, e.g. {"campaignSend":{"retryDelay":1}}: per-deployment (and test) tuning. */
function overridesFromEnv(): QueueOverrides {
  const raw = process.env.JOBS_QUEUE_OVERRIDES;
  if (!raw) return {};
  const option = z.number().int().min(0);
  const schema = z.partialRecord(
    z.enum(Object.keys(queues) as [QueueKey, ...QueueKey[]]),
    z.object({ retryLimit: option, retryDelay: option, retryDelayMax: option, heartbeatSeconds: option.min(10), expireInSeconds: option.min(1) }).partial().strict(),
  );
  return schema.parse(JSON.parse(raw));
}

async function main(): Promise<void> {
  const worker = await startWorker({ queueOverrides: overridesFromEnv() });
  console.log(`[jobs] worker ready (pid ${process.pid}): ${Object.values(queues).map((q) => q.name).join(', ')}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C: stop waiting
    stopping = true;
    console.log(`[jobs] ${signal}: finishing running jobs…`);
    await worker.stop();
    await closeDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error('[jobs] the worker could not start', error);
    process.exit(1);
  });
}
