/**
 * Helpers for the worker tests: a functions host of their own (outbox, or Resend pointed at
 * the stand-in), an organisation of their own with people who consented, a worker running
 * in this process with senders bound to that host, and waiting for the database to say so.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { appDatabaseUrl } from '../../lib/db/client';
import { ownerDb } from '../../lib/db/owner';
import { createEmailBatchSender, createEmailSender } from '../../lib/email/send';
import type { QueueOverrides } from '../../lib/jobs/queues';
import { type RunningWorker, startWorker } from '../../lib/jobs/worker';
import { editableProps } from '../../lib/marketing/template-props';
import { type FunctionsHost, startFunctionsHost } from '../../scripts/functions-host';
import { freePort } from '../support/free-port';

export const jwtSecret = randomBytes(32).toString('base64url');
process.env.EMAIL_LINK_SECRET ??= randomBytes(32).toString('base64url');

export async function functionsHost(resend?: { baseUrl: string }): Promise<FunctionsHost> {
  return startFunctionsHost({
    port: await freePort(),
    env: {
      APP_DATABASE_URL: appDatabaseUrl(),
      SUPABASE_JWT_SECRET: jwtSecret,
      EMAIL_LINK_SECRET: process.env.EMAIL_LINK_SECRET,
      APP_URL: 'http://localhost:3999',
      RESEND_API_KEY: resend ? 're_test_jobs' : '',
      RESEND_BASE_URL: resend?.baseUrl ?? '',
    },
    echo: false,
  });
}

/** A worker in this process, sending through `host`, with fast retries unless told otherwise. */
export function worker(host: FunctionsHost, overrides: QueueOverrides = {}): Promise<RunningWorker> {
  const fast = { retryDelay: 1, retryDelayMax: 2 };
  return startWorker({
    send: createEmailSender({ supabaseUrl: host.url, jwtSecret }),
    sendBatch: createEmailBatchSender({ supabaseUrl: host.url, jwtSecret }),
    monitorSeconds: 2,
    schedules: false,
    queueOverrides: { campaignSend: fast, emailSend: fast, campaignFanout: fast, ...overrides },
  });
}

/** A new organisation with `people` contacts who all consented to marketing email. */
export async function organisationWithPeople(people: number, label = 'Jobs'): Promise<{ orgId: string; tag: string }> {
  const tag = randomUUID().slice(0, 8);
  const db = ownerDb();
  const org = await db
    .insertInto('organizations')
    .values({ name: `${label} Training ${tag}`, postal_address: '2 Test Street, Leeds LS1 2AB, United Kingdom', brand_color: '#0F766E' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into public.contacts (org_id, first_name, last_name, email, created_at)
            select ${org.id}::uuid, 'Trainee', 'Number ' || n, 'trainee' || n || '.' || ${tag} || '@example.com', now()
              from generate_series(1, ${people}) n`.execute(db);
  await sql`insert into public.consent_events (org_id, contact_id, purpose, granted, source)
            select org_id, id, 'marketing_email', true, 'import' from public.contacts where org_id = ${org.id}`.execute(db);
  return { orgId: org.id, tag };
}

export async function segmentOfEveryone(orgId: string): Promise<string> {
  const segment = await ownerDb()
    .insertInto('segments')
    .values({ org_id: orgId, name: `Everyone ${randomUUID().slice(0, 6)}`, audience: 'contacts', filter: { marketingConsent: true } })
    .returning('id')
    .executeTakeFirstOrThrow();
  return segment.id;
}

/** A campaign inserted as system work (bypassing the form's checks), scheduled to go now. */
export async function campaign(orgId: string, segmentId: string, props: Record<string, unknown> = editableProps('welcome')): Promise<string> {
  const row = await ownerDb()
    .insertInto('campaigns')
    .values({ org_id: orgId, name: `Campaign ${randomUUID().slice(0, 6)}`, segment_id: segmentId, template: 'welcome', props: props as never, status: 'scheduled', scheduled_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const welcomeProps = () => editableProps('welcome');
export const previewOf = (name: keyof typeof emailTemplates) => structuredClone(emailTemplates[name].previewProps);

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const campaignRow = (id: string) => ownerDb().selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A marketing member of `orgId` (a new staff user), to act through the service under RLS. */
export async function marketerOf(orgId: string): Promise<{ userId: string; email: string; orgId: string }> {
  const userId = randomUUID();
  const email = `marketer-${userId.slice(0, 8)}@example.com`;
  await sql`insert into identity."user" (id, name, email, "emailVerified") values (${userId}, 'Test Marketer', ${email}, true)`.execute(ownerDb());
  await ownerDb().insertInto('memberships').values({ org_id: orgId, user_id: userId, role: 'marketing', display_name: 'Test Marketer', email }).execute();
  return { userId, email, orgId };
}
