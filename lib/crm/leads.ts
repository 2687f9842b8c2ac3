/** Leads: list, read, create, edit, assign, disqualify, trash and restore — under RLS. */

import type { Tx } from '../db/session';
import type { z } from 'zod';
import type { LeadStatus, RecordSource } from '../db/types';
import { customValuesForCreate, customValuesPatch } from './custom-properties';
import { notFound, parseInput } from './errors';
import { id } from './fields';
import { leadCreateSchema, leadDisqualifySchema, leadListSchema, leadUpdateSchema } from './leads.schema';
import { countMatches, filterByCustom, filterByOwner, filterBySearch, type ListSource, listPage } from './list-query';
import type { ListTotal, Page } from './pagination';
import { restore, softDelete, updateLive, updateVersioned } from './records';
import { type CrmSession, inUserTransaction } from './session';

export type LeadListRow = {
  /** Custom property values by key (see custom-properties.schema.ts). */
  custom: unknown;
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  company_name: string | null;
  status: LeadStatus;
  source: RecordSource | null;
  score: number;
  owner_id: string | null;
  owner_name: string | null;
  /** Marketing-email consent now; null: never asked (marketing_consent_statuses). */
  marketing_consent: boolean | null;
  created_at: Date;
  updated_at: Date;
};

const listColumns = [
  'leads.id',
  'leads.first_name',
  'leads.last_name',
  'leads.email',
  'leads.company_name',
  'leads.status',
  'leads.source',
  'leads.score',
  'leads.owner_id',
  'leads.custom',
  'leads.created_at',
  'leads.updated_at',
] as const;

/** The list's query with its filters applied (one query: the page reads it, the total counts it). */
async function leadQuery(tx: Tx, session: CrmSession, p: z.output<typeof leadListSchema>) {
  let query = tx
    .selectFrom('leads')
    .leftJoin('memberships as owner', (join) =>
      join.onRef('owner.org_id', '=', 'leads.org_id').onRef('owner.user_id', '=', 'leads.owner_id'),
    )
    .leftJoin('marketing_consent_statuses as consent', 'consent.person_id', 'leads.id')
    .select([...listColumns, 'owner.display_name as owner_name', 'consent.granted as marketing_consent'])
    .where('leads.org_id', '=', session.orgId)
    .where('leads.deleted_at', 'is', null);
  query = filterBySearch(query, 'leads', p.q, session);
  query = filterByOwner(query, 'leads', p.owner, session);
  query = await filterByCustom(tx, query, 'leads', 'lead', p.custom, session);
  if (p.status) query = query.where('leads.status', 'in', p.status);
  if (p.source) query = query.where('leads.source', '=', p.source);
  if (p.score_min !== undefined) query = query.where('leads.score', '>=', p.score_min);
  if (p.score_max !== undefined) query = query.where('leads.score', '<=', p.score_max);
  if (p.created_from) query = query.where('leads.created_at', '>=', p.created_from);
  if (p.created_to) query = query.where('leads.created_at', '<', p.created_to);
  return query;
}

/** The list for readers of every page (exports): the same filtered query. */
export const leadListSource: ListSource<z.output<typeof leadListSchema>> = { table: 'leads', object: 'lead', query: leadQuery };

export async function listLeads(session: CrmSession, params: unknown): Promise<Page<LeadListRow>> {
  const p = parseInput(leadListSchema, params);
  return inUserTransaction(session, (tx) => leadPage(tx, session, p));
}

/** One page of the list inside an open transaction (the list page, and exports walking every page). */
export async function leadPage(tx: Tx, session: CrmSession, p: z.output<typeof leadListSchema>): Promise<Page<LeadListRow>> {
  return listPage<LeadListRow, typeof p>(tx, session, leadListSource, p);
}

/** How many rows the list's filters match (capped, see countMatches), for its total. */
export async function countLeads(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(leadListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await leadQuery(tx, session, p), 'leads', session, { q: p.q, object: 'lead', custom: p.custom }));
}

export async function getLead(session: CrmSession, leadId: string) {
  parseInput(id('Lead'), leadId);
  return inUserTransaction(session, async (tx) => {
    const lead = await tx
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', leadId)
      .where('org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!lead) throw notFound('Lead');
    return lead;
  });
}

export async function createLead(session: CrmSession, input: unknown) {
  const { custom, ...values } = parseInput(leadCreateSchema, input);
  return inUserTransaction(session, async (tx) =>
    tx
      .insertInto('leads')
      .values({ ...values, org_id: session.orgId, custom: await customValuesForCreate(tx, session.orgId, 'lead', custom) })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow(),
  );
}

export async function updateLead(session: CrmSession, input: unknown) {
  const { id, expected_updated_at, custom, ...values } = parseInput(leadUpdateSchema, input);
  return inUserTransaction(session, async (tx) => updateVersioned(tx, 'leads', id, expected_updated_at, custom ? { ...values, custom: await customValuesPatch(tx, session.orgId, 'lead', custom) } : values));
}

export async function disqualifyLead(session: CrmSession, input: unknown) {
  const { id, reason } = parseInput(leadDisqualifySchema, input);
  return inUserTransaction(session, (tx) =>
    updateLive(tx, 'leads', id, { status: 'disqualified', disqualified_reason: reason }),
  );
}

export async function trashLead(session: CrmSession, leadId: string) {
  return inUserTransaction(session, (tx) => softDelete(tx, 'leads', leadId, session.userId));
}

export async function restoreLead(session: CrmSession, leadId: string) {
  return inUserTransaction(session, (tx) => restore(tx, 'leads', leadId));
}

