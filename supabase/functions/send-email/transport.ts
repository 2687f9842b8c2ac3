/**
 * The two ways a message leaves: Resend's API when RESEND_API_KEY is set, or the local
 * email_outbox table (development, tests, benchmarks). Both are idempotent per message: Resend
 * through the Idempotency-Key header, the outbox through its unique message id.
 */
import { Resend } from 'resend';
import { asService } from '../_shared/db.ts';
import type { OutgoingEmail } from './compose.ts';
import { type MessageRow, markSent } from './record.ts';

export type DeliveryFailure = {
  /** rate_limited and provider_unavailable are worth retrying; provider_rejected is not. */
  code: 'rate_limited' | 'provider_unavailable' | 'provider_rejected' | 'in_progress';
  retryable: boolean;
  detail: string;
  retryAfterSeconds?: number;
};

export type Delivery = { ok: true; message: MessageRow } | { ok: false; failure: DeliveryFailure };

export const PROVIDER_TIMEOUT_MS = 15_000;

export function classify(status: number | null, name: string, message: string, retryAfter: string | undefined): DeliveryFailure {
  const detail = `Resend ${status ?? 'network error'} ${name}: ${message}`;
  if (status === 429) {
    const seconds = Number(retryAfter);
    return { code: 'rate_limited', retryable: true, detail, ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterSeconds: seconds } : {}) };
  }
  // A request with the same idempotency key is still being processed by Resend.
  if (status === 409 && name === 'concurrent_idempotent_requests') return { code: 'in_progress', retryable: true, detail };
  if (status === null || status >= 500) return { code: 'provider_unavailable', retryable: true, detail };
  return { code: 'provider_rejected', retryable: false, detail };
}

export async function deliverViaResend(
  resend: { apiKey: string; baseUrl: string | undefined },
  message: MessageRow,
  email: OutgoingEmail,
  idempotencyKey: string,
): Promise<Delivery> {
  // baseUrl passed explicitly: the SDK's own RESEND_BASE_URL lookup goes through `process`.
  const client = new Resend(resend.apiKey, { baseUrl: resend.baseUrl });
  const { data, error, headers } = await client.emails.send(
    {
      from: email.from,
      to: [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      attachments: email.attachments,
      tags: email.tags,
    },
    { idempotencyKey, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
  );
  if (error || !data) {
    const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
    return {
      ok: false,
      failure: classify(status, error?.name ?? 'application_error', error?.message ?? 'no response body', headers?.['retry-after']),
    };
  }
  const sent = await asService('send-email: record the provider’s acceptance', (db) =>
    markSent(db, message, { transport: 'resend', providerMessageId: data.id, subject: email.subject }),
  );
  return { ok: true, message: sent };
}

/**
 * Writes the message to the outbox, which staff read (the Dev inbox). Security mail comes as
 * two copies: `email` with its bearer links withheld for the outbox, and `sealed`, the
 * message as the recipient gets it, for private.security_outbox — the local stand-in of the
 * recipient's mailbox, which no API role may read (only the server operator, as the owner).
 */
export async function deliverToOutbox(message: MessageRow, email: OutgoingEmail, sealed?: OutgoingEmail): Promise<Delivery> {
  const sent = await asService('send-email: write the message to the local outbox', async (db) => {
    if (sealed) {
      // The links in it expire within days (an invitation lasts 7): so does the copy.
      await db.query(`delete from private.security_outbox where created_at < now() - interval '7 days'`);
      await db.query(
        `insert into private.security_outbox (org_id, message_id, to_address, subject, html, text)
         values ($1, $2, $3, $4, $5, $6) on conflict (message_id) do nothing`,
        [message.org_id, message.id, sealed.to, sealed.subject, sealed.html, sealed.text],
      );
    }
    await db.query(
      `insert into public.email_outbox
         (org_id, message_id, from_address, to_address, subject, html, text, headers, attachments, tags)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (org_id, message_id) do nothing`,
      [
        message.org_id, message.id, email.from, email.to, email.subject, email.html, email.text,
        JSON.stringify(email.headers), JSON.stringify(email.attachments), JSON.stringify(email.tags),
      ],
    );
    return markSent(db, message, { transport: 'outbox', providerMessageId: null, subject: email.subject });
  });
  return { ok: true, message: sent };
}
