/**
 * Merging duplicate accounts: the side-by-side comparison and the merge. The queue, the
 * record page's warning, the merge's moving and its undo are shared with contacts
 * (merges.ts, private.merge_records); what differs is what an account is made of.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { MemberRole } from '../db/types';
import { type Tx, withUser } from '../db/session';
import { forbidden, notFound, parseInput, validationError } from './errors';
import { id } from './fields';
import { canMerge, mergeRecordsIn, refusal } from './merges';
import { type CrmSession, inUserTransaction } from './session';

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

const mergeIdsSchema = z.array(id('Account')).min(2, 'Choose at least two accounts to merge.').max(5, 'Merge at most five accounts at a time.');

/** The accounts to merge, side by side, with what each would bring along. */
export async function accountMergeCandidates(session: CrmSession, accountIds: unknown): Promise<AccountMergeCandidate[]> {
  const ids = [...new Set(parseInput(mergeIdsSchema, accountIds))];
  if (ids.length < 2) throw validationError('Choose at least two different accounts to merge.');
  const rows = await inUserTransaction(session, (tx) => candidatesIn(tx, session, ids));
  if (rows.length !== ids.length) throw notFound('An account to merge');
  return rows;
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

export const accountMergeSchema = z.object({
  survivor: id('Account'),
  merged: z.array(id('Account')).min(1, 'Choose at least one other account.').max(4, 'Merge at most five accounts at a time.'),
  /** Field → the id of the account whose value the survivor keeps. */
  choice: z.partialRecord(z.enum(accountMergeFields), id('Account')).default({}),
});

/**
 * Merges accounts into the survivor: its contacts, deals, activities, paid bookings, converted
 * leads and tags move to it, and it takes each chosen field from the account picked for it.
 * Returns the merge, for its undo.
 */
export async function mergeAccounts(session: CrmSession & { role?: MemberRole }, input: unknown): Promise<{ mergeId: string }> {
  if (session.role && !canMerge(session.role)) throw forbidden('Only admins and managers merge accounts.');
  const { survivor, merged, choice } = parseInput(accountMergeSchema, input);
  const all = [survivor, ...merged];
  if (new Set(all).size !== all.length) throw validationError('Choose each account once.');
  if (Object.values(choice).some((from) => !all.includes(from as string))) throw validationError('A value was picked from an account that is not in this merge.');
  const candidates = await accountMergeCandidates(session, all);
  try {
    return { mergeId: await withUser(session, (tx) => mergeRecordsIn(tx, 'accounts', candidates, survivor, choice)) };
  } catch (error) {
    refusal(error);
  }
}
