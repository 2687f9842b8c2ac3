/**
 * The two transports for a batch. Outbox: every message and its "sent" mark in one
 * transaction. Resend: one call to the batch endpoint (at most 100 emails, Resend's limit,
 * which is also the batch size) for the messages without attachments — the batch API takes
 * none — and single sends for the rest. Resend's batch endpoint has one idempotency key per
 * call, derived here from the messages' own keys, so a retried batch of the same messages
 * is not sent twice.
 */
import { Resend } from 'resend';
import { asService } from '../_shared/db.ts';
import type { OutgoingEmail } from './compose.ts';
import { SEND_EMAIL_BATCH_MAX } from './contract.ts';
import type { MessageRow } from './record.ts';
import { classify, type Delivery, deliverViaResend, PROVIDER_TIMEOUT_MS } from './transport.ts';

export type BatchDelivery = { message: MessageRow; email: OutgoingEmail; idempotencyKey: string };

const RETURNING = 'm.id, m.org_id, m.template, m.recipient_email::text as recipient_email, m.status, m.transport, m.provider_message_id, m.last_error, m.locked_until';

function markAllSent(transport: 'resend' | 'outbox', items: BatchDelivery[], providerIds: (string | null)[]) {
  return async (db: { query<R>(text: string, values?: unknown[]): Promise<R[]> }) => {
    const rows = await db.query<MessageRow>(
      `update public.email_messages m
          set status = 'sent', transport = $1::public.email_transport, provider_message_id = s.provider_id, subject = s.subject,
              last_error = null, locked_until = null
         from unnest($2::uuid[], $3::text[], $4::text[]) as s (message_id, provider_id, subject)
        where m.id = s.message_id
        returning ${RETURNING}`,
      [transport, items.map((i) => i.message.id), providerIds, items.map((i) => i.email.subject)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return items.map((i): Delivery => ({ ok: true, message: byId.get(i.message.id) as MessageRow }));
  };
}

export function deliverBatchToOutbox(items: BatchDelivery[]): Promise<Delivery[]> {
  return asService('send-email: write a batch to the local outbox', async (db) => {
    const column = <T>(pick: (item: BatchDelivery) => T) => items.map(pick);
    await db.query(
      `insert into public.email_outbox (org_id, message_id, from_address, to_address, subject, html, text, headers, attachments, tags)
       select o.org_id, o.message_id, o.from_address, o.to_address, o.subject, o.html, o.text, o.headers::jsonb, o.attachments::jsonb, o.tags::jsonb
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
           as o (org_id, message_id, from_address, to_address, subject, html, text, headers, attachments, tags)
       on conflict (org_id, message_id) do nothing`,
      [
        column((i) => i.message.org_id),
        column((i) => i.message.id),
        column((i) => i.email.from),
        column((i) => i.email.to),
        column((i) => i.email.subject),
        column((i) => i.email.html),
        column((i) => i.email.text),
        column((i) => JSON.stringify(i.email.headers)),
        column((i) => JSON.stringify(i.email.attachments)),
        column((i) => JSON.stringify(i.email.tags)),
      ],
    );
    return markAllSent('outbox', items, items.map(() => null))(db);
  });
}

async function batchKey(items: BatchDelivery[]): Promise<string> {
  const keys = items.map((i) => i.idempotencyKey).sort().join('\n');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(keys)));
  // Scoped by organisation, like single sends' keys (Resend's keys are per account).
  return `${items[0]?.message.org_id}/batch/${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function deliverBatchViaResend(resend: { apiKey: string; baseUrl: string | undefined }, items: BatchDelivery[]): Promise<Delivery[]> {
  const results = new Map<BatchDelivery, Delivery>();
  // The batch API takes no attachments: those (calendar invitations) go one by one.
  for (const item of items.filter((i) => i.email.attachments.length > 0)) {
    results.set(item, await deliverViaResend(resend, item.message, item.email, item.idempotencyKey));
  }
  const plain = items.filter((i) => i.email.attachments.length === 0);
  for (let start = 0; start < plain.length; start += SEND_EMAIL_BATCH_MAX) {
    const chunk = plain.slice(start, start + SEND_EMAIL_BATCH_MAX);
    const client = new Resend(resend.apiKey, { baseUrl: resend.baseUrl });
    const { data, error, headers } = await client.batch.send(
      chunk.map(({ email }) => ({
        from: email.from,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: email.headers,
        tags: email.tags,
      })),
      { idempotencyKey: await batchKey(chunk), signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
    );
    const ids = data?.data?.map((d) => d.id) ?? [];
    if (error || ids.length !== chunk.length) {
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      const failure = classify(status, error?.name ?? 'application_error', error?.message ?? 'unexpected batch response', headers?.['retry-after']);
      for (const item of chunk) results.set(item, { ok: false, failure });
      continue;
    }
    const sent = await asService('send-email: record the provider’s acceptance of a batch', (db) => markAllSent('resend', chunk, ids)(db));
    for (const [index, item] of chunk.entries()) results.set(item, sent[index] as Delivery);
  }
  return items.map((item) => results.get(item) as Delivery);
}
