/**
 * send-email's batch mode through the real Deno host (lib/email/send.ts createEmailBatchSender),
 * against the Resend stand-in and the outbox: one call to Resend's batch endpoint (≤ 100) per
 * batch, each message personalised and answered on its own, repeats answered from the
 * record, attachments sent singly, and batches refused to staff tokens.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { ownerDb } from '../../lib/db/owner';
import { createEmailBatchSender, type EmailBatchSender, type SendEmailRequest } from '../../lib/email/send';
import { editableProps } from '../../lib/marketing/template-props';
import type { FunctionsHost } from '../../scripts/functions-host';
import { signJwt } from '../../supabase/functions/_shared/jwt.ts';
import { type ResendStandIn, startResendStandIn } from '../support/resend-stand-in';
import { functionsHost, jwtSecret } from './jobs-support';
import { NORTHWIND, orgId, staff } from './support';

let standIn: ResendStandIn;
let resendHost: FunctionsHost;
let outboxHost: FunctionsHost;
let viaResend: EmailBatchSender;
let viaOutbox: EmailBatchSender;
let northwind: string;
const system = { system: 'test: batch send' };

async function people(n: number, consent = true) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    const email = `batch-${randomUUID().slice(0, 8)}@example.com`;
    const row = await ownerDb().insertInto('contacts').values({ org_id: northwind, first_name: `Reader${i}`, last_name: 'Batch', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    if (consent) await ownerDb().insertInto('consent_events').values({ org_id: northwind, contact_id: row.id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
    rows.push({ id: row.id, email });
  }
  return rows;
}

const welcome = (contactId: string, key = `batch-${randomUUID()}`): SendEmailRequest => ({ org_id: northwind, template: 'welcome', contact_id: contactId, props: editableProps('welcome'), idempotency_key: key });

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
  standIn = await startResendStandIn();
  [resendHost, outboxHost] = await Promise.all([functionsHost({ baseUrl: standIn.url }), functionsHost()]);
  viaResend = createEmailBatchSender({ supabaseUrl: resendHost.url, jwtSecret });
  viaOutbox = createEmailBatchSender({ supabaseUrl: outboxHost.url, jwtSecret });
}, 120_000);

beforeEach(() => standIn.reset());

afterAll(async () => {
  await Promise.all([resendHost?.stop(), outboxHost?.stop(), standIn?.close()]);
});

describe('batch mode', () => {
  it('sends marketing email in one Resend batch call, personalised, and answers every message on its own', async () => {
    const readers = await people(5);
    const [unconsented] = await people(1, false);
    const requests = [
      ...readers.map((r) => welcome(r.id)),
      welcome(unconsented?.id as string),
      welcome(randomUUID()),
      { ...welcome(readers[0]?.id as string), props: {} },
    ];
    const outcome = await viaResend(system, requests);
    if (!outcome.ok) throw new Error(outcome.error.message);
    const { results } = outcome;
    expect(results.slice(0, 5).every((r) => r.ok && r.result.status === 'sent' && r.result.transport === 'resend')).toBe(true);
    expect(results[5]).toMatchObject({ ok: true, result: { status: 'suppressed', blocked_reason: 'no_consent' } });
    expect(results[6]).toMatchObject({ ok: false, status: 404, error: { code: 'not_found' } });
    expect(results[7]).toMatchObject({ ok: false, status: 400, error: { code: 'invalid_props', retryable: false } });

    expect(standIn.requests.map((r) => [r.path, r.batchSize])).toEqual([['/emails/batch', 5]]);
    expect(standIn.requests[0]?.headers['idempotency-key']).toMatch(new RegExp(`^${northwind}/batch/[0-9a-f]{64}$`));
    const emails = standIn.requests[0]?.body as { to: string[]; html: string; text: string; headers: Record<string, string> }[];
    expect(emails.map((e) => e.to[0])).toEqual(readers.map((r) => r.email));
    const tokens = new Set(emails.map((e) => /\/api\/unsubscribe\/([^>]+)>/.exec(e.headers['List-Unsubscribe'] ?? '')?.[1]));
    expect(tokens.size).toBe(5);
    emails.forEach((e, i) => {
      expect(e.text).toContain(`READER${i}`);
      expect(e.html).toContain(readers[i]?.email);
      expect(e.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    });
    // Each message's own provider id, for the delivery webhooks.
    const ids = new Set(results.slice(0, 5).map((r) => (r.ok ? r.result.provider_message_id : null)));
    expect(ids.size).toBe(5);
  });

  it('answers a repeated batch from the record and sends nothing twice', async () => {
    const readers = await people(3);
    const requests = readers.map((r) => welcome(r.id));
    const first = await viaResend(system, requests);
    const again = await viaResend(system, requests);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.results).toEqual(first.results.map((r) => (r.ok ? { ok: true, result: { ...r.result, duplicate: true } } : r)));
    expect(standIn.requests).toHaveLength(1);
  });

  it('sends messages with attachments one by one: the batch API takes none', async () => {
    const trainees = await people(2, false);
    const props = structuredClone(emailTemplates['enrollment-confirmation'].previewProps) as Record<string, unknown>;
    const outcome = await viaResend(system, trainees.map((t) => ({ org_id: northwind, template: 'enrollment-confirmation', contact_id: t.id, props, idempotency_key: `batch-ics-${randomUUID()}` })));
    expect(outcome.ok && outcome.results.every((r) => r.ok && r.result.status === 'sent')).toBe(true);
    expect(standIn.requests.map((r) => r.path)).toEqual(['/emails', '/emails']);
  });

  it('reports a rate-limited batch call as retryable for every message, with retry-after', async () => {
    const readers = await people(2);
    standIn.failNext({ status: 429, retryAfterSeconds: 5 });
    const outcome = await viaResend(system, readers.map((r) => welcome(r.id)));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    for (const result of outcome.results) {
      expect(result).toMatchObject({ ok: false, status: 429, error: { code: 'rate_limited', retryable: true, retry_after_seconds: 5 } });
    }
  });

  it('writes a batch to the local outbox in one go', async () => {
    const readers = await people(3);
    const outcome = await viaOutbox(system, readers.map((r) => welcome(r.id)));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const messageIds = outcome.results.map((r) => (r.ok ? r.result.message_id : ''));
    const rows = await ownerDb().selectFrom('email_outbox').select(['to_address', 'html']).where('message_id', 'in', messageIds).orderBy('to_address').execute();
    expect(rows.map((r) => r.to_address)).toEqual(readers.map((r) => r.email).sort());
    expect(new Set(rows.map((r) => /\/unsubscribe\/(u1\.[^"]+)"/.exec(r.html)?.[1])).size).toBe(3);
  });

  it('is refused to staff: batches are system work', async () => {
    const sales = await staff('sales1@northwind.example');
    const token = await signJwt({ sub: sales.userId, role: 'authenticated', email: sales.email }, jwtSecret);
    const [reader] = await people(1);
    const response = await fetch(`${outboxHost.url}/functions/v1/send-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ messages: [welcome(reader?.id as string)] }),
    });
    expect(response.status).toBe(403);
  });
});
