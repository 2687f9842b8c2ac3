/**
 * Converting a lead: in one transaction, create or link the account and the contact,
 * optionally open an opportunity, and mark the lead converted. Any failure — a duplicate
 * email, a record the user may not touch, a stale lead — rolls all of it back.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import { leadConversionSchema } from './conversion.schema';
import { conflict, notFound, parseInput, validationError } from './errors';
import { type CrmSession, inUserTransaction } from './session';

/**
 * The leads converted into `contactId`, as a subquery: their activities, emails and consent stay
 * part of the contact's story (timelines and the consent rule read through it), so a lead's
 * history does not end at conversion.
 */
export function convertedLeads(tx: Tx, orgId: string, contactId: string) {
  return tx.selectFrom('leads').select('leads.id').where('leads.org_id', '=', orgId).where('leads.converted_contact_id', '=', contactId);
}

type Lead = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  company_name: string | null;
  source: string | null;
  owner_id: string | null;
  status: string;
  updated_at: Date;
};

async function lockLead(tx: Tx, session: CrmSession, leadId: string, expectedUpdatedAt: Date): Promise<Lead> {
  const lead = (await tx
    .selectFrom('leads')
    .select(['id', 'first_name', 'last_name', 'email', 'phone', 'job_title', 'company_name', 'source', 'owner_id', 'status', 'updated_at'])
    .where('id', '=', leadId)
    .where('org_id', '=', session.orgId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst()) as Lead | undefined;
  if (!lead) throw notFound('Lead');
  if (lead.status === 'converted') throw conflict('This lead has already been converted.');
  if (lead.status === 'disqualified') throw validationError('Requalify this lead before converting it.');
  if (Math.trunc(lead.updated_at.getTime()) !== expectedUpdatedAt.getTime()) {
    throw conflict('Someone else changed this lead after you opened it. Reload to see their changes.');
  }
  return lead;
}

export async function convertLead(session: CrmSession, input: unknown) {
  const plan = parseInput(leadConversionSchema, input);
  return inUserTransaction(session, async (tx) => {
    const lead = await lockLead(tx, session, plan.lead_id, plan.expected_updated_at);
    const owner_id = lead.owner_id ?? session.userId;

    let accountId: string | null = null;
    if (plan.account.mode === 'existing') accountId = plan.account.account_id;
    if (plan.account.mode === 'create') {
      const account = await tx
        .insertInto('accounts')
        .values({ org_id: session.orgId, name: plan.account.name, owner_id })
        .returning('id')
        .executeTakeFirstOrThrow();
      accountId = account.id;
    }

    let contactId: string;
    if (plan.contact.mode === 'existing') {
      const linked = await tx
        .updateTable('contacts')
        .set(accountId ? { account_id: accountId } : {})
        .where('id', '=', plan.contact.contact_id)
        .where('org_id', '=', session.orgId)
        .where('deleted_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!linked) throw notFound('Contact');
      contactId = linked.id;
    } else {
      if (!lead.last_name) {
        throw validationError('The lead has no last name; add one before creating a contact from it.', {
          last_name: ['Required to create a contact.'],
        });
      }
      const contact = await tx
        .insertInto('contacts')
        .values({
          org_id: session.orgId,
          account_id: accountId,
          first_name: lead.first_name,
          last_name: lead.last_name,
          email: lead.email,
          phone: lead.phone,
          job_title: lead.job_title,
          source: lead.source as never,
          lifecycle_stage: 'prospect',
          owner_id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      contactId = contact.id;
    }

    let opportunityId: string | null = null;
    if (plan.opportunity) {
      const { expected_close_date, ...opportunity } = plan.opportunity;
      const created = await tx
        .insertInto('opportunities')
        .values({
          ...opportunity,
          expected_close_date: expected_close_date ?? null,
          org_id: session.orgId,
          account_id: accountId,
          primary_contact_id: contactId,
          owner_id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      opportunityId = created.id;
    }

    await tx
      .updateTable('leads')
      .set({
        status: 'converted',
        converted_at: sql`now()`,
        converted_contact_id: contactId,
        converted_account_id: accountId,
        converted_opportunity_id: opportunityId,
      })
      .where('id', '=', lead.id)
      .execute();

    return { contactId, accountId, opportunityId };
  });
}
