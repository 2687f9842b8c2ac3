/**
 * When sending goes wrong, through the real functions host against the Resend stand-in:
 * rate limits and outages are retried with backoff (honouring retry-after) and surface as
 * `failed` after the last retry; props a template refuses fail at once, without retrying,
 * and show on the campaign; and a campaign can be paused, resumed and cancelled mid-send
 * without anyone getting two messages.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asService } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import type { RunningWorker } from '../../lib/jobs/worker';
import { commandCampaign } from '../../lib/marketing/campaigns';
import type { FunctionsHost } from '../../scripts/functions-host';
import { type ResendStandIn, startResendStandIn } from '../support/resend-stand-in';
import { campaign, campaignRow, functionsHost, marketerOf, organisationWithPeople, segmentOfEveryone, until, worker } from './jobs-support';

let standIn: ResendStandIn;
let host: FunctionsHost;
let running: RunningWorker;
const db = () => ownerDb();
// Three attempts in all: the first and two retries.
const RETRIES = 2;

beforeAll(async () => {
  standIn = await startResendStandIn();
  host = await functionsHost({ baseUrl: standIn.url });
  const policy = { retryLimit: RETRIES, retryDelay: 1, retryDelayMax: 1 };
  running = await worker(host, { emailSend: policy, campaignSend: policy });
}, 120_000);

beforeEach(() => {
  standIn.reset();
  standIn.setLatency(0);
});

afterAll(async () => {
  await running?.stop();
  await Promise.all([host?.stop(), standIn?.close()]);
});

/** People of organisationWithPeople(…) have addresses ending in .<tag>@example.com. */
const ofOrganisation = (tag: string) => (email: string) => email.endsWith(`.${tag}@example.com`);

const keysOf = (request: { body: unknown; headers: Record<string, string> }) =>
  Array.isArray(request.body) ? (request.body as { tags: { name: string; value: string }[] }[]) : [];

// Each case waits out real backoff (retry-after, retry delays) across three attempts.
describe('provider failures', { timeout: 90_000 }, () => {
  it('retries a rate-limited transactional email after retry-after, then fails it after the last retry', async () => {
    const { orgId, tag } = await organisationWithPeople(1, 'RateLimit');
    const contact = await db().selectFrom('contacts').select('id').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const course = await db().insertInto('courses').values({ org_id: orgId, code: `RL-${randomUUID().slice(0, 6)}`, title: 'Agile Project Management', level: 'foundation', duration_hours: 14, price: 900 }).returning('id').executeTakeFirstOrThrow();
    // Only this organisation's mail: the worker also drains what earlier test files left queued.
    standIn.failNext({ status: 429, retryAfterSeconds: 2 }, RETRIES + 1, ofOrganisation(tag));
    // Issued as named system work: the certificate email is raised by the database.
    const certificate = await asService('test: issue a certificate', (tx) =>
      tx.insertInto('certifications').values({ org_id: orgId, contact_id: contact.id, course_id: course.id, certificate_number: `RL-${randomUUID().slice(0, 8).toUpperCase()}`, issued_at: '2026-11-01' }).returning('id').executeTakeFirstOrThrow(),
    );
    const trigger = await until('the certificate email to fail', async () => {
      const row = await db().selectFrom('email_triggers').selectAll().where('record_id', '=', certificate.id).executeTakeFirst();
      return row?.status === 'failed' ? row : null;
    }, 45_000);
    expect(trigger.last_error).toMatch(/^Gave up after the last retry: rate_limited/);
    const message = await db().selectFrom('email_messages').selectAll().where('id', '=', trigger.message_id as string).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ status: 'failed', attempts: RETRIES + 1, idempotency_key: `trigger:certification-issued:${trigger.id}` });
    expect(message.last_error).toContain('Resend 429');
    const attempts = standIn.requests.filter((r) => r.headers['idempotency-key']?.endsWith(message.idempotency_key));
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 429]);
    // retry-after: 2 held every later attempt back at least that long.
    for (let i = 1; i < attempts.length; i++) expect((attempts[i]?.at ?? 0) - (attempts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1900);
    const dead = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'email-send.dead' and data->>'triggerId' = ${trigger.id}`.execute(db());
    expect(dead.rows[0]?.n).toBe(1);
  });

  it('retries an outage (500) of a campaign batch and fails its recipients after the last retry', async () => {
    const { orgId, tag } = await organisationWithPeople(3, 'Outage');
    standIn.failNext({ status: 500 }, RETRIES + 1, ofOrganisation(tag));
    const id = await campaign(orgId, await segmentOfEveryone(orgId));
    const done = await until('the campaign to finish', async () => {
      const c = await campaignRow(id);
      return c.status === 'completed' ? c : null;
    }, 45_000);
    expect(done).toMatchObject({ recipients_total: 3, sent_count: 0, failed_count: 3 });
    expect(done.last_error).toContain('provider_unavailable');
    const calls = standIn.requests.filter((r) => keysOf(r).some((m) => m.tags.some((t) => t.value === id)));
    expect(calls.map((r) => [r.path, r.batchSize, r.status])).toEqual([
      ['/emails/batch', 3, 500],
      ['/emails/batch', 3, 500],
      ['/emails/batch', 3, 500],
    ]);
    const messages = await db().selectFrom('email_messages').select(['status', 'last_error']).where('campaign_id', '=', id).execute();
    expect(messages).toHaveLength(3);
    expect(messages.every((m) => m.status === 'failed' && m.last_error?.includes('Resend 500'))).toBe(true);
  });
});

describe('props a template refuses', () => {
  it('fail every recipient at once, without a retry, show on the campaign, and send nothing', async () => {
    const { orgId, tag } = await organisationWithPeople(5, 'BadProps');
    const id = await campaign(orgId, await segmentOfEveryone(orgId), { programmeName: 'ITIL 4' });
    const done = await until('the campaign to finish', async () => {
      const c = await campaignRow(id);
      return c.status === 'completed' ? c : null;
    });
    expect(done).toMatchObject({ recipients_total: 5, failed_count: 5, sent_count: 0 });
    expect(done.last_error).toMatch(/^Latest failure \(5 in one batch\): invalid_props: .*props\.dashboardUrl/);
    const recipients = await db().selectFrom('campaign_recipients').select(['status', 'last_error']).where('campaign_id', '=', id).execute();
    expect(recipients.every((r) => r.status === 'failed' && r.last_error?.startsWith('invalid_props'))).toBe(true);
    expect(await db().selectFrom('email_messages').select('id').where('campaign_id', '=', id).execute()).toEqual([]);
    expect(standIn.requests.filter((r) => JSON.stringify(r.body).includes(tag))).toEqual([]);
    const jobs = await sql<{ name: string; state: string; retry_count: number }>`
      select name, state, retry_count from pgboss.job where name like 'campaign-send%' and data->>'campaignId' = ${id} order by name`.execute(db());
    expect(jobs.rows).toEqual([
      { name: 'campaign-send', state: 'failed', retry_count: 0 },
      { name: 'campaign-send.dead', state: 'created', retry_count: 0 },
    ]);
  });
});

describe('pause, resume, cancel', () => {
  it('pauses between batches and resumes where it stopped, still one message per person', async () => {
    const people = 2000;
    const { orgId } = await organisationWithPeople(people, 'Pause');
    const marketer = await marketerOf(orgId);
    standIn.setLatency(300);
    const id = await campaign(orgId, await segmentOfEveryone(orgId));
    await until('sending to start', async () => (await campaignRow(id)).sent_count > 0);
    await commandCampaign(marketer, id, 'pause');
    // Batches already with the provider finish; nothing else goes out.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const paused = await campaignRow(id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await campaignRow(id)).toMatchObject({ status: 'paused', sent_count: paused.sent_count });
    expect(paused.sent_count).toBeLessThan(people);

    standIn.setLatency(0);
    await commandCampaign(marketer, id, 'resume');
    const done = await until('the resumed campaign to complete', async () => {
      const c = await campaignRow(id);
      return c.status === 'completed' ? c : null;
    }, 60_000);
    expect(done).toMatchObject({ recipients_total: people, sent_count: people, run: 2 });
    const messages = await sql<{ n: number; people: number }>`
      select count(*)::int as n, count(distinct contact_id)::int as people from public.email_messages where campaign_id = ${id}`.execute(db());
    expect(messages.rows[0]).toEqual({ n: people, people });
  });

  it('cancels: recipients still waiting are never sent to, and the counts add up', async () => {
    const people = 2000;
    const { orgId } = await organisationWithPeople(people, 'Cancel');
    const marketer = await marketerOf(orgId);
    standIn.setLatency(300);
    const id = await campaign(orgId, await segmentOfEveryone(orgId));
    await until('sending to start', async () => (await campaignRow(id)).sent_count > 0);
    await commandCampaign(marketer, id, 'cancel');
    // A batch already with the provider when the cancel came is counted as sent, not cancelled.
    const settled = await until('in-flight batches to settle', async () => {
      const pending = await db().selectFrom('campaign_recipients').select('id').where('campaign_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      const sent = await db().selectFrom('email_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', id).where('status', '=', 'sent').executeTakeFirstOrThrow();
      const c = await campaignRow(id);
      return !pending && Number(sent.n) === c.sent_count && c.sent_count + c.cancelled_count === people ? c : null;
    }, 20_000);
    expect(settled.status).toBe('cancelled');
    expect(settled.cancelled_count).toBeGreaterThan(0);
    expect(settled.sent_count).toBeGreaterThan(0);
  });
});
