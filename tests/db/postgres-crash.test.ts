/**
 * Postgres itself killed (SIGKILL of the postmaster: no shutdown, no checkpoint) in the middle
 * of a campaign, on a cluster of its own with a worker process and a functions host pointed at
 * it, then started again on the same port: the worker and the host reconnect by themselves, the
 * campaign completes, and every recipient has exactly one message — nothing lost, nothing twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ClusterOptions, destroyCluster, startCluster } from '../../lib/db/embedded-cluster';
import { migrate } from '../../lib/db/migrate';
import { root } from '../../scripts/database';
import { type FunctionsHost, startFunctionsHost } from '../../scripts/functions-host';
import { freePort } from '../support/free-port';
import { until } from './jobs-support';

const RECIPIENTS = 4_000;
const AUTHENTICATOR_PASSWORD = 'crash-test-authenticator-password';
const jwtSecret = randomBytes(32).toString('base64url');
let folder: string;
let cluster: ClusterOptions;
let ownerUrl: string;
let host: FunctionsHost;
let worker: ChildProcess | undefined;

/** A query as the owner, retried while the server is coming back. */
async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
const appUrl = () => {
  const url = new URL(ownerUrl);
  url.username = 'authenticator';
  url.password = AUTHENTICATOR_PASSWORD;
  return url.toString();
};

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'cohort-crash-'));
  await chmod(folder, 0o755);
  cluster = { dataDir: path.join(folder, 'data'), port: await freePort(), settings: { fsync: 'off' } };
  ownerUrl = (await startCluster(cluster)).url;
  await migrate(ownerUrl, { authenticatorPassword: AUTHENTICATOR_PASSWORD });
  host = await startFunctionsHost({
    port: await freePort(),
    env: {
      APP_DATABASE_URL: appUrl(),
      SUPABASE_JWT_SECRET: jwtSecret,
      EMAIL_LINK_SECRET: randomBytes(32).toString('base64url'),
      APP_URL: 'http://localhost:3999',
      RESEND_API_KEY: '',
      RESEND_BASE_URL: '',
      // The batches in flight at the kill hold their messages until the lease lapses (60 s in
      // production, where retries back off over minutes); shortened here with the retries below.
      EMAIL_SEND_LEASE_SECONDS: '4',
    },
    echo: false,
  });
}, 180_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await host?.stop();
  await destroyCluster(cluster.dataDir);
  await rm(folder, { recursive: true, force: true });
});

it('finishes a campaign exactly once after Postgres is killed mid-send and started again', async () => {
  const [org] = await query<{ id: string }>(
    `insert into public.organizations (name, postal_address) values ('Crash Training', '3 Test Street, Leeds') returning id`,
  );
  const orgId = org?.id as string;
  await query(
    `insert into public.contacts (org_id, first_name, last_name, email, created_at)
     select $1, 'Trainee', 'Number ' || n, 'trainee' || n || '@crash.example', now() from generate_series(1, $2::int) n`,
    [orgId, RECIPIENTS],
  );
  await query(`insert into public.consent_events (org_id, contact_id, purpose, granted, source) select org_id, id, 'marketing_email', true, 'import' from public.contacts where org_id = $1`, [orgId]);
  const [segment] = await query<{ id: string }>(`insert into public.segments (org_id, name, audience, filter) values ($1, 'Everyone', 'contacts', '{"marketingConsent": true}') returning id`, [orgId]);
  const { editableProps } = await import('../../lib/marketing/template-props');
  const [campaign] = await query<{ id: string }>(
    `insert into public.campaigns (org_id, name, segment_id, template, props, status, scheduled_at) values ($1, 'Crash campaign', $2, 'welcome', $3, 'scheduled', now()) returning id`,
    [orgId, segment?.id, JSON.stringify(editableProps('welcome'))],
  );
  const campaignId = campaign?.id as string;

  // The worker as production runs it: its own process, the runtime login only.
  const { DATABASE_URL: _owner, AUTHENTICATOR_PASSWORD: _password, ...env } = process.env;
  worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/jobs/worker.ts')], {
    cwd: root,
    env: {
      ...env,
      APP_DATABASE_URL: appUrl(),
      SUPABASE_URL: host.url,
      SUPABASE_JWT_SECRET: jwtSecret,
      JOBS_MONITOR_SECONDS: '1',
      // Retries that outlast the lease (2 + 4 + 4 + 4 + 4 s), as production's (10 s doubling to 15 min) outlast 60 s.
      JOBS_QUEUE_OVERRIDES: JSON.stringify({ campaignSend: { retryDelay: 2, retryDelayMax: 4 }, campaignFanout: { retryDelay: 1, retryDelayMax: 2 } }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let workerLog = '';
  worker.stderr?.on('data', (chunk) => {
    workerLog += chunk;
  });

  const sent = async () => Number((await query<{ n: number }>('select sent_count as n from public.campaigns where id = $1', [campaignId]))[0]?.n ?? 0);
  await until('a quarter of the campaign to be sent', async () => (await sent()) >= RECIPIENTS / 4, 90_000, 50);

  // No shutdown at all: the postmaster is killed, its backends die with it.
  const pid = Number((await readFile(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const restarted = await startCluster(cluster);
  expect(restarted.url).toBe(ownerUrl);

  const diagnose = async () => {
    const row = await query('select status, sent_count, failed_count, suppressed_count, cancelled_count, recipients_total, fanout_done_at, run from public.campaigns where id = $1', [campaignId]);
    const statuses = await query('select status, count(*)::int as n from public.campaign_recipients where campaign_id = $1 group by 1', [campaignId]);
    const jobs = await query("select name, state, count(*)::int as n, max(retry_count) as retries from pgboss.job where data->>'campaignId' = $1 group by 1, 2", [campaignId]);
    const failures = await query("select output, completed_on, started_on from pgboss.job where name = 'campaign-send' and state = 'failed' and data->>'campaignId' = $1 limit 2", [campaignId]);
    return JSON.stringify({ row, statuses, jobs, failures, workerLog: workerLog.slice(-1500) });
  };
  const done = await until(
    'the campaign to complete after the restart',
    async () => {
      const rows = await query<{ status: string; sent_count: number; failed_count: number; recipients_total: number }>(
        'select status, sent_count, failed_count, recipients_total from public.campaigns where id = $1',
        [campaignId],
      ).catch(() => []);
      return rows[0]?.status === 'completed' ? rows[0] : null;
    },
    120_000,
    250,
  ).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}: ${await diagnose()}`);
  });
  const [counts] = await query<{ messages: number; people: number; outbox: number; recipients_sent: number }>(
    `select (select count(*) from public.email_messages m where m.campaign_id = $1)::int as messages,
            (select count(distinct m.contact_id) from public.email_messages m where m.campaign_id = $1)::int as people,
            (select count(*) from public.email_outbox o join public.email_messages m on m.id = o.message_id where m.campaign_id = $1)::int as outbox,
            (select count(*) from public.campaign_recipients r where r.campaign_id = $1 and r.status = 'sent')::int as recipients_sent`,
    [campaignId],
  );
  if (counts?.outbox !== RECIPIENTS) console.log('[crash]', JSON.stringify(done), JSON.stringify(counts), JSON.stringify(await query("select m.status, (o.id is null) as no_outbox, count(*)::int as n from public.email_messages m left join public.email_outbox o on o.message_id = m.id where m.campaign_id = $1 group by 1, 2", [campaignId])), await diagnose());
  expect(counts).toEqual({ messages: RECIPIENTS, people: RECIPIENTS, outbox: RECIPIENTS, recipients_sent: RECIPIENTS });
  expect(done).toMatchObject({ recipients_total: RECIPIENTS, sent_count: RECIPIENTS, failed_count: 0 });
  // The worker lived through it: it reconnected rather than crashing.
  expect(worker.exitCode).toBeNull();
}, 300_000);
