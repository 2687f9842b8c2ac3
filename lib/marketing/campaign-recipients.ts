/**
 * A campaign's recipients (Campaign → Recipients): who it went to, or will, and what became of
 * each — filtered by status and by delivery outcome, searched by name or email, paged, under RLS (marketing's audience
 * roles see them), and exported through the same query (lib/exports/list-export.ts).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { parseInput } from '../crm/errors';
import { countMatches, type ListSource, listPage } from '../crm/list-query';
import { containsPattern, type ListTotal, type Page } from '../crm/pagination';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import type { CampaignRecipientStatus } from '../db/types';
import { recipientListSchema } from './campaign-recipients.schema';
import { messageOutcome } from './outcomes';

export type RecipientListRow = {
  id: string;
  status: CampaignRecipientStatus;
  contact_id: string | null;
  lead_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
};

async function recipientQuery(tx: Tx, session: CrmSession, p: z.output<typeof recipientListSchema>) {
  let query = tx
    .selectFrom('campaign_recipients')
    .leftJoin('contacts', 'contacts.id', 'campaign_recipients.contact_id')
    .leftJoin('leads', 'leads.id', 'campaign_recipients.lead_id')
    .select([
      'campaign_recipients.id',
      'campaign_recipients.status',
      'campaign_recipients.contact_id',
      'campaign_recipients.lead_id',
      'campaign_recipients.last_error',
      'campaign_recipients.created_at',
      'campaign_recipients.updated_at',
    ])
    .select(sql<string | null>`coalesce(contacts.first_name, leads.first_name)`.as('first_name'))
    .select(sql<string | null>`coalesce(contacts.last_name, leads.last_name)`.as('last_name'))
    .select(sql<string | null>`coalesce(contacts.email, leads.email)::text`.as('email'))
    .where('campaign_recipients.org_id', '=', session.orgId)
    .where('campaign_recipients.campaign_id', '=', p.campaign_id);
  if (p.q) {
    const pattern = containsPattern(p.q);
    query = query.where(
      sql<boolean>`(coalesce(contacts.email, leads.email) ilike ${pattern}
        or concat_ws(' ', coalesce(contacts.first_name, leads.first_name), coalesce(contacts.last_name, leads.last_name)) ilike ${pattern})`,
    );
  }
  if (p.status) query = query.where('campaign_recipients.status', '=', p.status as CampaignRecipientStatus);
  if (p.outcome) {
    const outcome = messageOutcome[p.outcome];
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('email_messages as m').select('m.id').whereRef('m.id', '=', 'campaign_recipients.message_id').where(outcome)),
    );
  }
  return query;
}

export const recipientListSource: ListSource<z.output<typeof recipientListSchema>> = { table: 'campaign_recipients', object: null, query: recipientQuery };

export async function listRecipients(session: CrmSession, params: unknown): Promise<Page<RecipientListRow>> {
  const p = parseInput(recipientListSchema, params);
  return inUserTransaction(session, (tx) => listPage<RecipientListRow, typeof p>(tx, session, recipientListSource, p));
}

export async function countRecipients(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(recipientListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await recipientQuery(tx, session, p), 'campaign_recipients', session, null));
}
