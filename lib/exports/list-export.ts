/**
 * Exporting a list: asking for it, following it, cancelling it, and reading the file. The
 * rows are written by the worker (lib/jobs/exports.ts) under the requester's RLS; everything
 * here runs as the signed-in person, so RLS also decides who sees which export.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { type AccountListRow, accountPage, countAccounts } from '../crm/accounts';
import { accountListSchema } from '../crm/accounts.schema';
import { type ContactListRow, contactPage, countContacts } from '../crm/contacts';
import { contactListSchema } from '../crm/contacts.schema';
import { listPropertyDefinitions } from '../crm/custom-properties';
import { customFiltersOf } from '../crm/custom-properties.labels';
import { forbidden, notFound, parseInput, validationError } from '../crm/errors';
import { id } from '../crm/fields';
import { countLeads, type LeadListRow, leadPage } from '../crm/leads';
import { leadListSchema } from '../crm/leads.schema';
import { countOpportunities, type OpportunityListRow, opportunityPage } from '../crm/opportunities';
import { opportunityListSchema } from '../crm/opportunities.schema';
import type { ListTotal, Page } from '../crm/pagination';
import { type CrmSession, inUserTransaction } from '../crm/session';
import type { Tx } from '../db/session';
import type { PropertyObject } from '../db/types';
import { columnIds, type RowOf } from './columns';
import { type ExportFormat, type ExportList, exportRequestSchema } from './list-export.schema';

/**
 * Rows per chunk of the file: one page query under the requester's RLS each. Per-query costs
 * (the RLS setup, the plan, the keyset seek) made 1,000-row chunks half as fast as 10,000.
 */
export const EXPORT_CHUNK_ROWS = 10_000;
/** Why a person may not export (private.may_export said no). */
const MAY_NOT_EXPORT = 'Your organisation does not let your role export lists. An admin can change that in Settings → Organisation.';

/** Marks "every column" in list_exports.columns. */
export const ALL_COLUMNS = 'all';

/** The kind of record each exportable list holds (for its custom properties). */
export const objectOf: Record<ExportList, PropertyObject> = { leads: 'lead', contacts: 'contact', accounts: 'account', opportunities: 'opportunity' };

type Lists = {
  leads: { schema: typeof leadListSchema; row: LeadListRow };
  contacts: { schema: typeof contactListSchema; row: ContactListRow };
  accounts: { schema: typeof accountListSchema; row: AccountListRow };
  opportunities: { schema: typeof opportunityListSchema; row: OpportunityListRow };
};
type ListReader<L extends ExportList> = {
  schema: Lists[L]['schema'];
  page: (tx: Tx, session: CrmSession, p: z.output<Lists[L]['schema']>) => Promise<Page<Lists[L]['row']>>;
  count: (session: CrmSession, params: unknown) => Promise<ListTotal>;
};

/** Each list's own query: the export reads exactly what the list shows. */
export const listReaders: { [L in ExportList]: ListReader<L> } = {
  leads: { schema: leadListSchema, page: leadPage, count: countLeads },
  contacts: { schema: contactListSchema, page: contactPage, count: countContacts },
  accounts: { schema: accountListSchema, page: accountPage, count: countAccounts },
  opportunities: { schema: opportunityListSchema, page: opportunityPage, count: countOpportunities },
};

type AnyReader = { schema: z.ZodType<Record<string, unknown>>; page: (tx: Tx, session: CrmSession, p: Record<string, unknown>) => Promise<Page<RowOf<ExportList>>> };

/**
 * One chunk of an export: the list's page after `cursor`, `rows` long, read by the
 * list's own query and checked by its own schema (`params` from listParamsOf).
 */
export async function exportChunk(tx: Tx, session: CrmSession, list: ExportList, params: Record<string, unknown>, cursor: string | undefined, rows = EXPORT_CHUNK_ROWS): Promise<Page<RowOf<ExportList>>> {
  const reader = listReaders[list] as unknown as AnyReader;
  return reader.page(tx, session, { ...reader.schema.parse(params), limit: rows, cursor });
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
    const known = new Set(columnIds(list, await listPropertyDefinitions(session, objectOf[list])));
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
