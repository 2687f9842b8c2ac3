/**
 * The email_messages row of a send, written as named service-role work (users have no write
 * policy on it). `claimMessage` is where idempotency lives: the first request with a key
 * inserts the row and takes a short lease; a repeat gets the recorded outcome, or — when an
 * earlier attempt hit a rate limit or outage — the lease for another attempt. Consent and
 * suppressions are checked in the same transaction, on every attempt.
 */
import { asService, type Db } from '../_shared/db.ts';
import { leaseSeconds } from './config.ts';
import type { ParsedSendEmailRequest, SendEmailResult } from './contract.ts';
import type { Recipient } from './recipient.ts';


export type MessageRow = {
  id: string;
  org_id: string;
  template: string;
  recipient_email: string;
  status: SendEmailResult['status'];
  transport: 'resend' | 'outbox' | null;
  provider_message_id: string | null;
  last_error: string | null;
  locked_until: Date | null;
};

export type Claim =
  | { kind: 'send'; message: MessageRow }
  | { kind: 'recorded'; message: MessageRow }
  | { kind: 'blocked'; message: MessageRow }
  | { kind: 'busy'; message: MessageRow }
  | { kind: 'conflict'; message: MessageRow };

const RETURNING = 'id, org_id, template, recipient_email::text as recipient_email, status, transport, provider_message_id, last_error, locked_until';

async function insertOrFind(db: Db, request: ParsedSendEmailRequest, recipient: Recipient, category: string) {
  const [inserted] = await db.query<MessageRow>(
    `insert into public.email_messages
       (org_id, template, category, recipient_email, contact_id, lead_id, campaign_id, trigger_key,
        idempotency_key, tags, created_by, is_test, attempts, locked_until)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, now() + interval '${leaseSeconds()} seconds')
     on conflict (org_id, idempotency_key) do nothing
     returning ${RETURNING}`,
    [
      request.org_id, request.template, category, recipient.email, recipient.contactId, recipient.leadId,
      request.campaign_id ?? null, request.trigger_key ?? null, request.idempotency_key, JSON.stringify(request.tags),
      recipient.requestedBy, request.test ?? false,
    ],
  );
  if (inserted) return { message: inserted, fresh: true };
  // Locks the row: a concurrent repeat waits here until this attempt's lease is visible.
  const [existing] = await db.query<MessageRow>(
    `select ${RETURNING} from public.email_messages where org_id = $1 and idempotency_key = $2 for update`,
    [request.org_id, request.idempotency_key],
  );
  if (!existing) throw new Error('email message vanished between insert and select');
  return { message: existing, fresh: false };
}

export function claimMessage(request: ParsedSendEmailRequest, recipient: Recipient, category: string): Promise<Claim> {
  return asService('send-email: record the message, check consent and suppressions', async (db) => {
    let { message, fresh } = await insertOrFind(db, request, recipient, category);
    if (!fresh) {
      const sameMessage = message.template === request.template && message.recipient_email.toLowerCase() === recipient.email.toLowerCase();
      if (!sameMessage) return { kind: 'conflict', message };
      if (message.status !== 'queued') return { kind: 'recorded', message };
      if (message.locked_until && message.locked_until.getTime() > Date.now()) return { kind: 'busy', message };
      [message] = (await db.query<MessageRow>(
        `update public.email_messages set attempts = attempts + 1, locked_until = now() + interval '${leaseSeconds()} seconds'
          where id = $1 returning ${RETURNING}`,
        [message.id],
      )) as [MessageRow];
    }
    // A test has no person and so no consent to check; every suppression of the address still
    // stops it (an unsubscribe or a compliance officer's entry as much as a bounce).
    const [{ reason }] = (await db.query<{ reason: string | null }>(
      request.test
        ? `select (select s.reason::text from public.suppressions s
                    where s.org_id = $1 and s.email_hash = private.hash_email_address($1, $2)
                    order by s.scope desc limit 1) as reason`
        : 'select private.email_block_reason($1, $2, $3, $4, $5) as reason',
      request.test ? [request.org_id, recipient.email] : [request.org_id, recipient.email, recipient.contactId, recipient.leadId, category],
    )) as [{ reason: string | null }];
    if (!reason) return { kind: 'send', message };
    const [suppressed] = (await db.query<MessageRow>(
      `update public.email_messages set status = 'suppressed', last_error = $2, locked_until = null
        where id = $1 returning ${RETURNING}`,
      [message.id, reason],
    )) as [MessageRow];
    return { kind: 'blocked', message: suppressed };
  });
}

/** Marks the message sent; `db` lets the outbox write it in the same transaction. */
export async function markSent(
  db: Db,
  message: MessageRow,
  outcome: { transport: 'resend' | 'outbox'; providerMessageId: string | null; subject: string },
): Promise<MessageRow> {
  const [sent] = (await db.query<MessageRow>(
    `update public.email_messages
        set status = 'sent', transport = $2, provider_message_id = $3, subject = $4, last_error = null, locked_until = null
      where id = $1 returning ${RETURNING}`,
    [message.id, outcome.transport, outcome.providerMessageId, outcome.subject],
  )) as [MessageRow];
  return sent;
}

/** Records a failed attempt: permanent ones fail the message, others leave it queued for a retry. */
export function markAttemptFailed(message: MessageRow, error: { permanent: boolean; detail: string; subject?: string }) {
  return asService('send-email: record a failed delivery attempt', async (db) => {
    await db.query(
      `update public.email_messages
          set status = case when $2 then 'failed' else status end,
              last_error = left($3, 2000), subject = coalesce($4, subject), locked_until = null
        where id = $1`,
      [message.id, error.permanent, error.detail, error.subject ?? null],
    );
  });
}

export function resultOf(message: MessageRow, duplicate: boolean): SendEmailResult {
  return {
    message_id: message.id,
    status: message.status,
    duplicate,
    transport: message.transport,
    provider_message_id: message.provider_message_id,
    blocked_reason: message.status === 'suppressed' ? message.last_error : null,
  };
}
