/**
 * Unsubscribing through the signed link in a marketing message, without an account: the
 * token names the message, the message names the person and the organisation. The one-click
 * POST (RFC 8058) and the preferences page's "unsubscribe from everything" withdraw every
 * purpose and suppress the address for marketing; the page can also withdraw one purpose
 * (say partner offers) and keep the rest. Each is one transaction of named service-role
 * work, since the person has no session, and leaves a withdrawal in the consent ledger.
 */
import { type Brand, brandOf } from '../brand';
import { sql } from 'kysely';
import { z } from 'zod';
import { verifyUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';
import { asService, type Tx } from '../db/session';
import type { ConsentPurpose } from '../db/types';

/** Every consent purpose, as the person reads it on the preferences page. */
export const consentPurposes: Record<ConsentPurpose, { label: string; detail: string }> = {
  marketing_email: { label: 'News and course offers', detail: 'New courses, certification advice and offers by email.' },
  training_updates: { label: 'Training updates', detail: 'Changes to certification schemes, new exam versions and continuing-education news.' },
  partner_offers: { label: 'Partner offers', detail: 'Offers from partners, such as exam bodies and tool vendors.' },
};
const purposeNames = Object.keys(consentPurposes) as [ConsentPurpose, ...ConsentPurpose[]];
export const consentPurposeSchema = z.enum(purposeNames, { error: 'That is not one of the choices on this page.' });

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
  brand: Brand;
  maskedEmail: string;
  receivesMarketing: boolean;
  /** Each purpose and whether the person's latest word on it is a yes. */
  purposes: { purpose: ConsentPurpose; granted: boolean }[];
};

type MessageRow = {
  id: string;
  org_id: string;
  recipient_email: string;
  contact_id: string | null;
  lead_id: string | null;
  org_name: string;
  brand_name: string;
  brand_logo_url: string | null;
  brand_color: string | null;
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
    select m.id, m.org_id, m.recipient_email::text as recipient_email, m.contact_id, m.lead_id, o.name as org_name, o.name as brand_name, o.logo_url as brand_logo_url, o.brand_color
      from public.email_messages m join public.organizations o on o.id = m.org_id
     where m.id = ${messageId}`.execute(tx);
  return rows[0];
}

async function receivesMarketing(tx: Tx, message: MessageRow): Promise<boolean> {
  const { rows } = await sql<{ reason: string | null }>`select private.email_block_reason(
    ${message.org_id}, ${message.recipient_email}, ${message.contact_id}, ${message.lead_id}, 'marketing') as reason`.execute(tx);
  return rows[0]?.reason === null;
}

/** The latest consent event per purpose for the message's person (none for an address only). */
async function latestConsent(tx: Tx, message: MessageRow): Promise<Map<ConsentPurpose, boolean>> {
  if (!message.contact_id && !message.lead_id) return new Map();
  const { rows } = await sql<{ purpose: ConsentPurpose; granted: boolean }>`
    select distinct on (purpose) purpose, granted from public.consent_events
     where org_id = ${message.org_id} and (contact_id = ${message.contact_id} or lead_id = ${message.lead_id})
     order by purpose, occurred_at desc, recorded_at desc`.execute(tx);
  return new Map(rows.map((r) => [r.purpose, r.granted]));
}

const targetOf = async (tx: Tx, message: MessageRow): Promise<UnsubscribeTarget> => {
  const latest = await latestConsent(tx, message);
  return {
    messageId: message.id,
    orgName: message.org_name,
    brand: brandOf(message),
    maskedEmail: maskEmail(message.recipient_email),
    receivesMarketing: await receivesMarketing(tx, message),
    purposes: purposeNames.map((purpose) => ({ purpose, granted: latest.get(purpose) ?? false })),
  };
};

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
 * Withdraws consent for `purposes` (every purpose unless told otherwise) and, when marketing
 * email is among them, suppresses the address for marketing — at once. Repeating it (providers
 * retry, people double-click) adds nothing: a withdrawal is written only where the latest
 * word is still a yes (or, for marketing email, where there is none yet), and there is one
 * suppression per address and scope.
 */
export async function unsubscribe(token: string, proof: UnsubscribeProof, purposes: readonly ConsentPurpose[] = purposeNames): Promise<UnsubscribeTarget | null> {
  const messageId = await verifyUnsubscribeToken(token, linkSecret());
  if (!messageId) return null;
  return asService('unsubscribe link: withdraw consent and suppress the address', async (tx) => {
    const message = await findMessage(tx, messageId);
    if (!message) return null;
    if (message.contact_id || message.lead_id) {
      const latest = await latestConsent(tx, message);
      const withdrawn = purposes.filter((p) => latest.get(p) ?? p === 'marketing_email');
      if (withdrawn.length) {
        await tx
          .insertInto('consent_events')
          .values(
            withdrawn.map((purpose) => ({
              org_id: message.org_id,
              contact_id: message.contact_id,
              lead_id: message.lead_id,
              purpose,
              granted: false,
              source: 'unsubscribe_link',
              proof: { message_id: message.id, method: proof.method, ip: proof.ip, user_agent: proof.userAgent },
            })),
          )
          .execute();
      }
    }
    if (purposes.includes('marketing_email')) {
      await sql`
        insert into public.suppressions (org_id, email_hash, reason, scope, source_message_id)
        values (${message.org_id}, private.email_hash(${message.org_id}, ${message.recipient_email}), 'unsubscribed', 'marketing', ${message.id})
        on conflict (org_id, email_hash, scope) do nothing`.execute(tx);
    }
    return targetOf(tx, message);
  });
}
