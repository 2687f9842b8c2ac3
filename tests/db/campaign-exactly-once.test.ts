/**
 * Crash and resume: a 10,000-recipient campaign through the outbox transport, the worker
 * process killed with SIGKILL in the middle of sending (no chance to finish anything), a
 * new worker started — and every recipient has exactly one message and one outbox copy; the
 * same for an A/B campaign killed while the winner goes to the rest (each with its subject); and
 * two workers running at once, splitting one campaign between them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import type { FunctionsHost } from '../../scripts/functions-host';
import { root } from '../../scripts/database';
import { assertTestDatabase } from './support';
import { campaign, campaignRow, functionsHost, jwtSecret, organisationWithPeople, segmentOfEveryone, until } from './jobs-support';

const RECIPIENTS = 10_000;
let host: FunctionsHost;
const children: ChildProcess[] = [];

const stderrOf = new Map<ChildProcess, () => string>();
function workerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/jobs/worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      SUPABASE_URL: host.url,
      SUPABASE_JWT_SECRET: jwtSecret,
      // Reclaim the killed worker's jobs within seconds, and retry them at once.
      JOBS_MONITOR_SECONDS: '1',
      JOBS_QUEUE_OVERRIDES: JSON.stringify({ campaignSend: { retryDelay: 1, retryDelayMax: 1 }, campaignFanout: { retryDelay: 1, retryDelayMax: 1 } }),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Kept (the last few KB) to say why, should a worker not come up.
  let said = '';
  child.stderr?.on('data', (chunk) => {
    said = (said + chunk).slice(-4000);
  });
  stderrOf.set(child, () => said);
  children.push(child);
  return child;
}

beforeAll(async () => {
  assertTestDatabase();
  host = await functionsHost();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await host?.stop();
});

it('sends every recipient exactly one message when the worker is killed mid-campaign and restarted', async () => {
  const { orgId } = await organisationWithPeople(RECIPIENTS, 'Crash');
  const campaignId = await campaign(orgId, await segmentOfEveryone(orgId));

  const first = workerProcess();
  const atKill = await until('a quarter of the campaign to be sent', async () => {
    const c = await campaignRow(campaignId);
    return c.sent_count >= RECIPIENTS / 4 ? c : null;
  }, 60_000, 50);
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const stillActive = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'campaign-send' and state = 'active' and data->>'campaignId' = ${campaignId}`.execute(ownerDb());

  const started = Date.now();
  workerProcess();
  const done = await until('the campaign to complete', async () => {
    const c = await campaignRow(campaignId);
    return c.status === 'completed' ? c : null;
  }, 90_000, 250);

  const { rows } = await sql<{ messages: number; people: number; duplicates: number; outbox: number; outbox_messages: number; recipients_sent: number; keys_ok: number; retried_jobs: number }>`
    select (select count(*) from public.email_messages m where m.campaign_id = ${campaignId})::int as messages,
           (select count(distinct m.contact_id) from public.email_messages m where m.campaign_id = ${campaignId})::int as people,
           (select count(*) from (select m.contact_id from public.email_messages m where m.campaign_id = ${campaignId} group by m.contact_id having count(*) > 1) d)::int as duplicates,
           (select count(*) from public.email_outbox o join public.email_messages m on m.id = o.message_id where m.campaign_id = ${campaignId})::int as outbox,
           (select count(distinct o.message_id) from public.email_outbox o join public.email_messages m on m.id = o.message_id where m.campaign_id = ${campaignId})::int as outbox_messages,
           (select count(*) from public.campaign_recipients r where r.campaign_id = ${campaignId} and r.status = 'sent')::int as recipients_sent,
           (select count(*) from public.email_messages m where m.campaign_id = ${campaignId} and m.idempotency_key = 'campaign:' || ${campaignId} || ':' || m.contact_id)::int as keys_ok,
           (select count(*) from pgboss.job j where j.name = 'campaign-send' and j.data->>'campaignId' = ${campaignId} and j.retry_count > 0)::int as retried_jobs`.execute(ownerDb());
  const result = rows[0];
  console.log(
    `[exactly-once] killed at ${atKill.sent_count} sent with ${stillActive.rows[0]?.n} batch jobs in flight; the second worker finished in ${Date.now() - started} ms;`,
    JSON.stringify(result),
  );
  expect(result).toEqual({
    messages: RECIPIENTS,
    people: RECIPIENTS,
    duplicates: 0,
    outbox: RECIPIENTS,
    outbox_messages: RECIPIENTS,
    recipients_sent: RECIPIENTS,
    keys_ok: RECIPIENTS,
    retried_jobs: expect.any(Number),
  });
  expect(done).toMatchObject({ recipients_total: RECIPIENTS, sent_count: RECIPIENTS, failed_count: 0, suppressed_count: 0 });
  // The kill really interrupted work: the jobs it held were taken up again.
  expect(result?.retried_jobs).toBeGreaterThan(0);
}, 150_000);

it('sends an A/B campaign exactly once when the worker is killed while the winner goes to the rest', async () => {
  const { orgId } = await organisationWithPeople(RECIPIENTS, 'Crash AB');
  const campaignId = await campaign(orgId, await segmentOfEveryone(orgId));
  // A fifth in the test (A or B), the rest after the winner; no wait once the test is answered.
  await sql`update public.campaigns set subject = 'Subject A', ab_subject_b = 'Subject B', ab_test_percent = 20, ab_metric = 'clicks', ab_wait_minutes = 0 where id = ${campaignId}`.execute(ownerDb());

  const first = workerProcess();
  await until('the test share to be answered', async () => {
    const { rows } = await sql<{ pending: number; sent: number }>`
      select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'sent')::int as sent
        from public.campaign_recipients where campaign_id = ${campaignId} and ab_group in ('a', 'b')`.execute(ownerDb());
    const c = await campaignRow(campaignId);
    return c.fanout_done_at && rows[0]?.pending === 0 && (rows[0]?.sent ?? 0) === RECIPIENTS / 5;
  }, 60_000, 100);
  // B's readers click; the worker is woken to decide, and killed while the rest goes out.
  await sql`update public.email_messages m set clicked_at = now() from public.campaign_recipients r
             where r.message_id = m.id and r.campaign_id = ${campaignId} and r.ab_group = 'b'`.execute(ownerDb());
  await sql`select private.wake_worker('campaigns')`.execute(ownerDb());
  await until('a quarter of the rest to be sent', async () => {
    const c = await campaignRow(campaignId);
    return c.sent_count >= RECIPIENTS / 5 + RECIPIENTS / 5 ? c : null;
  }, 60_000, 50);
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));

  workerProcess();
  const done = await until('the campaign to complete', async () => {
    const c = await campaignRow(campaignId);
    return c.status === 'completed' ? c : null;
  }, 90_000, 250);
  const { rows } = await sql<{ messages: number; people: number; wrong_subject: number; retried_jobs: number }>`
    select (select count(*) from public.email_messages m where m.campaign_id = ${campaignId})::int as messages,
           (select count(distinct m.contact_id) from public.email_messages m where m.campaign_id = ${campaignId})::int as people,
           (select count(*) from public.campaign_recipients r join public.email_messages m on m.id = r.message_id
             where r.campaign_id = ${campaignId} and m.subject is distinct from case r.ab_group when 'a' then 'Subject A' else 'Subject B' end)::int as wrong_subject,
           (select count(*) from pgboss.job j where j.name = 'campaign-send' and j.data->>'campaignId' = ${campaignId} and j.retry_count > 0)::int as retried_jobs`.execute(ownerDb());
  expect(rows[0]).toEqual({ messages: RECIPIENTS, people: RECIPIENTS, wrong_subject: 0, retried_jobs: expect.any(Number) });
  expect(done).toMatchObject({ ab_winner: 'b', recipients_total: RECIPIENTS, sent_count: RECIPIENTS, failed_count: 0 });
  expect(rows[0]?.retried_jobs).toBeGreaterThan(0);
}, 180_000);

it('splits a campaign between two workers running at once, every recipient still exactly once', async () => {
  // Only the two of this test: the earlier tests' workers stop first.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const pair = [workerProcess(), workerProcess()];
  // Both are up (each says so in its heartbeat) before there is anything to send.
  await until('both workers to beat', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from private.worker_heartbeats where pid = any(${pair.map((c) => c.pid as number)}::int[]) and beat_at > now() - interval '1 minute'`.execute(ownerDb());
    return (rows[0]?.n ?? 0) === 2;
  }, 60_000, 100).catch((error: Error) => {
    throw new Error(`${error.message}; the workers said: ${pair.map((c) => stderrOf.get(c)?.() || '(nothing)').join(' | ')}`);
  });

  const { orgId } = await organisationWithPeople(RECIPIENTS / 2, 'Two workers');
  const campaignId = await campaign(orgId, await segmentOfEveryone(orgId));
  const done = await until('the campaign to complete', async () => {
    const c = await campaignRow(campaignId);
    return c.status === 'completed' ? c : null;
  }, 90_000, 250);
  const { rows } = await sql<{ messages: number; people: number; outbox: number }>`
    select (select count(*) from public.email_messages m where m.campaign_id = ${campaignId})::int as messages,
           (select count(distinct m.contact_id) from public.email_messages m where m.campaign_id = ${campaignId})::int as people,
           (select count(*) from public.email_outbox o join public.email_messages m on m.id = o.message_id where m.campaign_id = ${campaignId})::int as outbox`.execute(ownerDb());
  expect(rows[0]).toEqual({ messages: RECIPIENTS / 2, people: RECIPIENTS / 2, outbox: RECIPIENTS / 2 });
  expect(done).toMatchObject({ recipients_total: RECIPIENTS / 2, sent_count: RECIPIENTS / 2, failed_count: 0 });
  expect(pair.every((child) => child.exitCode === null)).toBe(true);
}, 150_000);
