/**
 * Merging duplicate leads: the side-by-side comparison and the merge. The queue, the record
 * page's warning, the moving and the undo are shared (merges.ts, private.merge_records); a
 * converted lead is a contact now and is not merged (the database refuses it).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/session';
import type { MemberRole } from '../db/types';
import type { LeadStatusName } from './leads.labels';
import { loadCandidates, mergeChosen } from './merges';
import type { CrmSession } from './session';

/** The fields a merge of leads chooses between, in the order the comparison shows them (private.merge_fields('leads')). */
export const leadMergeFields = ['first_name', 'last_name', 'email', 'phone', 'company_name', 'job_title', 'status', 'source', 'score', 'owner_id'] as const;
export type LeadMergeField = (typeof leadMergeFields)[number];

export type LeadMergeCandidate = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  job_title: string | null;
  status: LeadStatusName;
  disqualified_reason: string | null;
  source: string | null;
  score: number | null;
  owner_id: string | null;
  owner_name: string | null;
  created_at: Date;
  custom: Record<string, unknown>;
  /** Rows that would move to the survivor, by what they are. */
  related: { activities: number; emails: number; consents: number; sequences: number };
};

/** The leads to merge, side by side, with what each would bring along. */
export function leadMergeCandidates(session: CrmSession, leadIds: unknown): Promise<LeadMergeCandidate[]> {
  return loadCandidates(session, 'leads', leadIds, candidatesIn);
}

/** The live leads among `ids` the person can see, oldest first. */
async function candidatesIn(tx: Tx, session: CrmSession, ids: string[]): Promise<LeadMergeCandidate[]> {
  const { rows } = await sql<LeadMergeCandidate>`
      select l.id, l.first_name, l.last_name, l.email::text as email, l.phone, l.company_name, l.job_title, l.status::text as status, l.disqualified_reason,
             l.source::text as source, l.score, l.owner_id, m.display_name as owner_name, l.custom, l.created_at,
             jsonb_build_object(
               'activities', (select count(*) from public.activities x where x.lead_id = l.id),
               'emails', (select count(*) from public.email_messages x where x.lead_id = l.id),
               'consents', (select count(*) from public.consent_events x where x.lead_id = l.id),
               'sequences', (select count(*) from public.sequence_enrollments x where x.lead_id = l.id)) as related
        from public.leads l
        left join public.memberships m on m.org_id = l.org_id and m.user_id = l.owner_id
       where l.id = any(${ids}::uuid[]) and l.org_id = ${session.orgId}::uuid and l.deleted_at is null
       order by l.created_at, l.id`.execute(tx);
  return rows;
}

/** How far a lead has come, for the default status of a merge (converted is never chosen: it is refused). */
const statusRank: Record<LeadStatusName, number> = { disqualified: 0, new: 1, working: 2, qualified: 3, converted: -1 };

/**
 * The value a merge keeps for each field unless the person picks another: the survivor's, or
 * else the first other lead's that has one; the highest score and the furthest status.
 */
export function defaultLeadMergeChoice(survivor: LeadMergeCandidate, others: LeadMergeCandidate[]): Record<LeadMergeField, string> {
  const all = [survivor, ...others];
  const choice = {} as Record<LeadMergeField, string>;
  for (const field of leadMergeFields) {
    choice[field] = (all.find((l) => l[field] !== null && l[field] !== '') ?? survivor).id;
  }
  choice.score = all.reduce((best, l) => ((l.score ?? -1) > (best.score ?? -1) ? l : best), survivor).id;
  choice.status = all.reduce((best, l) => (statusRank[l.status] > statusRank[best.status] ? l : best), survivor).id;
  return choice;
}

/**
 * Merges leads into the survivor: their activities, emails, consents, campaign and sequence
 * places and tags move to it, and it takes each chosen field from the lead picked for it.
 * Returns the merge, for its undo.
 */
export function mergeLeads(session: CrmSession & { role?: MemberRole }, input: unknown): Promise<{ mergeId: string }> {
  // A disqualified status keeps its reason, another status none: the reason follows the status.
  return mergeChosen(session, 'leads', leadMergeFields, candidatesIn, input, { disqualified_reason: 'status' });
}
