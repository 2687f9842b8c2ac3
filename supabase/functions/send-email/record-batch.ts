/**
 * claimMessage (./record.ts) for a whole batch, in one transaction and a handful of
 * statements: insert every message (a repeated key finds its recorded row instead), give the
 * ones that must be (re)sent a lease, and check consent and suppressions for all of them in
 * one query. The rules are the single path's, message by message.
 */
import { asService, type Db } from '../_shared/db.ts';
import { leaseSeconds } from './config.ts';
import type { ParsedSendEmailRequest } from './contract.ts';
import type { Recipient } from './recipient.ts';
import type { Claim, MessageRow } from './record.ts';

const RETURNING =
  'id, org_id, template, recipient_email::text as recipient_email, status, transport, provider_message_id, last_error, locked_until, idempotency_key';

export type ClaimInput = { request: ParsedSendEmailRequest; recipient: Recipient; category: 'transactional' | 'marketing' };
type Row = MessageRow & { idempotency_key: string };

async function insertAll(db: Db, orgId: string, inputs: ClaimInput[]): Promise<Row[]> {
  const column = <T>(pick: (input: ClaimInput) => T) => inputs.map(pick);
  return db.query<Row>(
    `insert into public.email_messages
       (org_id, template, category, recipient_email, contact_id, lead_id, campaign_id, trigger_key, idempotency_key, tags, attempts, locked_until)
     select $1, t.template, t.category::public.email_category, t.email::extensions.citext, t.contact_id, t.lead_id, t.campaign_id,
            t.trigger_key, t.key, t.tags::jsonb, 1, now() + interval '${leaseSeconds()} seconds'
       from unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[])
         as t (template, category, email, contact_id, lead_id, campaign_id, trigger_key, key, tags)
     on conflict (org_id, idempotency_key) do nothing
     returning ${RETURNING}`,
    [
      orgId,
      column((i) => i.request.template),
      column((i) => i.category),
      column((i) => i.recipient.email),
      column((i) => i.recipient.contactId),
      column((i) => i.recipient.leadId),
      column((i) => i.request.campaign_id ?? null),
      column((i) => i.request.trigger_key ?? null),
      column((i) => i.request.idempotency_key),
      column((i) => JSON.stringify(i.request.tags)),
    ],
  );
}

/** Claims of `inputs`, in order. Idempotency keys must be distinct within the batch. */
export function claimMessages(orgId: string, inputs: ClaimInput[]): Promise<Claim[]> {
  return asService('send-email: record a batch, check consent and suppressions', async (db) => {
    const byKey = new Map<string, { message: Row; fresh: boolean }>();
    for (const row of await insertAll(db, orgId, inputs)) byKey.set(row.idempotency_key, { message: row, fresh: true });
    const repeated = inputs.map((i) => i.request.idempotency_key).filter((key) => !byKey.has(key));
    if (repeated.length) {
      // Locks the rows: a concurrent repeat waits until this attempt's leases are visible.
      const rows = await db.query<Row>(
        `select ${RETURNING} from public.email_messages where org_id = $1 and idempotency_key = any ($2::text[]) for update`,
        [orgId, repeated],
      );
      for (const row of rows) byKey.set(row.idempotency_key, { message: row, fresh: false });
    }

    const claims: (Claim | null)[] = [];
    const release: string[] = [];
    for (const { request, recipient } of inputs) {
      const found = byKey.get(request.idempotency_key);
      if (!found) throw new Error(`email message ${request.idempotency_key} vanished between insert and select`);
      const { message, fresh } = found;
      if (fresh) {
        claims.push(null);
      } else if (message.template !== request.template || message.recipient_email.toLowerCase() !== recipient.email.toLowerCase()) {
        claims.push({ kind: 'conflict', message });
      } else if (message.status !== 'queued') {
        claims.push({ kind: 'recorded', message });
      } else if (message.locked_until && message.locked_until.getTime() > Date.now()) {
        claims.push({ kind: 'busy', message });
      } else {
        release.push(message.id);
        claims.push(null);
      }
    }
    if (release.length) {
      const rows = await db.query<Row>(
        `update public.email_messages set attempts = attempts + 1, locked_until = now() + interval '${leaseSeconds()} seconds'
          where id = any ($1::uuid[]) returning ${RETURNING}`,
        [release],
      );
      for (const row of rows) byKey.set(row.idempotency_key, { message: row, fresh: false });
    }

    // Consent and suppressions, for every message about to be sent.
    const candidates = inputs.filter((_, index) => claims[index] === null).map((i) => byKey.get(i.request.idempotency_key)?.message as Row);
    const blocked = candidates.length
      ? await db.query<{ id: string; reason: string | null }>(
          `select m.id, private.email_block_reason($1, m.recipient_email::text, m.contact_id, m.lead_id, m.category) as reason
             from public.email_messages m where m.id = any ($2::uuid[])`,
          [orgId, candidates.map((m) => m.id)],
        )
      : [];
    const reasons = new Map(blocked.filter((b) => b.reason).map((b) => [b.id, b.reason as string]));
    const suppressed = reasons.size
      ? await db.query<Row>(
          `update public.email_messages m set status = 'suppressed', last_error = b.reason, locked_until = null
             from unnest($1::uuid[], $2::text[]) as b (message_id, reason)
            where m.id = b.message_id returning ${RETURNING}`,
          [[...reasons.keys()], [...reasons.values()]],
        )
      : [];
    const suppressedById = new Map(suppressed.map((row) => [row.id, row]));

    return inputs.map((input, index): Claim => {
      const claim = claims[index];
      if (claim) return claim;
      const message = byKey.get(input.request.idempotency_key)?.message as Row;
      const blockedRow = suppressedById.get(message.id);
      return blockedRow ? { kind: 'blocked', message: blockedRow } : { kind: 'send', message };
    });
  });
}
