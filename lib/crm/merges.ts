/**
 * Duplicate contacts: the queue of likely pairs, a record's likely twins, the side-by-side
 * comparison a merge starts from, the merge itself and its undo (private.merge_contacts and
 * private.unmerge_contacts do the moving, in one transaction each). Reading runs under the
 * person's RLS; merging is for admins and managers (the database says so too).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { MemberRole } from '../db/types';
import { lifecycleStages } from './contacts.schema';
import { withUser } from '../db/session';
import { forbidden, notFound, parseInput, translateDbError, validationError } from './errors';
import { id } from './fields';
import { type CrmSession, inUserTransaction } from './session';

/** Who merges: merging rewrites several people's history into one. */
export const canMerge = (role: MemberRole) => role === 'admin' || role === 'manager';

export type DuplicateReason = 'email' | 'phone' | 'name';
export const duplicateReasonLabels: Record<DuplicateReason, string> = { email: 'Same email address', phone: 'Same phone number', name: 'Similar name at the same account' };
/** How sure a pair is a duplicate, by why it was found. */
const confidence: Record<DuplicateReason, number> = { email: 0.95, phone: 0.8, name: 0.6 };

export type DuplicateSide = { id: string; name: string; email: string | null; phone: string | null; created_at: Date };
export type DuplicatePair = { reason: DuplicateReason; confidence: number; a: DuplicateSide; b: DuplicateSide };

const QUEUE_PAGE = 50;

/**
 * Pairs of live contacts the person can see that look like one person: the same mailbox
 * (private.normalised_email: case, "+tags", Gmail dots), the same phone number, or a similar
 * name at the same account (private.alike_names: trigram similarity). The pairs
 * are found as contacts are written (contact_duplicates, migration 20261203000400), so the
 * first page reads the newest pairs by index whatever the organisation's size; a pair an
 * edit or a merge has made stale (no longer alike, one side in the trash) is skipped. Each
 * pair once, the older contact first.
 */
export async function duplicateQueue(session: CrmSession, limit = QUEUE_PAGE): Promise<DuplicatePair[]> {
  const { rows } = await inUserTransaction(session, (tx) =>
    sql<{ reason: DuplicateReason; a: DuplicateSide; b: DuplicateSide }>`
      select d.reason,
             jsonb_build_object('id', a.id, 'name', concat_ws(' ', a.first_name, a.last_name), 'email', a.email, 'phone', a.phone, 'created_at', a.created_at) as a,
             jsonb_build_object('id', b.id, 'name', concat_ws(' ', b.first_name, b.last_name), 'email', b.email, 'phone', b.phone, 'created_at', b.created_at) as b
        from public.contact_duplicates d
        join public.contacts a on a.id = d.duplicate_of and a.deleted_at is null
        join public.contacts b on b.id = d.contact_id and b.deleted_at is null
       where d.org_id = ${session.orgId}::uuid and private.still_alike(d.reason, a, b)
       order by d.found_at desc, d.id desc
       limit ${limit * 2}`.execute(tx),
  );
  const seen = new Set<string>();
  const pairs: DuplicatePair[] = [];
  for (const row of rows) {
    const key = [row.a.id, row.b.id].sort().join();
    if (seen.has(key)) continue;
    seen.add(key);
    const [a, b] = [row.a, row.b].map((side) => ({ ...side, created_at: new Date(side.created_at) })).sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || x.id.localeCompare(y.id)) as [DuplicateSide, DuplicateSide];
    pairs.push({ reason: row.reason, confidence: confidence[row.reason], a, b });
  }
  return pairs.slice(0, limit);
}

/** The live contacts the person can see that look like this one, and why (for the warning on its page). */
export async function duplicatesOfContact(session: CrmSession, contactId: unknown): Promise<(DuplicateSide & { reason: DuplicateReason })[]> {
  const target = parseInput(id('Contact'), contactId);
  const { rows } = await inUserTransaction(session, (tx) =>
    sql<DuplicateSide & { reason: DuplicateReason }>`
      select distinct on (o.created_at, o.id) o.id, concat_ws(' ', o.first_name, o.last_name) as name, o.email, o.phone, o.created_at, d.reason
        from public.contacts c
        join public.contact_duplicates d on d.contact_id = c.id or d.duplicate_of = c.id
        join public.contacts o on o.id = case when d.contact_id = c.id then d.duplicate_of else d.contact_id end
       where c.id = ${target}::uuid and c.org_id = ${session.orgId}::uuid and private.still_alike(d.reason, c, o)
       order by o.created_at, o.id, case d.reason when 'email' then 0 when 'phone' then 1 else 2 end
       limit 5`.execute(tx),
  );
  return rows;
}

/** The fields a merge chooses between, in the order the comparison shows them. */
export const mergeFields = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'lifecycle_stage', 'source', 'owner_id', 'account_id'] as const;
export type MergeField = (typeof mergeFields)[number];

export type MergeCandidate = Record<MergeField, string | null> & {
  id: string;
  created_at: Date;
  custom: Record<string, unknown>;
  account_name: string | null;
  owner_name: string | null;
  /** Rows that would move to the survivor, by what they are. */
  related: { activities: number; emails: number; enrollments: number; certifications: number; opportunities: number; consents: number };
};

const mergeIdsSchema = z.array(id('Contact')).min(2, 'Choose at least two contacts to merge.').max(5, 'Merge at most five contacts at a time.');

/** The contacts to merge, side by side, with what each would bring along. */
export async function mergeCandidates(session: CrmSession, contactIds: unknown): Promise<MergeCandidate[]> {
  const ids = [...new Set(parseInput(mergeIdsSchema, contactIds))];
  if (ids.length < 2) throw validationError('Choose at least two different contacts to merge.');
  const rows = await inUserTransaction(session, (tx) =>
    sql<MergeCandidate>`
      select c.id, c.first_name, c.last_name, c.email::text as email, c.phone, c.job_title, c.lifecycle_stage::text as lifecycle_stage, c.source::text as source,
             c.owner_id, c.account_id, c.custom, c.created_at, a.name as account_name, m.display_name as owner_name,
             jsonb_build_object(
               'activities', (select count(*) from public.activities x where x.contact_id = c.id),
               'emails', (select count(*) from public.email_messages x where x.contact_id = c.id),
               'enrollments', (select count(*) from public.enrollments x where x.contact_id = c.id),
               'certifications', (select count(*) from public.certifications x where x.contact_id = c.id),
               'opportunities', (select count(*) from public.opportunities x where x.primary_contact_id = c.id),
               'consents', (select count(*) from public.consent_events x where x.contact_id = c.id)) as related
        from public.contacts c
        left join public.accounts a on a.id = c.account_id
        left join public.memberships m on m.org_id = c.org_id and m.user_id = c.owner_id
       where c.id = any(${ids}::uuid[]) and c.org_id = ${session.orgId}::uuid and c.deleted_at is null
       order by c.created_at`.execute(tx),
  );
  if (rows.rows.length !== ids.length) throw notFound('A contact to merge');
  return rows.rows;
}

/**
 * The value a merge keeps for each field unless the person picks another: the survivor's,
 * or else the first other contact's that has one; for the lifecycle stage, the most advanced.
 */
export function defaultMergeChoice(survivor: MergeCandidate, others: MergeCandidate[]): Record<MergeField, string> {
  const choice = {} as Record<MergeField, string>;
  for (const field of mergeFields) {
    const from = [survivor, ...others].find((c) => c[field] !== null && c[field] !== '') ?? survivor;
    choice[field] = from.id;
  }
  const rank = (c: MergeCandidate) => lifecycleStages.indexOf((c.lifecycle_stage ?? 'lead') as (typeof lifecycleStages)[number]);
  choice.lifecycle_stage = [survivor, ...others].reduce((best, c) => (rank(c) > rank(best) ? c : best), survivor).id;
  return choice;
}

export const mergeSchema = z.object({
  survivor: id('Contact'),
  merged: z.array(id('Contact')).min(1, 'Choose at least one other contact.').max(4, 'Merge at most five contacts at a time.'),
  /** Field → the id of the contact whose value the survivor keeps. */
  choice: z.partialRecord(z.enum(mergeFields), id('Contact')).default({}),
});

/** A refusal of a merge or an unmerge by the database (translated to a CrmError on the way), or any other failure. */
function refusal(error: unknown): never {
  const e = error as { code?: string; message?: string };
  // The functions' own insufficient_privilege says what was not found or not allowed.
  if (e.code === '42501' && e.message) throw forbidden(e.message);
  throw translateDbError(error);
}

/**
 * Merges contacts into the survivor, taking each chosen field from the contact picked for it
 * (custom properties: the survivor's, with the others' values where it has none). Returns the
 * merge, for its undo.
 */
export async function mergeContacts(session: CrmSession & { role?: MemberRole }, input: unknown): Promise<{ mergeId: string }> {
  if (session.role && !canMerge(session.role)) throw forbidden('Only admins and managers merge contacts.');
  const { survivor, merged, choice } = parseInput(mergeSchema, input);
  const all = [survivor, ...merged];
  if (new Set(all).size !== all.length) throw validationError('Choose each contact once.');
  const unknown = Object.values(choice).filter((from) => !all.includes(from as string));
  if (unknown.length) throw validationError('A value was picked from a contact that is not in this merge.');
  const candidates = await mergeCandidates(session, all);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const fields: Record<string, unknown> = {};
  for (const [field, from] of Object.entries(choice) as [MergeField, string][]) {
    if (from !== survivor) fields[field] = byId.get(from)?.[field] ?? null;
  }
  const keeper = byId.get(survivor) as MergeCandidate;
  const custom = { ...Object.assign({}, ...candidates.filter((c) => c.id !== survivor).reverse().map((c) => c.custom)), ...keeper.custom };
  if (JSON.stringify(custom) !== JSON.stringify(keeper.custom)) fields.custom = custom;
  try {
    const { rows } = await withUser(session, (tx) => sql<{ id: string }>`select private.merge_contacts(${survivor}::uuid, ${merged}::uuid[], ${JSON.stringify(fields)}::jsonb) as id`.execute(tx));
    return { mergeId: rows[0]?.id as string };
  } catch (error) {
    refusal(error);
  }
}

export type UnmergeSummary = { fields_kept: string[]; rows_not_moved_back: number };

/** Undoes a merge within 30 days; says what stayed because it was edited since. */
export async function unmergeContacts(session: CrmSession & { role?: MemberRole }, mergeId: unknown): Promise<UnmergeSummary> {
  if (session.role && !canMerge(session.role)) throw forbidden('Only admins and managers undo merges.');
  const target = parseInput(id('Merge'), mergeId);
  try {
    const { rows } = await withUser(session, (tx) => sql<{ s: UnmergeSummary }>`select private.unmerge_contacts(${target}::uuid) as s`.execute(tx));
    return rows[0]?.s as UnmergeSummary;
  } catch (error) {
    refusal(error);
  }
}

export type MergeRecord = { id: string; survivor_id: string; merged_ids: string[]; merged_at: Date; unmerged_at: Date | null; merged_names: string[] };

/** The merges into a contact (its page offers to undo the recent ones); RLS shows them to admins and managers. */
export async function mergesInto(session: CrmSession, contactId: string): Promise<MergeRecord[]> {
  const { rows } = await inUserTransaction(session, (tx) =>
    sql<MergeRecord>`
      select r.id, r.survivor_id, r.merged_ids, r.merged_at, r.unmerged_at,
             array(select concat_ws(' ', c.first_name, c.last_name) from public.contacts c where c.id = any(r.merged_ids)) as merged_names
        from public.record_merges r
       where r.org_id = ${session.orgId}::uuid and r.survivor_id = ${contactId}::uuid
       order by r.merged_at desc limit 10`.execute(tx),
  );
  return rows;
}
