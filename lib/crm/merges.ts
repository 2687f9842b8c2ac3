/**
 * Duplicate contacts, accounts and leads: the queue of likely pairs, a record's likely twins,
 * the side-by-side comparison a merge of contacts starts from (accounts: account-merges.ts;
 * leads: lead-merges.ts), the merge itself and its undo (private.merge_records and
 * private.unmerge_records do the moving, in one transaction each). Reading runs under the
 * person's RLS; merging is for admins and managers (the database says so too).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { MemberRole } from '../db/types';
import { lifecycleStages } from './contacts.schema';
import { type Tx, withUser } from '../db/session';
import { forbidden, notFound, parseInput, translateDbError, validationError } from './errors';
import { id } from './fields';
import type { Page } from './pagination';
import { type CrmSession, inUserTransaction } from './session';

/** Who merges: merging rewrites several people's history into one. */
export const canMerge = (role: MemberRole) => role === 'admin' || role === 'manager';

/** What merges: the objects with a duplicates queue (their tables in public). */
export type MergeObject = 'contacts' | 'accounts' | 'leads';

export type DuplicateReason = 'email' | 'phone' | 'name' | 'domain';
export const duplicateReasonLabels: Record<MergeObject, Partial<Record<DuplicateReason, string>>> = {
  contacts: { email: 'Same email address', phone: 'Same phone number', name: 'Similar name at the same account' },
  accounts: { domain: 'Same website domain', name: 'Similar company name' },
  leads: { email: 'Same email address', phone: 'Same phone number', name: 'Similar name at the same company' },
};
/** How sure a pair is a duplicate, by why it was found. */
const confidence: Record<DuplicateReason, number> = { email: 0.95, domain: 0.9, phone: 0.8, name: 0.6 };

/** A side of a pair: its name and what identifies it (a person's email and phone, a lead's company too; an account's domain and phone). */
export type DuplicateSide = { id: string; name: string; details: string[]; created_at: Date };
export type DuplicatePair = { reason: DuplicateReason; confidence: number; a: DuplicateSide; b: DuplicateSide };

/** Where each object's records and pairs are (fixed names, never input), and how a side reads. */
const pairTables: Record<MergeObject, { records: string; pairs: string; own: string; side: (x: string) => string }> = {
  contacts: {
    records: 'public.contacts',
    pairs: 'public.contact_duplicates',
    own: 'contact_id',
    side: (x) => `jsonb_build_object('id', ${x}.id, 'name', concat_ws(' ', ${x}.first_name, ${x}.last_name), 'details', array_remove(array[${x}.email::text, ${x}.phone], null), 'created_at', ${x}.created_at)`,
  },
  accounts: {
    records: 'public.accounts',
    pairs: 'public.account_duplicates',
    own: 'account_id',
    side: (x) => `jsonb_build_object('id', ${x}.id, 'name', ${x}.name, 'details', array_remove(array[${x}.domain::text, ${x}.phone], null), 'created_at', ${x}.created_at)`,
  },
  leads: {
    records: 'public.leads',
    pairs: 'public.lead_duplicates',
    own: 'lead_id',
    side: (x) => `jsonb_build_object('id', ${x}.id, 'name', concat_ws(' ', ${x}.first_name, ${x}.last_name), 'details', array_remove(array[${x}.email::text, ${x}.phone, ${x}.company_name], null), 'created_at', ${x}.created_at)`,
  },
};

/** How a record id of each object is named in messages. */
const idNames: Record<MergeObject, string> = { contacts: 'Contact', accounts: 'Account', leads: 'Lead' };

const QUEUE_PAGE = 50;
/** Pairs the queue reads per query, and at most how many such reads fill a page. */
const QUEUE_BATCH = 400;
const QUEUE_BATCHES = 10;

/**
 * Pairs of live records the person can see that look like one. Contacts: the same mailbox
 * (private.normalised_email: case, "+tags", Gmail dots), the same phone number, or a similar
 * name at the same account (private.alike_names: trigram similarity). Accounts: the same
 * domain, or a similar company name (private.alike_companies). Leads: as contacts, the name
 * at the same company; never a converted lead. The pairs are found as records are written
 * (contact_duplicates, migration 20261203000400; account_duplicates and lead_duplicates,
 * 20261205000100/0200), so the first page reads the newest pairs by index whatever the
 * organisation's size; a pair an edit or a merge has made stale (no longer alike, one side in
 * the trash) is skipped. Each pair once — where its newest row is, with the surest reason that
 * still holds (two look-alikes found for two reasons, or each when written, have several
 * rows) — the older record first.
 */
export async function duplicateQueue(session: CrmSession, limit = QUEUE_PAGE, cursor?: string, object: MergeObject = 'contacts'): Promise<Page<DuplicatePair>> {
  const t = pairTables[object];
  const seen = new Set<string>();
  const found: { pair: DuplicatePair; at: PairPosition }[] = [];
  let scannedTo: PairPosition | null = null;
  let exhausted = false;
  await inUserTransaction(session, async (tx) => {
    // The newest pairs a batch at a time, then their contacts: joined in one query, the
    // planner misjudged the RLS filters and walked every contact first (~14 s at 100,000).
    let before = cursor ? decodePairCursor(cursor) : null;
    batches: for (let batch = 0; batch < QUEUE_BATCHES; batch++) {
      const { rows } = await sql<{ reason: DuplicateReason | null; a: DuplicateSide; b: DuplicateSide; found_at: string; pair_id: string; newest: boolean }>`
        with d as materialized (
          select id, reason, ${sql.raw(t.own)} as record_id, duplicate_of, found_at from ${sql.raw(t.pairs)}
           where org_id = ${session.orgId}::uuid
             and (${before?.[0] ?? null}::timestamptz is null or (found_at, id) < (${before?.[0] ?? null}::timestamptz, ${before?.[1] ?? null}::bigint))
           order by found_at desc, id desc
           limit ${QUEUE_BATCH})
        select d.found_at::text as found_at, d.id::text as pair_id,
               (select p.reason from ${sql.raw(t.pairs)} p
                 where ((p.${sql.raw(t.own)} = d.record_id and p.duplicate_of = d.duplicate_of) or (p.${sql.raw(t.own)} = d.duplicate_of and p.duplicate_of = d.record_id))
                   and private.still_alike(p.reason, a, b)
                 order by case p.reason when 'email' then 0 when 'domain' then 0 when 'phone' then 1 else 2 end limit 1) as reason,
               not exists (select 1 from ${sql.raw(t.pairs)} p
                            where ((p.${sql.raw(t.own)} = d.record_id and p.duplicate_of = d.duplicate_of) or (p.${sql.raw(t.own)} = d.duplicate_of and p.duplicate_of = d.record_id))
                              and (p.found_at, p.id) > (d.found_at, d.id)) as newest,
               ${sql.raw(t.side('a'))} as a, ${sql.raw(t.side('b'))} as b
          from d
          left join ${sql.raw(t.records)} a on a.id = d.duplicate_of
          left join ${sql.raw(t.records)} b on b.id = d.record_id
         order by d.found_at desc, d.id desc`.execute(tx);
      for (const row of rows) {
        scannedTo = [row.found_at, row.pair_id];
        // A side not visible, in the trash or no longer alike for any reason: skipped; a pair
        // listed where its newer row is: skipped here.
        if (!row.reason || !row.newest) continue;
        const key = [row.a.id, row.b.id].sort().join();
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ pair: { reason: row.reason, confidence: confidence[row.reason], a: row.a, b: row.b }, at: scannedTo });
        // One more than the page: then there is a next one.
        if (found.length > limit) break batches;
      }
      if (rows.length < QUEUE_BATCH) {
        exhausted = true;
        break;
      }
      before = scannedTo;
    }
  });
  // The page ends at its last pair; a page cut short by the read limit goes on after what it read.
  const last: PairPosition | null = found.length > limit ? (found[limit - 1]?.at ?? null) : exhausted ? null : scannedTo;
  const rows = found.slice(0, limit).map(({ pair }) => {
    const [a, b] = [pair.a, pair.b].map((side) => ({ ...side, created_at: new Date(side.created_at) })).sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || x.id.localeCompare(y.id)) as [DuplicateSide, DuplicateSide];
    return { ...pair, a, b };
  });
  return { rows, nextCursor: last ? Buffer.from(JSON.stringify(last)).toString('base64url') : null };
}

/** Where a page of the queue ends: a pair's found_at (as Postgres wrote it) and id. */
type PairPosition = [foundAt: string, id: string];
const pairCursorSchema = z.tuple([z.string().max(40), z.string().regex(/^\d{1,19}$/)]);

function decodePairCursor(raw: string): PairPosition {
  try {
    return pairCursorSchema.parse(JSON.parse(Buffer.from(raw.slice(0, 200), 'base64url').toString('utf8')));
  } catch {
    throw validationError('This page link is no longer valid.', { cursor: ['This page link is no longer valid.'] });
  }
}

/** The live records the person can see that look like this one, and why (for the warning on its page). */
export async function duplicatesOf(session: CrmSession, object: MergeObject, recordId: unknown): Promise<(DuplicateSide & { reason: DuplicateReason })[]> {
  const target = parseInput(id(idNames[object]), recordId);
  const t = pairTables[object];
  const { rows } = await inUserTransaction(session, (tx) =>
    sql<{ side: DuplicateSide; reason: DuplicateReason }>`
      select distinct on (o.created_at, o.id) ${sql.raw(t.side('o'))} as side, d.reason
        from ${sql.raw(t.records)} c
        join ${sql.raw(t.pairs)} d on d.${sql.raw(t.own)} = c.id or d.duplicate_of = c.id
        join ${sql.raw(t.records)} o on o.id = case when d.${sql.raw(t.own)} = c.id then d.duplicate_of else d.${sql.raw(t.own)} end
       where c.id = ${target}::uuid and c.org_id = ${session.orgId}::uuid and private.still_alike(d.reason, c, o)
       order by o.created_at, o.id, case d.reason when 'email' then 0 when 'domain' then 0 when 'phone' then 1 else 2 end
       limit 5`.execute(tx),
  );
  return rows.map(({ side, reason }) => ({ ...side, created_at: new Date(side.created_at), reason }));
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

/** The contacts to merge, side by side, with what each would bring along. */
export function mergeCandidates(session: CrmSession, contactIds: unknown): Promise<MergeCandidate[]> {
  return loadCandidates(session, 'contacts', contactIds, candidatesIn);
}

/** The live contacts among `ids` the person can see, oldest first, as a merge compares them. */
async function candidatesIn(tx: Tx, session: CrmSession, ids: string[]): Promise<MergeCandidate[]> {
  const { rows } = await sql<MergeCandidate>`
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
       order by c.created_at, c.id`.execute(tx);
  return rows;
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
export function mergeContacts(session: CrmSession & { role?: MemberRole }, input: unknown): Promise<{ mergeId: string }> {
  return mergeChosen(session, 'contacts', mergeFields, candidatesIn, input);
}

const nouns: Record<MergeObject, { one: string; many: string }> = {
  contacts: { one: 'contact', many: 'contacts' },
  accounts: { one: 'account', many: 'accounts' },
  leads: { one: 'lead', many: 'leads' },
};

/** Reads the live records among `ids` the person can see, oldest first, as a merge compares them. */
export type CandidateReader<C> = (tx: Tx, session: CrmSession, ids: string[]) => Promise<C[]>;

/** The 2–5 records of `object` to merge, side by side (each merge page and merge starts here). */
export async function loadCandidates<C>(session: CrmSession, object: MergeObject, ids: unknown, read: CandidateReader<C>): Promise<C[]> {
  const noun = nouns[object];
  const schema = z.array(id(idNames[object])).min(2, `Choose at least two ${noun.many} to merge.`).max(5, `Merge at most five ${noun.many} at a time.`);
  const list = [...new Set(parseInput(schema, ids))];
  if (list.length < 2) throw validationError(`Choose at least two different ${noun.many} to merge.`);
  const rows = await inUserTransaction(session, (tx) => read(tx, session, list));
  if (rows.length !== list.length) throw notFound(`A ${noun.one} to merge`);
  return rows;
}

/**
 * A merge as a person asks for it: the survivor, the others and, per field of `fields`, the
 * record whose value it keeps. Checked (admins and managers; each record once; values only
 * from the records merged), then merged in one transaction. A field of `coupled` is not chosen
 * but follows another (a lead's disqualification reason goes with its status). Returns the
 * merge, for its undo.
 */
export async function mergeChosen<C extends Mergeable>(
  session: CrmSession & { role?: MemberRole },
  object: MergeObject,
  fields: readonly [string, ...string[]],
  read: CandidateReader<C>,
  input: unknown,
  coupled: Record<string, string> = {},
): Promise<{ mergeId: string }> {
  const noun = nouns[object];
  if (session.role && !canMerge(session.role)) throw forbidden(`Only admins and managers merge ${noun.many}.`);
  const recordId = id(idNames[object]);
  const schema = z.object({
    survivor: recordId,
    merged: z.array(recordId).min(1, `Choose at least one other ${noun.one}.`).max(4, `Merge at most five ${noun.many} at a time.`),
    /** Field → the id of the record whose value the survivor keeps. */
    choice: z.partialRecord(z.enum(fields), recordId).default({}),
  });
  const { survivor, merged, choice } = parseInput(schema, input);
  const all = [survivor, ...merged];
  if (new Set(all).size !== all.length) throw validationError(`Choose each ${noun.one} once.`);
  if (Object.values(choice).some((from) => !all.includes(from as string))) throw validationError(`A value was picked from a ${noun.one} that is not in this merge.`);
  const candidates = await loadCandidates(session, object, all, read);
  const chosen: Partial<Record<string, string>> = { ...choice };
  for (const [follower, leader] of Object.entries(coupled)) chosen[follower] = chosen[leader] ?? survivor;
  try {
    return { mergeId: await withUser(session, (tx) => mergeRecordsIn(tx, object, candidates, survivor, chosen)) };
  } catch (error) {
    refusal(error);
  }
}

/** What a merge reads of each record it merges: its id, custom properties and chosen fields. */
type Mergeable = { id: string; custom: Record<string, unknown> };

/**
 * One merge in the transaction `tx`: the survivor takes each chosen field from the record
 * picked for it, and custom properties it has none of from the others. Returns the merge.
 */
async function mergeRecordsIn<C extends Mergeable>(tx: Tx, object: MergeObject, candidates: C[], survivor: string, choice: Partial<Record<string, string>>): Promise<string> {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const fields: Record<string, unknown> = {};
  for (const [field, from] of Object.entries(choice) as [keyof C & string, string][]) {
    if (from !== survivor) fields[field] = byId.get(from)?.[field] ?? null;
  }
  const keeper = byId.get(survivor) as C;
  const custom = { ...Object.assign({}, ...candidates.filter((c) => c.id !== survivor).reverse().map((c) => c.custom)), ...keeper.custom };
  if (JSON.stringify(custom) !== JSON.stringify(keeper.custom)) fields.custom = custom;
  const merged = candidates.map((c) => c.id).filter((c) => c !== survivor);
  const { rows } = await sql<{ id: string }>`select private.merge_records(${object}, ${survivor}::uuid, ${merged}::uuid[], ${JSON.stringify(fields)}::jsonb) as id`.execute(tx);
  return rows[0]?.id as string;
}

/** Groups of same-mailbox contacts a bulk merge takes per step (each step one transaction). */
export const BULK_MERGE_GROUPS = 50;

export type BulkMergeStep = {
  /** Groups of contacts with one mailbox, this step's included (when asked to count; else null). */
  remaining: number | null;
  groups: number;
  merged: number;
  refused: BulkMergeRefusal[];
  /** Where the next step starts (the last mailbox done), or null when there are no more. */
  next: string | null;
};
export type BulkMergeRefusal = { names: string; email: string; reason: string };

/**
 * One step of "merge every exact email duplicate" (lib/crm/bulk-merges.ts, run by the worker)
 * in the admin's transaction `tx`: the next BULK_MERGE_GROUPS groups of live contacts with one
 * mailbox (private.normalised_email), in mailbox order after `after`, each merged into its
 * oldest contact with the default choice of values (defaultMergeChoice; the owner and account
 * always the kept contact's), five at a time. A group whose contacts have different owners is
 * listed, not merged; a group the database refuses (two bookings of one session) is listed and
 * left alone. Every merge is its own, undoable for 30 days from the kept contact's page.
 */
export async function mergeEmailDuplicatesIn(tx: Tx, session: CrmSession, after: string | null, count: boolean): Promise<BulkMergeStep> {
  const keys = sql`select distinct private.normalised_email(b.email::text) as k
                     from public.contact_duplicates d
                     join public.contacts a on a.id = d.duplicate_of
                     join public.contacts b on b.id = d.contact_id
                    where d.org_id = ${session.orgId}::uuid and d.reason = 'email' and private.still_alike(d.reason, a, b)
                      and (${after}::text is null or private.normalised_email(b.email::text) > ${after}::text)`;
  // Counted once, on a run's first step: the pairs' checks make it the step's slowest part.
  const { rows: counted } = count ? await sql<{ n: number }>`select count(*)::int as n from (${keys}) k`.execute(tx) : { rows: [] };
  const { rows: groups } = await sql<{ k: string; ids: string[] }>`
    select keys.k, array_agg(c.id order by c.created_at, c.id) as ids
      from (${keys} order by 1 limit ${BULK_MERGE_GROUPS}) keys
      join public.contacts c on c.org_id = ${session.orgId}::uuid and c.deleted_at is null and c.email is not null
                            and private.normalised_email(c.email::text) = keys.k
     group by keys.k
     order by keys.k`.execute(tx);
  const step: BulkMergeStep = { remaining: counted[0]?.n ?? null, groups: 0, merged: 0, refused: [], next: null };
  for (const group of groups) {
    step.groups += 1;
    const [survivor, ...rest] = group.ids;
    if (!survivor || rest.length === 0) continue;
    // merge_contacts takes up to four at once: a larger group is merged in steps.
    for (let from = 0; from < rest.length; from += 4) {
      const candidates = await candidatesIn(tx, session, [survivor, ...rest.slice(from, from + 4)]);
      const [keeper, ...others] = candidates;
      if (!keeper || others.length === 0) continue;
      // Contacts of different owners are for a person to compare: merged unseen, one
      // owner would take over the other's history (activities, emails follow the contact).
      const owners = new Set(candidates.map((c) => c.owner_id).filter(Boolean));
      if (owners.size > 1) {
        step.refused.push({ names: namesOf(candidates), email: group.k, reason: 'These contacts have different owners: compare and merge them one by one.' });
        break;
      }
      // The owner and the account stay the kept contact's: a bulk merge never moves a
      // contact to another owner or company (a merge by hand can).
      const choice = { ...defaultMergeChoice(keeper, others), owner_id: keeper.id, account_id: keeper.id };
      await sql`savepoint bulk_merge_group`.execute(tx);
      try {
        await mergeRecordsIn(tx, 'contacts', candidates, keeper.id, choice);
        await sql`release savepoint bulk_merge_group`.execute(tx);
        step.merged += others.length;
      } catch (error) {
        await sql`rollback to savepoint bulk_merge_group`.execute(tx);
        const reason = refusalMessage(error);
        if (reason === null) throw error;
        step.refused.push({ names: namesOf(candidates), email: group.k, reason });
        break;
      }
    }
    step.next = group.k;
  }
  if (groups.length < BULK_MERGE_GROUPS) step.next = null;
  return step;
}

/** The database's refusal of one merge, in its own words when they are meant for people (merge_refused, not permitted); null for any other failure. */
function refusalMessage(error: unknown): string | null {
  const e = error as { code?: string; message?: string; constraint?: string };
  if ((e.code === '42501' || (e.code === '23514' && e.constraint === 'merge_refused')) && e.message) return e.message;
  if (e.code?.startsWith('23')) return 'The database refused to merge these contacts.';
  return null;
}

const namesOf = (candidates: MergeCandidate[]) => candidates.map((c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email).join(', ');

export type UnmergeSummary = { fields_kept: string[]; rows_not_moved_back: number };

/** Undoes a merge (of contacts or accounts) within 30 days; says what stayed because it was edited since. */
export async function unmergeRecords(session: CrmSession & { role?: MemberRole }, mergeId: unknown): Promise<UnmergeSummary> {
  if (session.role && !canMerge(session.role)) throw forbidden('Only admins and managers undo merges.');
  const target = parseInput(id('Merge'), mergeId);
  try {
    const { rows } = await withUser(session, (tx) => sql<{ s: UnmergeSummary }>`select private.unmerge_records(${target}::uuid) as s`.execute(tx));
    return rows[0]?.s as UnmergeSummary;
  } catch (error) {
    refusal(error);
  }
}

export type MergeRecord = { id: string; survivor_id: string; merged_ids: string[]; merged_at: Date; unmerged_at: Date | null; merged_names: string[] };

/** The merges into a contact or account (its page offers to undo the recent ones); RLS shows them to admins and managers. */
export async function mergesInto(session: CrmSession, object: MergeObject, recordId: string): Promise<MergeRecord[]> {
  const t = pairTables[object];
  const { rows } = await inUserTransaction(session, (tx) =>
    sql<MergeRecord>`
      select r.id, r.survivor_id, r.merged_ids, r.merged_at, r.unmerged_at,
             array(select coalesce(nullif(c.side ->> 'name', ''), c.side -> 'details' ->> 0, 'Unnamed') from (select ${sql.raw(t.side('x'))} as side from ${sql.raw(t.records)} x where x.id = any(r.merged_ids)) c) as merged_names
        from public.record_merges r
       where r.org_id = ${session.orgId}::uuid and r.object = ${object} and r.survivor_id = ${recordId}::uuid
       order by r.merged_at desc limit 10`.execute(tx),
  );
  return rows;
}

/** How long a merge can be undone (private.unmerge_records refuses an older one). */
export const MERGE_UNDO_DAYS = 30;

/** The latest of a record's merges that can still be undone, for its page to offer. */
export function undoableMerge(records: MergeRecord[], now = Date.now()): MergeRecord | undefined {
  return records.find((m) => !m.unmerged_at && now - new Date(m.merged_at).getTime() < MERGE_UNDO_DAYS * 86_400_000);
}
