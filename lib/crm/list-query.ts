/** Pieces every list query shares: owner filter, substring search, custom filters, sorting and keyset paging. */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Tx } from '../db/session';
import type { PropertyObject, PropertyType } from '../db/types';
import { definitionsIn, planCustomFilters } from './custom-properties';
import { customSortKey, isSortable, type PropertyDefinition } from './custom-properties.labels';
import { validationError } from './errors';
import { afterCursor, type Cursor, containsPattern, decodeCursor, encodeCursor, LIST_COUNT_CAP, type ListTotal, type Page, type SortDirection, toPage } from './pagination';
import type { CrmSession } from './session';

const ownedTables = ['leads', 'contacts', 'accounts', 'opportunities'] as const;
type OwnedTable = (typeof ownedTables)[number];
/** Every table a list walks: the owned records above, and the training, activity and campaign lists. */
export type ListTable = OwnedTable | 'activities' | 'enrollments' | 'certifications' | 'campaign_recipients';

// Kysely cannot type a column name built from a table chosen at run time; callers keep their
// own precise types and these helpers only add conditions on columns the tables they accept have.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Query<_T extends ListTable> = SelectQueryBuilder<any, any, any>;

export function filterByOwner<T extends OwnedTable | 'activities'>(
  query: Query<T>,
  table: T,
  owner: string | undefined,
  session: CrmSession,
): Query<T> {
  if (owner === 'me') return query.where(sql.ref(`${table}.owner_id`), '=', session.userId);
  if (owner === 'unassigned') return query.where(sql.ref(`${table}.owner_id`), 'is', null);
  if (owner) return query.where(sql.ref(`${table}.owner_id`), '=', owner);
  return query;
}

/** Most matches a search considers: the newest ones; a broader term should be refined. */
export const SEARCH_MATCH_LIMIT = 2000;

/**
 * Substring search. The LIKE runs in private.search_ids (see its migration: under RLS the
 * trigram index is unusable for a non-leakproof operator); the ids it returns are read here
 * under RLS like any other row.
 */
export function filterBySearch<T extends OwnedTable>(query: Query<T>, table: T, q: string | undefined, session: CrmSession): Query<T> {
  if (!q) return query;
  const matches = sql<string[]>`(select private.search_ids(${`public.${table}`}::regclass, ${session.orgId}::uuid, ${containsPattern(q)}, ${SEARCH_MATCH_LIMIT}))::uuid[]`;
  return query.where(sql.ref(`${table}.id`), '=', sql`any(${matches})`);
}

/**
 * Filters on custom properties (cp_<key>=value in the URL). A value few records hold is
 * matched in private.custom_property_ids, which can use the GIN index (see its migration: as
 * for search, RLS keeps the index from serving a non-leakproof operator); the ids it returns
 * — at most LIST_COUNT_CAP + 1, the newest when more match — are read here under RLS. A value
 * most records hold ("broad") is checked row by row in this query instead, as the list walks
 * its own order: the first page is found after a few rows, where the index would first
 * collect every match (migration 20261202000600, customFilterIsBroad).
 */
export async function filterByCustom<T extends OwnedTable>(
  tx: Tx,
  query: Query<T>,
  table: T,
  object: PropertyObject,
  filters: Record<string, string> | undefined,
  session: CrmSession,
): Promise<Query<T>> {
  if (!filters || Object.keys(filters).length === 0) return query;
  const plan = planCustomFilters(await definitionsIn(tx, session.orgId, object), filters);
  let filtered = query;
  if (Object.keys(plan.wanted).length > 0) {
    const wanted = JSON.stringify(plan.wanted);
    if (await customFilterIsBroad(tx, table, session, wanted)) {
      filtered = filtered.where(sql<boolean>`${sql.ref(`${table}.custom`)} @> ${wanted}::jsonb`);
    } else {
      const ids = sql<string[]>`(select private.custom_property_ids(${`public.${table}`}::regclass, ${session.orgId}::uuid, ${wanted}::jsonb, ${LIST_COUNT_CAP + 1}))::uuid[]`;
      filtered = filtered.where(sql.ref(`${table}.id`), '=', sql`any(${ids})`);
    }
  }
  for (const key of plan.present) filtered = filtered.where(sql<boolean>`${sql.ref(`${table}.custom`)} ? ${key}`);
  for (const key of plan.absent) filtered = filtered.where(sql<boolean>`not (${sql.ref(`${table}.custom`)} ? ${key})`);
  return filtered;
}

/** How many of the person's newest visible records the broad-or-narrow decision looks at. */
const BROAD_SAMPLE_ROWS = 1000;

/**
 * Whether a custom filter matches so many records that walking the list's order and checking
 * each row beats collecting every match from the GIN index: at least 5% of a sample of the
 * newest records the person can see (read under their RLS, so the decision says nothing about
 * records they cannot see). About a millisecond; exported for its test.
 */
export async function customFilterIsBroad(tx: Tx, table: OwnedTable, session: CrmSession, wanted: string): Promise<boolean> {
  const { rows } = await sql<{ hits: number; seen: number }>`
    select count(*) filter (where sample.custom @> ${wanted}::jsonb)::int as hits, count(*)::int as seen
      from (select custom from ${sql.table(table)} where org_id = ${session.orgId}::uuid and deleted_at is null
             order by created_at desc limit ${BROAD_SAMPLE_ROWS}) sample`.execute(tx);
  const { hits = 0, seen = 0 } = rows[0] ?? {};
  return seen > 0 && hits * 20 >= seen;
}

/** What narrowed a list before RLS: a search, custom-property filters. */
export type Narrowing = { q?: string | undefined; object: PropertyObject | null; custom?: Record<string, string> | undefined };

/**
 * How many rows the filtered query matches, counted up to LIST_COUNT_CAP (under the caller's
 * RLS). A separate call from the page (the list streams its total in after its rows): for a
 * sales rep at a million contacts it reads thousands of rows the first page does not.
 *
 * A search considers at most SEARCH_MATCH_LIMIT candidates and a narrow custom filter at
 * most LIST_COUNT_CAP + 1 (the newest); when either was full, rows beyond it exist that the list
 * cannot show, so the total says `partial` (the page tells the user to narrow it) instead of
 * passing off the shown rows as all of them.
 */
export async function countMatches<T extends ListTable>(tx: Tx, query: Query<T>, table: T, session: CrmSession, narrowing: Narrowing | null): Promise<ListTotal> {
  const capped = query.clearSelect().select(sql.ref(`${table}.id`).as('id')).limit(LIST_COUNT_CAP + 1);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${capped}) matches`.execute(tx);
  const n = rows[0]?.n ?? 0;
  // Only the owned records' lists narrow by search_ids and custom_property_ids; the others filter in their query.
  const partial = narrowing !== null && ownedTables.includes(table as OwnedTable) ? await candidatesWereCapped(tx, table as OwnedTable, session, narrowing) : false;
  return { count: Math.min(n, LIST_COUNT_CAP), more: n > LIST_COUNT_CAP || partial, partial };
}

async function candidatesWereCapped(tx: Tx, table: OwnedTable, session: CrmSession, { q, object, custom }: Narrowing): Promise<boolean> {
  const regclass = `public.${table}`;
  if (q) {
    // One more than the search keeps: exactly SEARCH_MATCH_LIMIT matches left nothing out.
    const { rows } = await sql<{ full: boolean }>`select cardinality(private.search_ids(${regclass}::regclass, ${session.orgId}::uuid, ${containsPattern(q)}, ${SEARCH_MATCH_LIMIT + 1})) > ${SEARCH_MATCH_LIMIT} as full`.execute(tx);
    if (rows[0]?.full) return true;
  }
  if (object && custom && Object.keys(custom).length > 0) {
    const plan = planCustomFilters(await definitionsIn(tx, session.orgId, object), custom);
    const wanted = JSON.stringify(plan.wanted);
    // A broad filter is checked on every row the count reads: it leaves nothing out.
    if (Object.keys(plan.wanted).length === 0 || (await customFilterIsBroad(tx, table, session, wanted))) return false;
    const { rows } = await sql<{ full: boolean }>`select cardinality(private.custom_property_ids(${regclass}::regclass, ${session.orgId}::uuid, ${wanted}::jsonb, ${LIST_COUNT_CAP + 1})) > ${LIST_COUNT_CAP} as full`.execute(tx);
    if (rows[0]?.full) return true;
  }
  return false;
}

/**
 * What a list is sorted by: one of its columns, or a custom property (`cp_<key>` in the URL).
 * A custom sort must name a live definition of a sortable type; the value is read from
 * `custom` with its type's cast so numbers sort as numbers.
 */
export async function resolveSort(tx: Tx, session: CrmSession, object: PropertyObject | null, sort: string): Promise<string | PropertyDefinition> {
  const key = customSortKey(sort);
  if (key === null) return sort;
  const def = object ? (await definitionsIn(tx, session.orgId, object)).find((d) => d.key === key && !d.archived) : undefined;
  if (!def || !isSortable(def)) throw validationError('This list cannot be sorted by that property.', { sort: ['Choose a property the list can sort by.'] });
  return def;
}

// Date values are stored as YYYY-MM-DD, which sorts as text; datetimes are compared as instants.
const sortCasts: Partial<Record<PropertyType, 'numeric' | 'boolean' | 'timestamptz' | 'text'>> = {
  number: 'numeric',
  currency: 'numeric',
  boolean: 'boolean',
  datetime: 'timestamptz',
  date: 'text',
  text: 'text',
  single_select: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
};

/**
 * A list's query in its order — (sort, id), records without a custom sort value last — after
 * `cursor`, `limit` rows long, with the sort value selected as `sort_value`: what one page
 * reads. The list page reads it (listPage); an export reads the same rows as a file
 * (lib/exports/list-export.ts), so both walk exactly one order.
 */
export function orderedPage<T extends ListTable>(
  query: Query<T>,
  table: T,
  sort: string | PropertyDefinition,
  requested: SortDirection | undefined,
  limit: number,
  cursor: Cursor | undefined,
): Query<T> {
  const id = sql.ref(`${table}.id`);
  if (typeof sort === 'string') {
    const direction = requested ?? (sort === 'name' || sort === 'last_name' ? 'asc' : 'desc');
    const column = `${table}.${sort}`;
    const paged = cursor ? query.where(afterCursor(column, `${table}.id`, direction, cursor)) : query;
    // The sort value travels in the cursor as Postgres's own text: a JS Date would cut a
    // timestamp to milliseconds, and rows stamped in the same millisecond (a campaign's
    // recipients, added in one statement) would then all fall before the cursor.
    return paged.select(sql`${sql.ref(column)}::text`.as('sort_value')).orderBy(column, direction).orderBy(id, direction).limit(limit);
  }
  // Sorted by a custom property: records without a value come last in either direction, so the
  // keyset is (has no value, value, id) and a cursor in the valueless tail holds null.
  const cast = sql.raw(sortCasts[sort.type] ?? 'text');
  const direction = requested ?? (sortCasts[sort.type] === 'text' ? 'asc' : 'desc');
  const value = sql`(${sql.ref(`${table}.custom`)} ->> ${sort.key})::${cast}`;
  const op = direction === 'desc' ? sql`<` : sql`>`;
  // As text, like a column's (above): the cursor casts it back, a datetime keeps its microseconds.
  let paged = query.select(sql`${value}::text`.as('sort_value'));
  if (cursor) {
    paged = paged.where(
      cursor.value === null
        ? sql<boolean>`${value} is null and ${id} ${op} ${cursor.id}::uuid`
        : sql<boolean>`(${value} is null or (${value}, ${id}) ${op} (${cursor.value}::${cast}, ${cursor.id}::uuid))`,
    );
  }
  return paged.orderBy(sql`${value} is null`).orderBy(value, direction).orderBy(id, direction).limit(limit);
}

/** The cursor after a row read by orderedPage (its sort value is text already). */
export function cursorAfter(row: { id: string; sort_value: unknown }): string {
  return encodeCursor({ value: row.sort_value as Cursor['value'], id: row.id });
}

/** Rows read with one extra (orderedPage, limit + 1) as a page: the sort values dropped, the next cursor if more follow. */
function pageOf<Row extends { id: string }>(rows: (Row & { sort_value: unknown })[], limit: number): Page<Row> {
  const page = toPage(rows, limit, (row) => row.sort_value as Cursor['value']);
  return { rows: page.rows.map(({ sort_value: _, ...row }) => row as unknown as Row), nextCursor: page.nextCursor };
}

/** A list as readers of all its pages see it (exports): its table, kind of record and filtered query. */
export type ListSource<P> = { table: ListTable; object: PropertyObject | null; query: (tx: Tx, session: CrmSession, p: P) => Promise<Query<ListTable>> };

/** The list's rows after `cursor`, `limit` of them, in its order (orderedPage of its filtered query). */
export async function listPageQuery<P extends { sort: string; direction?: SortDirection | undefined }>(
  tx: Tx,
  session: CrmSession,
  source: ListSource<P>,
  p: P,
  limit: number,
  cursor: Cursor | undefined,
): Promise<Query<ListTable>> {
  return orderedPage(await source.query(tx, session, p), source.table, await resolveSort(tx, session, source.object, p.sort), p.direction, limit, cursor);
}

/** One page of the list: its ordered rows with one extra to know whether more follow, and the next cursor. */
export async function listPage<Row extends { id: string }, P extends { sort: string; direction?: SortDirection | undefined; limit: number; cursor?: string | undefined }>(
  tx: Tx,
  session: CrmSession,
  source: ListSource<P>,
  p: P,
): Promise<Page<Row>> {
  const rows = (await (await listPageQuery(tx, session, source, p, p.limit + 1, p.cursor ? decodeCursor(p.cursor) : undefined)).execute()) as (Row & { sort_value: unknown })[];
  return pageOf(rows, p.limit);
}
