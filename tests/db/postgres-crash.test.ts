/**
 * Faults on a cluster of its own, with a worker process and a functions host pointed at it:
 * Postgres itself killed (SIGKILL of the postmaster: no shutdown, no checkpoint) in the middle
 * of a campaign, of an import and of a merge, then started again on the same port; and the
 * functions host killed in the middle of a campaign and started again. The worker and the host
 * reconnect by themselves, every job completes, and nothing is lost or done twice — one message
 * per recipient, one contact per imported row, a merge either whole or not at all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
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
let hostOptions: Parameters<typeof startFunctionsHost>[0];
let worker: ChildProcess | undefined;
let workerLog = '';
let orgId: string;
let adminId: string;

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
  hostOptions = {
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
  };
  host = await startFunctionsHost(hostOptions);

  const [org] = await query<{ id: string }>(
    `insert into public.organizations (name, postal_address) values ('Crash Training', '3 Test Street, Leeds') returning id`,
  );
  orgId = org?.id as string;
  adminId = randomUUID();
  await query(`insert into identity."user" (id, name, email, "emailVerified") values ($1, 'Crash Admin', 'admin@crash.example', true)`, [adminId]);
  await query(`insert into public.memberships (org_id, user_id, role, display_name, email) values ($1, $2, 'admin', 'Crash Admin', 'admin@crash.example')`, [orgId, adminId]);

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
      JOBS_QUEUE_OVERRIDES: JSON.stringify({
        campaignSend: { retryDelay: 2, retryDelayMax: 4 },
        campaignFanout: { retryDelay: 1, retryDelayMax: 2 },
        // The drain running at the kill could not record its failure: it comes back when its heartbeat lapses (30 s in production).
        importDrain: { retryDelay: 1, retryDelayMax: 2, heartbeatSeconds: 10 },
      }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.stderr?.on('data', (chunk) => {
    workerLog += chunk;
  });
}, 180_000);

/** No shutdown at all: the postmaster is killed, its backends die with it; then it starts again. */
async function killPostgresAndRestart(): Promise<void> {
  const pid = Number((await readFile(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const restarted = await startCluster(cluster);
  expect(restarted.url).toBe(ownerUrl);
}

/** A scheduled campaign to `people` new trainees with marketing consent, tagged `label`. */
async function campaignTo(people: number, label: string): Promise<string> {
  await query(
    `insert into public.contacts (org_id, first_name, last_name, email, source, created_at)
     select $1, 'Trainee', 'Number ' || n, $3 || n || '@crash.example', 'event', now() from generate_series(1, $2::int) n`,
    [orgId, people, label],
  );
  await query(
    `insert into public.consent_events (org_id, contact_id, purpose, granted, source)
     select org_id, id, 'marketing_email', true, 'import' from public.contacts where org_id = $1 and email like $2`,
    [orgId, `${label}%`],
  );
  const [tag] = await query<{ id: string }>('insert into public.tags (org_id, name) values ($1, $2) returning id', [orgId, label]);
  await query(`insert into public.taggings (org_id, tag_id, contact_id) select org_id, $3, id from public.contacts where org_id = $1 and email like $2`, [orgId, `${label}%`, tag?.id]);
  const [segment] = await query<{ id: string }>(
    `insert into public.segments (org_id, name, audience, filter) values ($1, $2, 'contacts', $3) returning id`,
    [orgId, `Everyone ${label}`, JSON.stringify({ marketingConsent: true, tagIds: [tag?.id] })],
  );
  const { editableProps } = await import('../../lib/marketing/template-props');
  const [campaign] = await query<{ id: string }>(
    `insert into public.campaigns (org_id, name, segment_id, template, props, status, scheduled_at) values ($1, $2, $3, 'welcome', $4, 'scheduled', now()) returning id`,
    [orgId, `Campaign ${label}`, segment?.id, JSON.stringify(editableProps('welcome'))],
  );
  return campaign?.id as string;
}

const sentOf = async (campaignId: string) =>
  Number((await query<{ n: number }>('select sent_count as n from public.campaigns where id = $1', [campaignId]).catch(() => []))[0]?.n ?? 0);

/** Waits for the campaign to complete, then: exactly one message and one send per recipient. */
async function expectSentExactlyOnce(campaignId: string, recipients: number): Promise<void> {
  const diagnose = async () => {
    const row = await query('select status, sent_count, failed_count, suppressed_count, cancelled_count, recipients_total, fanout_done_at, run from public.campaigns where id = $1', [campaignId]);
    const statuses = await query('select status, count(*)::int as n from public.campaign_recipients where campaign_id = $1 group by 1', [campaignId]);
    const jobs = await query("select name, state, count(*)::int as n, max(retry_count) as retries from pgboss.job where data->>'campaignId' = $1 group by 1, 2", [campaignId]);
    const failures = await query("select output, completed_on, started_on from pgboss.job where name = 'campaign-send' and state = 'failed' and data->>'campaignId' = $1 limit 2", [campaignId]);
    return JSON.stringify({ row, statuses, jobs, failures, workerLog: workerLog.slice(-1500) });
  };
  const done = await until(
    'the campaign to complete after the fault',
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
  if (counts?.outbox !== recipients) console.log('[crash]', JSON.stringify(done), JSON.stringify(counts), await diagnose());
  expect(counts).toEqual({ messages: recipients, people: recipients, outbox: recipients, recipients_sent: recipients });
  expect(done).toMatchObject({ recipients_total: recipients, sent_count: recipients, failed_count: 0 });
  // The worker lived through it: it reconnected rather than crashing.
  expect(worker?.exitCode).toBeNull();
}

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await host?.stop();
  await destroyCluster(cluster.dataDir);
  await rm(folder, { recursive: true, force: true });
});

it('finishes a campaign exactly once after Postgres is killed mid-send and started again', async () => {
  const campaignId = await campaignTo(RECIPIENTS, 'trainee');
  await until('a quarter of the campaign to be sent', async () => (await sentOf(campaignId)) >= RECIPIENTS / 4, 90_000, 50);
  await killPostgresAndRestart();
  await expectSentExactlyOnce(campaignId, RECIPIENTS);
}, 300_000);

it('finishes a campaign exactly once after the functions host is killed mid-send and started again', async () => {
  const people = 2_000;
  const campaignId = await campaignTo(people, 'hostfault');
  await until('a quarter of the campaign to be sent', async () => (await sentOf(campaignId)) >= people / 4, 90_000, 50);
  // The batches in flight die with it; the worker's calls fail until it is back.
  process.kill(host.pid, 'SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  host = await startFunctionsHost(hostOptions);
  await expectSentExactlyOnce(campaignId, people);
}, 300_000);

it('finishes an import exactly once after Postgres is killed mid-run: one contact per row, none twice', async () => {
  const rows = 60_000;
  const headers = ['Email', 'First Name', 'Last Name'];
  const file = Buffer.from(`${[headers.join(','), ...Array.from({ length: rows }, (_, i) => `imported${i + 1}@crash.example,Imported,Person ${i + 1}`)].join('\n')}\n`);
  const [imp] = await query<{ id: string }>(
    `insert into public.imports (org_id, requested_by, object, file_name, file_format, encoding, delimiter, headers, mapping, mode, match, file_chunks, file_bytes)
     values ($1, $2, 'contacts', 'crash.csv', 'csv', 'utf-8', ',', $3, $4, 'create', 'email', 1, $5) returning id`,
    [orgId, adminId, headers, JSON.stringify({ 0: 'email', 1: 'first_name', 2: 'last_name' }), file.length],
  );
  const importId = imp?.id as string;
  await query('insert into public.import_file_chunks (import_id, org_id, seq, data) values ($1, $2, 0, $3)', [importId, orgId, file]);
  await query(`update public.imports set status = 'queued' where id = $1`, [importId]);

  const progress = async () => (await query<{ status: string; rows_done: number }>('select status, rows_done from public.imports where id = $1', [importId]).catch(() => []))[0];
  await until('the import to be part way', async () => {
    const p = await progress();
    return p && p.rows_done > 0 && p.rows_done < rows / 2 ? p : null;
  }, 90_000, 20);
  await killPostgresAndRestart();

  const done = await until('the import to finish after the restart', async () => {
    const [row] = await query<{ status: string; summary: Record<string, unknown>; rows_done: number }>('select status, summary, rows_done from public.imports where id = $1', [importId]).catch(() => []);
    return row?.status === 'done' ? row : null;
  }, 180_000, 250).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(await progress())} ${workerLog.slice(-1500)}`);
  });
  expect(done.summary).toMatchObject({ rows, created: rows, updated: 0, refused: {} });
  const [contacts] = await query<{ n: number; people: number }>(
    `select count(*)::int as n, count(distinct lower(email::text))::int as people from public.contacts where org_id = $1 and email like 'imported%'`,
    [orgId],
  );
  expect(contacts).toEqual({ n: rows, people: rows });
  expect(worker?.exitCode).toBeNull();
}, 300_000);

it('leaves a merge whole or not at all when Postgres is killed in the middle of it', async () => {
  const activities = 25_000;
  const twins = await query<{ id: string }>(
    `insert into public.contacts (org_id, first_name, last_name, email, source)
     values ($1, 'Twin', 'One', 'twin@crash.example', 'event'), ($1, 'Twin', 'Two', 'twin.two@crash.example', 'event') returning id`,
    [orgId],
  );
  const [survivor, merged] = twins.map((t) => t.id) as [string, string];
  await query(
    `insert into public.activities (org_id, kind, subject, contact_id)
     select $1, 'note', 'Note ' || n, case when n % 2 = 0 then $2::uuid else $3::uuid end from generate_series(1, $4::int) n`,
    [orgId, survivor, merged, activities * 2],
  );
  const countsNow = () =>
    query<{ contact_id: string; n: number }>('select contact_id, count(*)::int as n from public.activities where contact_id = any($1) group by 1 order by 1', [[survivor, merged]]);
  const before = await countsNow();

  // The merge as the app runs it: one transaction, as the signed-in admin.
  const merge = async () => {
    const client = new pg.Client({ connectionString: ownerUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: adminId, role: 'authenticated', email: 'admin@crash.example' }),
      ]);
      const { rows } = await client.query<{ id: string }>(`select private.merge_records('contacts', $1::uuid, $2::uuid[], '{}'::jsonb) as id`, [survivor, [merged]]);
      await client.query('commit');
      return rows[0]?.id as string;
    } finally {
      await client.end().catch(() => {});
    }
  };
  // Held in the middle, deterministically: the merge moves its tables in name order, so with a
  // lead of the merged contact locked by another session it has moved every activity (the
  // first table) and waits on that lead, uncommitted, for as long as it takes to kill Postgres.
  const [lead] = await query<{ id: string }>(
    `insert into public.leads (org_id, last_name, email, status, converted_at, converted_contact_id)
     values ($1, 'Two', 'twin.two@crash.example', 'converted', now(), $2) returning id`,
    [orgId, merged],
  );
  const locker = new pg.Client({ connectionString: ownerUrl });
  locker.on('error', () => {});
  await locker.connect();
  await locker.query('begin');
  await locker.query('select 1 from public.leads where id = $1 for update', [lead?.id]);

  let finished = false;
  const interrupted = merge().then(
    () => {
      finished = true;
    },
    (error: Error) => error,
  );
  await until(
    'the merge to be waiting on the locked lead, its activities moved',
    async () =>
      (
        await query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where query like '%merge_records%' and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        )
      )[0]?.n,
    30_000,
    20,
  );
  expect(finished).toBe(false);
  await killPostgresAndRestart();
  expect(await interrupted).toBeInstanceOf(Error);
  await locker.end().catch(() => {});

  // Nothing of it happened: both records as they were, every activity where it was, no merge kept.
  expect(await countsNow()).toEqual(before);
  expect(await query('select id from public.record_merges where survivor_id = $1', [survivor])).toHaveLength(0);
  expect(await query('select id from public.contacts where id = any($1) and deleted_at is null', [[survivor, merged]])).toHaveLength(2);

  // And it runs whole once the database is back.
  const mergeId = await merge();
  expect(mergeId).toBeTruthy();
  expect(await countsNow()).toEqual([{ contact_id: survivor, n: activities * 2 }]);
  expect(await query('select converted_contact_id from public.leads where id = $1', [lead?.id])).toEqual([{ converted_contact_id: survivor }]);
  expect(await query('select merged_into from public.contacts where id = $1 and deleted_at is not null', [merged])).toEqual([{ merged_into: survivor }]);
}, 300_000);
