/**
 * Merging duplicate accounts: the side-by-side comparison and the merge. The queue, the
 * record page's warning, the merge's moving and its undo are shared with contacts
 * (merges.ts, private.merge_records); what differs is what an account is made of.
 */
import { sql } from 'kysely';
import type { MemberRole } from '../db/types';
import type { Tx } from '../db/session';
import { loadCandidates, mergeChosen } from './merges';
import type { CrmSession } from './session';

/** The fields a merge of accounts chooses between, in the order the comparison shows them (private.merge_fields('accounts')). */
export const accountMergeFields = ['name', 'domain', 'industry', 'phone', 'billing_address', 'employee_count', 'is_training_client', 'owner_id'] as const;
export type AccountMergeField = (typeof accountMergeFields)[number];

export type AccountMergeCandidate = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  phone: string | null;
  billing_address: string | null;
  employee_count: number | null;
  is_training_client: boolean;
  owner_id: string | null;
  owner_name: string | null;
  created_at: Date;
  custom: Record<string, unknown>;
  /** Rows that would move to the survivor, by what they are. */
  related: { contacts: number; opportunities: number; activities: number; bookings: number; leads: number };
};

/** The accounts to merge, side by side, with what each would bring along. */
export function accountMergeCandidates(session: CrmSession, accountIds: unknown): Promise<AccountMergeCandidate[]> {
  return loadCandidates(session, 'accounts', accountIds, candidatesIn);
}

/** The live accounts among `ids` the person can see, oldest first. */
async function candidatesIn(tx: Tx, session: CrmSession, ids: string[]): Promise<AccountMergeCandidate[]> {
  const { rows } = await sql<AccountMergeCandidate>`
      select a.id, a.name, a.domain::text as domain, a.industry, a.phone, a.billing_address, a.employee_count, a.is_training_client,
             a.owner_id, m.display_name as owner_name, a.custom, a.created_at,
             jsonb_build_object(
               'contacts', (select count(*) from public.contacts x where x.account_id = a.id and x.deleted_at is null),
               'opportunities', (select count(*) from public.opportunities x where x.account_id = a.id),
               'activities', (select count(*) from public.activities x where x.account_id = a.id),
               'bookings', (select count(*) from public.enrollments x where x.paying_account_id = a.id),
               'leads', (select count(*) from public.leads x where x.converted_account_id = a.id)) as related
        from public.accounts a
        left join public.memberships m on m.org_id = a.org_id and m.user_id = a.owner_id
       where a.id = any(${ids}::uuid[]) and a.org_id = ${session.orgId}::uuid and a.deleted_at is null
       order by a.created_at, a.id`.execute(tx);
  return rows;
}

/**
 * The value a merge keeps for each field unless the person picks another: the survivor's, or
 * else the first other account's that has one; a training client stays a training client.
 */
export function defaultAccountMergeChoice(survivor: AccountMergeCandidate, others: AccountMergeCandidate[]): Record<AccountMergeField, string> {
  const all = [survivor, ...others];
  const choice = {} as Record<AccountMergeField, string>;
  for (const field of accountMergeFields) {
    choice[field] = (all.find((a) => a[field] !== null && a[field] !== '') ?? survivor).id;
  }
  choice.is_training_client = (all.find((a) => a.is_training_client) ?? survivor).id;
  return choice;
}

/**
 * Merges accounts into the survivor: its contacts, deals, activities, paid bookings, converted
 * leads and tags move to it, and it takes each chosen field from the account picked for it.
 * Returns the merge, for its undo.
 */
export function mergeAccounts(session: CrmSession & { role?: MemberRole }, input: unknown): Promise<{ mergeId: string }> {
  return mergeChosen(session, 'accounts', accountMergeFields, candidatesIn, input);
}
