/**
 * Keyset pagination: a page ends with a cursor holding the last row's sort value and id; the
 * next page asks for rows strictly after that pair in the sort order. Unlike OFFSET this
 * stays as fast on page 10,000 as on page 1 and never skips or repeats rows under inserts.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { validationError } from './errors';

export type SortDirection = 'asc' | 'desc';
/** The last row's sort value (null or a boolean when sorted by a custom property) and id. */
export type Cursor = { value: string | number | boolean | null; id: string };
/** How many rows match the list's filters: exact up to LIST_COUNT_CAP, then "more than"; `partial` when a search or filter found more candidates than it considers. */
export type ListTotal = { count: number; more: boolean; partial?: boolean };
export type Page<Row> = { rows: Row[]; nextCursor: string | null };

/** Lists count their matches exactly up to this many (a count of a million rows under RLS is not worth its time). */
export const LIST_COUNT_CAP = 10_000;

export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 100;

const cursorSchema = z.object({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]), id: z.uuid() });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw validationError('This page link is no longer valid.', { cursor: ['This page link is no longer valid.'] });
  }
}

/** Fields every list accepts. `q` is a case-insensitive substring search. */
export const listParamsShape = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  // Unset: names sort A–Z, everything else newest / largest first (see orderedPage in list-query.ts).
  direction: z.enum(['asc', 'desc']).optional(),
  q: z
    .string()
    .trim()
    .max(100, 'Search for at most 100 characters.')
    .optional()
    .transform((value) => (value ? value.toLowerCase() : undefined)),
};

/** LIKE pattern matching `term` anywhere, with LIKE's wildcards in the term taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `(sortColumn, id) < / > (value, id)` for the page after `cursor`, in the given direction. */
export function afterCursor(sortColumn: string, idColumn: string, direction: SortDirection, cursor: Cursor) {
  const op = direction === 'desc' ? sql`<` : sql`>`;
  return sql<boolean>`(${sql.ref(sortColumn)}, ${sql.ref(idColumn)}) ${op} (${cursor.value}, ${cursor.id}::uuid)`;
}

/** Cuts a result fetched with limit+1 into a page and the cursor of the next one. */
export function toPage<Row extends { id: string }>(
  rows: Row[],
  limit: number,
  sortValue: (row: Row) => Cursor['value'],
): Page<Row> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { rows: pageRows, nextCursor: hasMore && last ? encodeCursor({ value: sortValue(last), id: last.id }) : null };
}
