/** Pieces every list query shares: owner filter, substring search and keyset paging. */
import { type SelectQueryBuilder, sql } from 'kysely';
import { afterCursor, type Cursor, containsPattern, type SortDirection, toPage } from './pagination';
import type { CrmSession } from './session';

type OwnedTable = 'leads' | 'contacts' | 'accounts' | 'opportunities';

// Kysely cannot type a column name built from a table chosen at run time; callers keep their
// own precise types and these helpers only add conditions on columns every OwnedTable has.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Query<_T extends OwnedTable> = SelectQueryBuilder<any, any, any>;

export function filterByOwner<T extends OwnedTable>(
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

/** Orders by (sort, id), continues after the cursor, fetches one extra row to know if more follow. */
export async function fetchPage<T extends OwnedTable, Row extends { id: string }>(
  query: Query<T>,
  table: T,
  sort: string,
  requested: SortDirection | undefined,
  limit: number,
  cursor: Cursor | undefined,
) {
  const direction = requested ?? (sort === 'name' || sort === 'last_name' ? 'asc' : 'desc');
  const column = `${table}.${sort}`;
  const paged = cursor ? query.where(afterCursor(column, `${table}.id`, direction, cursor)) : query;
  const rows = (await paged
    .orderBy(column, direction)
    .orderBy(`${table}.id`, direction)
    .limit(limit + 1)
    .execute()) as Row[];
  return toPage(rows, limit, (row) => {
    const value = (row as Record<string, unknown>)[sort];
    return value instanceof Date ? value.toISOString() : (value as string | number);
  });
}
