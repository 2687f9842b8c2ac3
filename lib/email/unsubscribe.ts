/**
 * Unsubscribing through the signed link in a marketing message, without an account: the
 * token names the message, the message names the person and the organisation. Both the
 * one-click POST (RFC 8058) and the button on the preferences page end here and, in one
 * transaction, append a marketing consent withdrawal to the ledger and suppress the address
 * for marketing — named service-role work, since the person has no session.
 */
import { sql } from 'kysely';
import { verifyUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';
import { asService, type Tx } from '../db/session';

export type UnsubscribeProof = {
  /** How the request came: a mailbox provider's one-click POST or the button on our page. */
  method: 'one_click' | 'preferences_page';
  ip: string | null;
  userAgent: string | null;
};

/** What the preferences page may show: nothing more than the person already knows. */
export type UnsubscribeTarget = {
  messageId: string;
  orgName: string;
  maskedEmail: string;
  receivesMarketing: boolean;
};

type MessageRow = {
  id: string;
  org_id: string;
  recipient_email: string;
  contact_id: string | null;
  lead_id: string | null;
  org_name: string;
};

function linkSecret(): string {
  const secret = process.env.EMAIL_LINK_SECRET;
  if (!secret) throw new Error('EMAIL_LINK_SECRET is not set: start Cohort with `npm start`, or set it like the functions host.');
  return secret;
}

/** `priya.shah@example.com` → `pr•••@example.com`: recognisable to its owner, little to anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, Math.min(2, at))}•••${email.slice(at)}`;
}

async function findMessage(tx: Tx, messageId: string): Promise<MessageRow | undefined> {
  const { rows } = await sql<MessageRow>`
    select m.id, m.org_id, m.recipient_email::text as recipient_email, m.contact_id, m.lead_id, o.name as org_name
      from public.email_messages m join public.organizations o on o.id = m.org_id
     where m.id = ${messageId}`.execute(tx);
  return rows[0];
}

async function receivesMarketing(tx: Tx, message: MessageRow): Promise<boolean> {
  const { rows } = await sql<{ reason: string | null }>`select private.email_block_reason(
    ${message.org_id}, ${message.recipient_email}, ${message.contact_id}, ${message.lead_id}, 'marketing') as reason`.execute(tx);
  return rows[0]?.reason === null;
}

const targetOf = async (tx: Tx, message: MessageRow): Promise<UnsubscribeTarget> => ({
  messageId: message.id,
  orgName: message.org_name,
  maskedEmail: maskEmail(message.recipient_email),
  receivesMarketing: await receivesMarketing(tx, message),
});

/** Who a link is for, or null when the token is forged or its message is gone. */
export async function unsubscribeTarget(token: string): Promise<UnsubscribeTarget | null> {
  const messageId = await verifyUnsubscribeToken(token, linkSecret());
  if (!messageId) return null;
  return asService('unsubscribe page: show who the link is for', async (tx) => {
    const message = await findMessage(tx, messageId);
    return message ? targetOf(tx, message) : null;
  });
}

/**
 * Withdraws marketing consent and suppresses the address for marketing, at once. Repeating
 * it (providers retry, people double-click) adds nothing: no second withdrawal while the
 * latest event is already one, and one suppression per address and scope.
 */
export async function unsubscribe(token: string, proof: UnsubscribeProof): Promise<UnsubscribeTarget | null> {
  const messageId = await verifyUnsubscribeToken(token, linkSecret());
  if (!messageId) return null;
  return asService('unsubscribe link: withdraw marketing consent and suppress the address', async (tx) => {
    const message = await findMessage(tx, messageId);
    if (!message) return null;
    if (message.contact_id || message.lead_id) {
      await sql`
        insert into public.consent_events (org_id, contact_id, lead_id, purpose, granted, source, proof)
        select ${message.org_id}, ${message.contact_id}, ${message.lead_id}, 'marketing_email', false, 'unsubscribe_link',
               ${JSON.stringify({ message_id: message.id, method: proof.method, ip: proof.ip, user_agent: proof.userAgent })}::jsonb
         where coalesce((
           select ce.granted from public.consent_events ce
            where ce.org_id = ${message.org_id} and ce.purpose = 'marketing_email'
              and (ce.contact_id = ${message.contact_id} or ce.lead_id = ${message.lead_id})
            order by ce.occurred_at desc, ce.recorded_at desc
            limit 1), true)`.execute(tx);
    }
    await sql`
      insert into public.suppressions (org_id, email_hash, reason, scope, source_message_id)
      values (${message.org_id}, private.email_hash(${message.org_id}, ${message.recipient_email}), 'unsubscribed', 'marketing', ${message.id})
      on conflict (org_id, email_hash, scope) do nothing`.execute(tx);
    return targetOf(tx, message);
  });
}
