/**
 * Exporting a list: asking for it, following it, cancelling it, and reading the file. The
 * rows are written by the worker (lib/jobs/exports.ts) under the requester's RLS; everything
 * here runs as the signed-in person, so RLS also decides who sees which export.
 */
import { sql } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import type { z } from 'zod';
import { activityListSource, countActivityLog } from '../crm/activities';
import { activityListSchema } from '../crm/activities.schema';
import { accountListSource, countAccounts } from '../crm/accounts';
import { accountListSchema } from '../crm/accounts.schema';
import { contactListSource, countContacts } from '../crm/contacts';
import { contactListSchema } from '../crm/contacts.schema';
import { listPropertyDefinitions } from '../crm/custom-properties';
import { customFiltersOf, type PropertyDefinition } from '../crm/custom-properties.labels';
import { forbidden, notFound, parseInput, validationError } from '../crm/errors';
import { id } from '../crm/fields';
import { countLeads, leadListSource } from '../crm/leads';
import { leadListSchema } from '../crm/leads.schema';
import { cursorAfter, type ListSource, listPageQuery } from '../crm/list-query';
import { countOpportunities, opportunityListSource } from '../crm/opportunities';
import { opportunityListSchema } from '../crm/opportunities.schema';
import { type Cursor, decodeCursor, encodeCursor, type ListTotal } from '../crm/pagination';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { certificationListSource, countCertifications, countEnrollments, enrollmentListSource } from '../crm/training-lists';
import { certificationListSchema, enrollmentListSchema } from '../crm/training.schema';
import { inlineParameters } from '../db/inline-sql';
import { readAsUser, withUser } from '../db/session';
import { type Cell, columnIds, type ExportLayout } from './columns';
import { type ExportFormat, type ExportList, exportRequestSchema } from './list-export.schema';
import { countRecipients, recipientListSource } from '../marketing/campaign-recipients';
import { recipientListSchema } from '../marketing/campaign-recipients.schema';
import { jsonLines } from './xlsx';

/**
 * Rows per chunk of the file: one COPY under the requester's RLS each, stored with the
 * export's progress. Per-chunk costs (the RLS setup, the plan, the keyset seek, storing it)
 * made 1,000-row chunks half as fast as 10,000.
 */
export const EXPORT_CHUNK_ROWS = 10_000;
/** Why a person may not export (private.may_export said no). */
const MAY_NOT_EXPORT = 'Your organisation does not let your role export lists. An admin can change that in Settings → Organisation.';

/** Marks "every column" in list_exports.columns. */
export const ALL_COLUMNS = 'all';

/** A list's custom properties (none for a list without). */
export async function exportDefinitions(session: CrmSession, list: ExportList): Promise<PropertyDefinition[]> {
  const object = listReaders[list].source.object;
  return object ? listPropertyDefinitions(session, object) : [];
}

type ListReader<P> = { schema: z.ZodType<P>; source: ListSource<P>; count: (session: CrmSession, params: unknown) => Promise<ListTotal> };

/** Each list's own query: the export reads exactly what the list shows. */
export const listReaders: { [L in ExportList]: ListReader<never> } = {
  leads: { schema: leadListSchema, source: leadListSource, count: countLeads },
  contacts: { schema: contactListSchema, source: contactListSource, count: countContacts },
  accounts: { schema: accountListSchema, source: accountListSource, count: countAccounts },
  opportunities: { schema: opportunityListSchema, source: opportunityListSource, count: countOpportunities },
  activities: { schema: activityListSchema, source: activityListSource, count: countActivityLog },
  enrollments: { schema: enrollmentListSchema, source: enrollmentListSource, count: countEnrollments },
  certifications: { schema: certificationListSchema, source: certificationListSource, count: countCertifications },
  campaign_recipients: { schema: recipientListSchema, source: recipientListSource, count: countRecipients },
} as never;

/** One chunk of an export's file, and where the next one starts (null: this was the last). */
export type ExportChunk = { data: Buffer; rows: number; nextCursor: string | null };

/** Starts the extra last line of a full CSV chunk that carries the next chunk's cursor. */
const CURSOR_LINE = 'cursor:';

/**
 * One chunk of an export: the list's rows after `cursor`, `rows` of them, in its order, read
 * by the list's own query (`params` from listParamsOf, checked by its own schema) under the
 * requester's RLS, as file bytes. A CSV chunk is Postgres's own `COPY … TO STDOUT` of the
 * layout's cells — no row passes through JavaScript — followed, when the chunk is full, by
 * one more line holding the last row's place (sort value and id, hex-encoded), which is cut
 * off here and becomes the next cursor: one statement reads the rows and where they end. A
 * workbook's chunk is JSON lines of typed cells (lib/exports/xlsx.ts), each row read with its
 * place in two more columns.
 */
export async function exportChunk(
  requester: CrmSession,
  list: ExportList,
  params: Record<string, unknown>,
  layout: ExportLayout,
  format: ExportFormat,
  cursor: string | undefined,
  rows = EXPORT_CHUNK_ROWS,
): Promise<ExportChunk> {
  const reader = listReaders[list] as unknown as ListReader<{ sort: string }>;
  const cells = layout.cells(format);
  if (cells.length === 0) throw validationError('None of the columns chosen for this export exist any more. Ask for it again.');
  const after = cursor ? decodeCursor(cursor) : undefined;
  // The query is built (filters checked, custom sorts resolved) as the requester, then run on
  // a connection of its own, where COPY can be said.
  const query = await withUser(requester, async (tx) => {
    const page = await listPageQuery(tx, requester, reader.source, reader.schema.parse(params), rows, after);
    if (format !== 'csv') return sql`select ${sql.join(cells)}, r.sort_value, r.id from (${page}) r`.compile(tx);
    const place = sql`${CURSOR_LINE} || encode(convert_to(json_build_object('value', last.sort_value, 'id', last.id)::text, 'UTF8'), 'hex')`;
    // Postgres keeps this order without an ORDER BY here: a scan of the materialised page
    // returns its rows as the page sorted them, and UNION ALL appends its second part after
    // the first. The place line is checked for below all the same.
    return sql`with r as materialized (${page})
      select ${sql.join(cells.map((cell) => sql`(${cell})::text`))} from r
      union all
      select ${sql.join([place, ...cells.slice(1).map(() => sql`null`)])} from (select sort_value, id from r offset ${rows - 1}) last`.compile(tx);
  });
  return readAsUser(requester, async (client) => {
    // RLS's conditions leave the planner guessing how many rows the list holds; guessing few,
    // it would read and sort all that remain for every chunk (quadratic over a large export)
    // rather than walk the list's index for just this chunk's rows. A list sorted by a custom
    // property has no index to walk and still sorts.
    await client.query('set local enable_sort = off');
    // Times are written as ISO text whatever the connection's default.
    await client.query("set local datestyle = 'ISO, YMD'");
    if (format !== 'csv') {
      const result = await client.query<unknown[]>({ text: query.sql, values: [...query.parameters], rowMode: 'array' });
      const last = result.rows.length === rows ? result.rows.at(-1) : undefined;
      const cells = result.rows.map((row) => row.slice(0, -2) as Cell[]);
      return { data: Buffer.from(jsonLines(cells), 'utf8'), rows: cells.length, nextCursor: last ? cursorAfter({ sort_value: last.at(-2), id: String(last.at(-1)) }) : null };
    }
    const parts: Buffer[] = [];
    const stream = client.query(copyTo(`copy (${inlineParameters(query)}) to stdout with (format csv)`));
    for await (const part of stream) parts.push(part as Buffer);
    const data = Buffer.concat(parts);
    if ((stream.rowCount ?? 0) <= rows) return { data, rows: stream.rowCount ?? 0, nextCursor: null };
    // The place line has no quotes or line breaks of its own: it starts after the last row's line end.
    const start = data.lastIndexOf(10, data.length - 2) + 1;
    const line = data.subarray(start).toString('utf8');
    if (!line.startsWith(CURSOR_LINE)) throw new Error('export chunk: the place line is missing');
    const place = JSON.parse(Buffer.from(line.slice(CURSOR_LINE.length).split(',')[0] ?? '', 'hex').toString('utf8')) as { value: Cursor['value']; id: string };
    return { data: data.subarray(0, start), rows, nextCursor: encodeCursor(place) };
  });
}

/**
 * A list's parameters from its URL query, as the list page reads them (the first value of
 * each, empty ones dropped), without paging: an export covers every page.
 */
export function listParamsOf(query: string): Record<string, unknown> {
  const flat: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (value && !(key in flat) && key !== 'cursor' && key !== 'limit') flat[key] = value;
  }
  return { ...flat, custom: customFiltersOf(flat) };
}

export type ListExport = {
  id: string;
  list: ExportList;
  file_format: ExportFormat;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  file_name: string;
  query: string;
  rows_expected: number | null;
  rows_written: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date;
};

/**
 * Asks for an export of a list as the person sees it. The filters and columns are checked
 * now — a bad one is refused with its reason and nothing is queued — and the list's total is
 * kept for progress. A viewer is refused by the database.
 */
export async function requestListExport(session: CrmSession, input: unknown): Promise<{ id: string }> {
  const { list, query, columns, format } = parseInput(exportRequestSchema, input);
  const params = listParamsOf(query);
  const total = await listReaders[list].count(session, params);
  if (columns !== ALL_COLUMNS) {
    const known = new Set(columnIds(list, await exportDefinitions(session, list)));
    const unknown = columns.filter((c) => !known.has(c));
    if (unknown.length) throw validationError(`This list has no column ${unknown.join(', ')} to export.`, { columns: ['Choose columns the list has.'] });
  }
  const fileName = `${list}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return inUserTransaction(session, async (tx) => {
    // The policy refuses too; this says why.
    const { rows } = await sql<{ may: boolean }>`select private.may_export(${session.orgId}::uuid) as may`.execute(tx);
    if (!rows[0]?.may) throw forbidden(MAY_NOT_EXPORT);
    return tx
      .insertInto('list_exports')
      .values({ org_id: session.orgId, list, query, columns: columns === ALL_COLUMNS ? [ALL_COLUMNS] : columns, file_name: fileName, file_format: format, rows_expected: total.count })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
}

/** The person's exports, newest first (RLS: their own only). */
export async function listMyExports(session: CrmSession, limit = 50): Promise<ListExport[]> {
  const rows = await inUserTransaction(session, (tx) =>
    tx
      .selectFrom('list_exports')
      .select(['id', 'list', 'file_format', 'status', 'file_name', 'query', 'rows_expected', 'rows_written', 'error', 'created_at', 'finished_at', 'expires_at'])
      .where('org_id', '=', session.orgId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows as ListExport[];
}

/** Stops an export that is still queued or running (the rows written so far are dropped with it). */
export async function cancelMyExport(session: CrmSession, exportId: unknown): Promise<void> {
  const target = parseInput(id('Export'), exportId);
  const { rows } = await inUserTransaction(session, (tx) => sql<{ cancelled: boolean | null }>`select private.cancel_list_export(${target}::uuid) as cancelled`.execute(tx));
  if (!rows[0]?.cancelled) throw validationError('This export has already finished, or is not yours.');
}

/** How many chunks a download reads per query. */
const CHUNKS_PER_READ = 2;

/**
 * The file of a finished export, chunk by chunk (memory stays flat whatever its size), or
 * not found — for someone else's export, an unfinished one, or one past its 7 days.
 */
export async function openExportFile(session: CrmSession, exportId: unknown): Promise<{ fileName: string; list: ExportList; format: ExportFormat; chunks: AsyncGenerator<Uint8Array> }> {
  const target = parseInput(id('Export'), exportId);
  const found = await inUserTransaction(session, (tx) =>
    tx
      .selectFrom('list_exports')
      .select(['file_name', 'list', 'file_format', 'chunks'])
      // Asked for before the export's organisation took exporting from this role: not handed out either.
      .select(sql<boolean>`private.may_export(org_id)`.as('may'))
      .where('id', '=', target)
      .where('status', '=', 'done')
      .where('expires_at', '>', new Date())
      .executeTakeFirst(),
  );
  if (!found) throw notFound('Export');
  if (!found.may) throw forbidden(MAY_NOT_EXPORT);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let from = 0; from < (found?.chunks ?? 0); from += CHUNKS_PER_READ) {
      const batch = await inUserTransaction(session, (tx) =>
        tx
          .selectFrom('list_export_chunks')
          .select('data')
          .where('export_id', '=', target)
          .where('seq', '>=', from)
          .where('seq', '<', from + CHUNKS_PER_READ)
          .orderBy('seq')
          .execute(),
      );
      for (const chunk of batch) yield chunk.data;
    }
  }
  return { fileName: found.file_name, list: found.list as ExportList, format: found.file_format as ExportFormat, chunks: chunks() };
}
