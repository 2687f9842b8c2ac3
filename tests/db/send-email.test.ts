/**
 * send-email through the real Deno functions host, called by lib/email/send.ts
 * (supabase-js functions.invoke), against the Resend stand-in. Two hosts run side by side:
 * one with RESEND_API_KEY pointing at the stand-in, one without (the outbox transport).
 * Each test uses its own idempotency keys and contacts, so the seeded database is shared.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as unsubscribeOneClick } from '../../app/api/unsubscribe/[token]/route';
import { emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { asService } from '../../lib/db/session';
import { appDatabaseUrl } from '../../lib/db/client';
import { ownerDb } from '../../lib/db/owner';
import { createEmailSender, type EmailSender, type SendAs } from '../../lib/email/send';
import { type FunctionsHost, startFunctionsHost } from '../../scripts/functions-host';
import { signJwt } from '../../supabase/functions/_shared/jwt.ts';
import { verifyUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';
import { freePort } from '../support/free-port';
import { type ResendStandIn, startResendStandIn } from '../support/resend-stand-in';
import { CONTOSO, NORTHWIND, orgId, type Staff, staff } from './support';

const jwtSecret = randomBytes(32).toString('base64url');
// The app's unsubscribe route (called below) and the hosts must share the link secret.
process.env.EMAIL_LINK_SECRET ??= randomBytes(32).toString('base64url');
const linkSecret = process.env.EMAIL_LINK_SECRET;
const APP_URL = 'http://localhost:3999';

let standIn: ResendStandIn;
let resendHost: FunctionsHost;
let outboxHost: FunctionsHost;
let viaResend: EmailSender;
let viaOutbox: EmailSender;
let northwind: string;
let contoso: string;
let admin: Staff;
let sales1: Staff;
let sales2: Staff;
let viewer: Staff;

const system: SendAs = { system: 'test: send-email' };
const key = (label: string) => `test-${label}-${randomUUID()}`;
const transactional = () => structuredClone(emailTemplates['enrollment-confirmation'].previewProps) as Record<string, unknown>;
/** A transactional template staff may send themselves (the others are system work). */
const appointment = () => structuredClone(emailTemplates['appointment-confirmation'].previewProps) as Record<string, unknown>;
const marketing = () => structuredClone(emailTemplates.welcome.previewProps) as Record<string, unknown>;
const forKey = (k: string) => standIn.requests.filter((r) => r.headers['idempotency-key']?.endsWith(`/${k}`));

async function contact(org: string, owner: string | null = null): Promise<{ id: string; email: string }> {
  const email = `trainee-${randomUUID().slice(0, 8)}@example.com`;
  // created_at in milliseconds, like rows the app creates: list cursors (lib/crm) carry ms only.
  const row = await ownerDb()
    .insertInto('contacts')
    .values({ org_id: org, first_name: 'Priya', last_name: 'Shah', email, owner_id: owner, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email };
}

async function grantMarketing(org: string, contactId: string, granted = true): Promise<void> {
  await ownerDb()
    .insertInto('consent_events')
    .values({ org_id: org, contact_id: contactId, purpose: 'marketing_email', granted, source: 'web_form', proof: { form: 'newsletter' } })
    .execute();
}

async function suppress(org: string, email: string, reason: 'hard_bounce' | 'complaint' | 'unsubscribed'): Promise<void> {
  await asService('test: suppress an address', async (tx) => {
    const scope = reason === 'unsubscribed' ? 'marketing' : 'all';
    await sql`insert into public.suppressions (org_id, email_hash, reason, scope)
              values (${org}, private.email_hash(${org}, ${email}), ${reason}, ${scope})`.execute(tx);
  });
}

const messageByKey = (org: string, k: string) =>
  ownerDb().selectFrom('email_messages').selectAll().where('org_id', '=', org).where('idempotency_key', '=', k).executeTakeFirst();

beforeAll(async () => {
  [northwind, contoso, admin, sales1, sales2, viewer] = await Promise.all([
    orgId(NORTHWIND),
    orgId(CONTOSO),
    staff('admin@northwind.example'),
    staff('sales1@northwind.example'),
    staff('sales2@northwind.example'),
    staff('viewer@northwind.example'),
  ]);
  standIn = await startResendStandIn();
  const env = {
    APP_DATABASE_URL: appDatabaseUrl(),
    SUPABASE_JWT_SECRET: jwtSecret,
    EMAIL_LINK_SECRET: linkSecret,
    APP_URL,
    EMAIL_FROM: 'mail@northwind.test',
    RESEND_API_KEY: '',
    RESEND_BASE_URL: '',
  };
  const [resendPort, outboxPort] = [await freePort(), await freePort()];
  [resendHost, outboxHost] = await Promise.all([
    startFunctionsHost({ port: resendPort, env: { ...env, RESEND_API_KEY: 're_test_123', RESEND_BASE_URL: standIn.url }, echo: false }),
    startFunctionsHost({ port: outboxPort, env, echo: false }),
  ]);
  viaResend = createEmailSender({ supabaseUrl: resendHost.url, jwtSecret });
  viaOutbox = createEmailSender({ supabaseUrl: outboxHost.url, jwtSecret });
}, 120_000);

afterAll(async () => {
  await Promise.all([resendHost?.stop(), outboxHost?.stop(), standIn?.close()]);
});

describe('sending through Resend', () => {
  it('delivers a transactional email with the idempotency key, tags and the calendar attachment', async () => {
    const trainee = await contact(northwind, sales1.userId);
    const k = key('appointment');
    const outcome = await viaResend(
      { user: sales1 },
      {
        org_id: northwind, template: 'appointment-confirmation', contact_id: trainee.id, props: appointment(),
        idempotency_key: k, trigger_key: `appointment-booked:${k}`, tags: [{ name: 'source', value: 'test' }],
      },
    );
    expect(outcome).toMatchObject({ ok: true, result: { status: 'sent', transport: 'resend', duplicate: false } });
    const [request] = forKey(k);
    expect(request?.path).toBe('/emails');
    expect(request?.headers['idempotency-key']).toBe(`${northwind}/${k}`);
    expect(request?.headers.authorization).toBe('Bearer re_test_123');
    const body = request?.body as Record<string, unknown>;
    expect(body.to).toEqual([trainee.email]);
    expect(body.from).toBe('"Northwind Training" <mail@northwind.test>');
    expect(body.tags).toEqual([
      { name: 'source', value: 'test' },
      { name: 'template', value: 'appointment-confirmation' },
      { name: 'category', value: 'transactional' },
    ]);
    expect(body.html).toContain('Northwind Training Ltd, 14 Clerkenwell Green');
    expect(body.text).toContain(trainee.email);
    const [ics] = body.attachments as { filename: string; content: string }[];
    expect(Buffer.from(ics?.content ?? '', 'base64').toString()).toMatch(/^BEGIN:VCALENDAR/);
    expect((body.headers as Record<string, string>)['List-Unsubscribe']).toBeUndefined();

    const row = await messageByKey(northwind, k);
    expect(row).toMatchObject({ status: 'sent', transport: 'resend', contact_id: trainee.id, created_by: sales1.userId, attempts: 1 });
    expect(row?.provider_message_id).toBe(outcome.ok ? outcome.result.provider_message_id : null);
    expect(row?.sent_at).not.toBeNull();
  });

  it('sends once for a repeated idempotency key and returns the first result', async () => {
    const trainee = await contact(northwind);
    const request = { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: transactional(), idempotency_key: key('twice') };
    const first = await viaResend(system, request);
    const second = await viaResend(system, request);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.result).toEqual({ ...first.result, duplicate: true });
    expect(forKey(request.idempotency_key)).toHaveLength(1);
  });

  it('puts one-click List-Unsubscribe headers and a signed link on marketing mail', async () => {
    const person = await contact(northwind);
    await grantMarketing(northwind, person.id);
    const k = key('welcome');
    const outcome = await viaResend(system, { org_id: northwind, template: 'welcome', category: 'marketing', contact_id: person.id, props: marketing(), idempotency_key: k });
    expect(outcome).toMatchObject({ ok: true, result: { status: 'sent' } });
    const body = forKey(k)[0]?.body as { headers: Record<string, string>; html: string; text: string };
    expect(body.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const match = /^<(http:\/\/localhost:3999\/api\/unsubscribe\/(u1\.[^>]+))>, <mailto:unsubscribe@northwind\.test\?subject=unsubscribe%20u1\.[^>]+>$/.exec(
      body.headers['List-Unsubscribe'] ?? '',
    );
    expect(match).not.toBeNull();
    const token = match?.[2] ?? '';
    expect(await verifyUnsubscribeToken(token, linkSecret)).toBe(outcome.ok ? outcome.result.message_id : 'none');
    expect(body.html).toContain(`href="${APP_URL}/unsubscribe/${token}"`);
    expect(body.text).toContain(`${APP_URL}/unsubscribe/${token}`);
  });

  it('stops marketing mail at once after a one-click unsubscribe from the header link', async () => {
    const person = await contact(northwind);
    await grantMarketing(northwind, person.id);
    const k = key('before-unsub');
    await viaResend(system, { org_id: northwind, template: 'welcome', contact_id: person.id, props: marketing(), idempotency_key: k });
    const sent = forKey(k)[0]?.body as { headers: Record<string, string> } | undefined;
    const header = sent?.headers['List-Unsubscribe'] ?? '';
    const url = /^<([^>]+)>/.exec(header)?.[1] ?? '';
    const token = url.split('/').at(-1) ?? '';
    const response = await unsubscribeOneClick(new Request(url, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) }), {
      params: Promise.resolve({ token }),
    });
    expect(response.status).toBe(200);

    const after = key('after-unsub');
    const outcome = await viaResend(system, { org_id: northwind, template: 'welcome', contact_id: person.id, props: marketing(), idempotency_key: after });
    expect(outcome).toMatchObject({ ok: true, result: { status: 'suppressed', blocked_reason: 'no_consent' } });
    expect(forKey(after)).toHaveLength(0);
  });

  it('records marketing mail to someone without consent as suppressed and sends nothing', async () => {
    const person = await contact(northwind);
    await grantMarketing(northwind, person.id, true);
    await grantMarketing(northwind, person.id, false); // the latest event wins
    const k = key('no-consent');
    const outcome = await viaResend(system, { org_id: northwind, template: 'welcome', contact_id: person.id, props: marketing(), idempotency_key: k });
    expect(outcome).toMatchObject({ ok: true, result: { status: 'suppressed', blocked_reason: 'no_consent', transport: null } });
    expect(forKey(k)).toHaveLength(0);
    expect(await messageByKey(northwind, k)).toMatchObject({ status: 'suppressed', last_error: 'no_consent' });
  });

  it('does not send transactional mail to a hard-bounced address, but ignores a marketing unsubscribe', async () => {
    const bounced = await contact(northwind);
    await suppress(northwind, bounced.email, 'hard_bounce');
    const k = key('bounced');
    const blocked = await viaResend(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: bounced.id, props: transactional(), idempotency_key: k });
    expect(blocked).toMatchObject({ ok: true, result: { status: 'suppressed', blocked_reason: 'hard_bounce' } });
    expect(forKey(k)).toHaveLength(0);

    const unsubscribed = await contact(northwind);
    await suppress(northwind, unsubscribed.email, 'unsubscribed');
    const sent = await viaResend(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: unsubscribed.id, props: transactional(), idempotency_key: key('unsub-tx') });
    expect(sent).toMatchObject({ ok: true, result: { status: 'sent' } });
  });

  it('reports a provider 429 as retryable with retry-after, and a retry with the same key then sends once', async () => {
    const trainee = await contact(northwind);
    const request = { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: transactional(), idempotency_key: key('rate') };
    standIn.failNext({ status: 429, retryAfterSeconds: 7 });
    const limited = await viaResend(system, request);
    expect(limited).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited', retryable: true, retry_after_seconds: 7 } });
    expect(await messageByKey(northwind, request.idempotency_key)).toMatchObject({ status: 'queued', locked_until: null });

    const retried = await viaResend(system, request);
    expect(retried).toMatchObject({ ok: true, result: { status: 'sent', duplicate: false } });
    expect(forKey(request.idempotency_key).map((r) => r.status)).toEqual([429, 200]);
    expect(await messageByKey(northwind, request.idempotency_key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('reports a provider 500 as retryable (503 provider_unavailable)', async () => {
    const trainee = await contact(northwind);
    standIn.failNext({ status: 500 });
    const outcome = await viaResend(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: transactional(), idempotency_key: key('outage') });
    expect(outcome).toMatchObject({ ok: false, status: 503, error: { code: 'provider_unavailable', retryable: true } });
  });
});

describe('sending to the local outbox (no RESEND_API_KEY)', () => {
  it('writes the rendered message exactly as it would be sent', async () => {
    const trainee = await contact(northwind);
    const k = key('outbox');
    const outcome = await viaOutbox(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: transactional(), idempotency_key: k });
    expect(outcome).toMatchObject({ ok: true, result: { status: 'sent', transport: 'outbox', provider_message_id: null } });
    if (!outcome.ok) return;
    const row = await ownerDb().selectFrom('email_outbox').selectAll().where('message_id', '=', outcome.result.message_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ org_id: northwind, to_address: trainee.email, from_address: '"Northwind Training" <mail@northwind.test>' });
    expect(row.html).toMatch(/^<!DOCTYPE html/);
    expect(row.text).toContain('Northwind Training Ltd, 14 Clerkenwell Green');
    expect(row.headers).toEqual({ 'X-Entity-Ref-ID': outcome.result.message_id });
    expect(row.attachments).toEqual([expect.objectContaining({ filename: expect.stringMatching(/\.ics$/), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' })]);
    expect(forKey(k)).toHaveLength(0);
  });
});

describe('refusals', () => {
  it('answers invalid props with 400 and records nothing', async () => {
    const trainee = await contact(northwind);
    const k = key('bad-props');
    const outcome = await viaOutbox(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: { session: { courseTitle: '' } }, idempotency_key: k });
    expect(outcome).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_props', retryable: false } });
    if (!outcome.ok) expect(outcome.error.issues?.some((i) => i.path[0] === 'props')).toBe(true);
    expect(await messageByKey(northwind, k)).toBeUndefined();
  });

  it('answers a missing, forged or expired token with 401', async () => {
    const call = (token?: string) =>
      fetch(`${outboxHost.url}/functions/v1/send-email`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ org_id: northwind, template: 'welcome', to: 'x@example.com', idempotency_key: key('401') }),
      });
    const forged = await signJwt({ role: 'service_role' }, randomBytes(32).toString('base64url'));
    const expired = await signJwt({ role: 'service_role' }, jwtSecret, { expiresInSeconds: -120 });
    const anon = await signJwt({ role: 'anon' }, jwtSecret);
    for (const token of [undefined, 'not-a-jwt', forged, expired, anon]) {
      const response = await call(token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('does not let a sales rep send as another organisation, to a colleague’s contact, or a viewer send at all', async () => {
    const foreign = await contact(contoso);
    const k = key('cross-org');
    const crossOrg = await viaOutbox({ user: sales1 }, { org_id: contoso, template: 'appointment-confirmation', contact_id: foreign.id, props: appointment(), idempotency_key: k });
    expect(crossOrg).toMatchObject({ ok: false, status: 403, error: { code: 'forbidden' } });
    expect(await messageByKey(contoso, k)).toBeUndefined();

    const colleagues = await contact(northwind, sales2.userId);
    const hidden = await viaOutbox({ user: sales1 }, { org_id: northwind, template: 'appointment-confirmation', contact_id: colleagues.id, props: appointment(), idempotency_key: key('colleague') });
    expect(hidden).toMatchObject({ ok: false, status: 404, error: { code: 'not_found' } });

    const viewing = await viaOutbox({ user: viewer }, { org_id: northwind, template: 'appointment-confirmation', contact_id: colleagues.id, props: appointment(), idempotency_key: key('viewer') });
    expect(viewing).toMatchObject({ ok: false, status: 403 });

    const bare = await viaOutbox({ user: admin }, { org_id: northwind, template: 'password-reset', to: 'someone@example.com', props: {}, idempotency_key: key('bare') });
    expect(bare).toMatchObject({ ok: false, status: 403 });
  });

  it('sends system templates only for the service identity: a rep cannot send a reset, invitation or verification link of their choosing', async () => {
    const trainee = await contact(northwind, sales1.userId);
    const phishing = 'https://evil.example/login';
    const attempts = {
      'password-reset': { ...structuredClone(emailTemplates['password-reset'].previewProps), resetUrl: phishing },
      'staff-invitation': { ...structuredClone(emailTemplates['staff-invitation'].previewProps), invitationUrl: phishing },
      'request-verification': { ...structuredClone(emailTemplates['request-verification'].previewProps), verifyUrl: phishing },
      'exam-result': structuredClone(emailTemplates['exam-result'].previewProps),
      'enrollment-confirmation': transactional(),
    };
    for (const [template, props] of Object.entries(attempts)) {
      const k = key(`staff-${template}`);
      const outcome = await viaResend({ user: sales1 }, { org_id: northwind, template, contact_id: trainee.id, props: props as Record<string, unknown>, idempotency_key: k });
      expect(outcome, template).toMatchObject({ ok: false, status: 403, error: { code: 'forbidden', message: `"${template}" is sent by Cohort itself, not by staff.` } });
      expect(await messageByKey(northwind, k), template).toBeUndefined();
      expect(forKey(k), template).toHaveLength(0);
    }
  });

  it('keeps security mail out of the outbox staff read: the link is withheld there and only the sealed copy holds it', async () => {
    const k = key('reset');
    const resetUrl = `https://app.example/reset-password/${randomUUID()}`;
    const props = { ...structuredClone(emailTemplates['password-reset'].previewProps), resetUrl };
    const outcome = await viaOutbox(system, { org_id: northwind, template: 'password-reset', to: 'locked.out@northwind.example', props, idempotency_key: k });
    expect(outcome).toMatchObject({ ok: true, result: { status: 'sent', transport: 'outbox' } });
    const message = await messageByKey(northwind, k);
    const copy = await ownerDb().selectFrom('email_outbox').select(['html', 'text', 'subject']).where('message_id', '=', message?.id as string).executeTakeFirstOrThrow();
    expect(copy.subject).toBe('Reset your Northwind Training password');
    expect(copy.html + copy.text).not.toContain(resetUrl);
    expect(copy.text).toContain('link-withheld.invalid');
    const sealed = await sql<{ text: string; html: string }>`select text, html from private.security_outbox where message_id = ${message?.id}`.execute(ownerDb());
    expect(sealed.rows[0]?.text).toContain(resetUrl);
    expect(sealed.rows[0]?.html).toContain(resetUrl);
    // The service role that wrote it cannot read it back; no API role can.
    for (const role of ['service_role', 'authenticated', 'anon']) {
      const read = await asService('test: try to read the sealed copy', async (tx) => {
        await sql.raw(`set local role ${role}`).execute(tx);
        return sql`select text from private.security_outbox`.execute(tx).then(() => 'read', (error: { code?: string }) => error.code);
      });
      expect(read, role).not.toBe('read');
    }
  });

  it('refuses a template of the wrong category and a reused key for another message', async () => {
    const trainee = await contact(northwind);
    const wrong = await viaOutbox(system, { org_id: northwind, template: 'welcome', category: 'transactional', contact_id: trainee.id, props: marketing(), idempotency_key: key('category') });
    expect(wrong).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_request' } });

    const k = key('reuse');
    await viaOutbox(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: trainee.id, props: transactional(), idempotency_key: k });
    const other = await contact(northwind);
    const reused = await viaOutbox(system, { org_id: northwind, template: 'enrollment-confirmation', contact_id: other.id, props: transactional(), idempotency_key: k });
    expect(reused).toMatchObject({ ok: false, status: 409, error: { code: 'idempotency_conflict', retryable: false } });
  });
});
