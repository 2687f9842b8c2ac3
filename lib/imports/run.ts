/**
 * Running an import (or its dry run): read the file twice — once to count its rows and find
 * the keys that repeat, once to write — and commit each batch of rows together with the
 * import's progress. A run cut short (worker killed, machine restarted) starts again after
 * the last committed batch: the file is re-read, the rows already done are skipped, and the
 * keys of the whole file are known again before anything is written — so nothing is lost and
 * nothing is written twice. A dry run writes each batch and rolls it back: its counts are the
 * real run's, refusals by the database included.
 *
 * Used by the worker (lib/jobs/imports.ts) and by `npm run import` (scripts/import.ts).
 */
import { type Insertable, sql } from 'kysely';
import { definitionsIn } from '../crm/custom-properties';
import type { CrmSession } from '../crm/session';
import type { PropertyDefinition } from '../crm/custom-properties.schema';
import { asService, becomeService, type Tx, withUser } from '../db/session';
import type { ImportMode, ImportObject, ImportRows } from '../db/types';
import { applyTrainingBatch } from './apply-training';
import { applyBatch, type BatchContext, type BatchRow, type RowOutcome } from './apply';
import { isPropertyMatch, isTrainingImport, propertyObjectOf } from './fields';
import { FirstRowIndex } from './first-rows';
import type { Mapping } from './mapping';
import { bookingKey, dayEvidence, foldCells, type Member, normaliseDomain, prepareRow, propertyMatchKey, type RowContext, rowContextOf, sessionDay } from './prepare';
import { type CsvSettings, type FileFormat, fileRecords, type TextEncoding } from './read-file';

/** The custom properties an import can fill: its object's (exam results and certificates have none). */
export function importDefinitions(tx: Tx, orgId: string, object: ImportObject): Promise<PropertyDefinition[]> {
  const target = propertyObjectOf[object];
  return target ? definitionsIn(tx, orgId, target) : Promise.resolve([]);
}

/** Rows written per transaction. */
export const IMPORT_BATCH_ROWS = 2000;
/** Refused rows a dry run keeps to show. */
const DRY_REFUSED_SHOWN = 20;

export type ImportSummary = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  duplicates_in_file: number;
  refused: Record<string, number>;
  warnings: Record<string, number>;
};
export const emptySummary = (): ImportSummary => ({ rows: 0, created: 0, updated: 0, unchanged: 0, duplicates_in_file: 0, refused: {}, warnings: {} });

type ImportRow = {
  id: string;
  org_id: string;
  requested_by: string;
  object: ImportObject;
  file_name: string;
  file_format: string;
  file_chunks: number;
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  mapping: Mapping;
  mode: ImportMode;
  match: string;
  external_source: string | null;
  send_confirmations: boolean;
  status: string;
  dry_run: boolean;
  rows_done: number;
  summary: Partial<ImportSummary>;
};

/** Adds the seats a dry-run batch's new bookings take, per session, to `seats` (before the batch is rolled back). */
async function countDryRunSeats(tx: Tx, outcomes: RowOutcome[], seats: Map<string, number>): Promise<void> {
  const created = outcomes.flatMap((o) => (o.outcome === 'created' && o.recordId ? [o.recordId] : []));
  if (!created.length) return;
  const { rows } = await sql<{ session_id: string; n: number }>`
    select session_id, count(*)::int as n from public.enrollments
     where id = any(${created}::uuid[]) and private.takes_seat(status) group by session_id`.execute(tx);
  for (const { session_id, n } of rows) seats.set(session_id, (seats.get(session_id) ?? 0) + n);
}

/** The uploaded file, read back from the database a few chunks at a time. */
export async function* storedFile(importId: string, chunks: number): AsyncGenerator<Uint8Array> {
  const perRead = 8;
  for (let from = 0; from < chunks; from += perRead) {
    const batch = await asService('imports: read the uploaded file', (tx) =>
      tx.selectFrom('import_file_chunks').select('data').where('import_id', '=', importId).where('seq', '>=', from).where('seq', '<', from + perRead).orderBy('seq').execute(),
    );
    for (const chunk of batch) yield new Uint8Array(chunk.data);
  }
}

/** The data rows of an import's file (the header row left out), numbered from 1. */
async function* dataRows(imp: ImportRow): AsyncGenerator<{ rowNumber: number; cells: string[] }> {
  const csv: CsvSettings | null = imp.file_format === 'csv' ? { encoding: (imp.encoding ?? 'utf-8') as TextEncoding, delimiter: imp.delimiter ?? ',' } : null;
  let rowNumber = -1;
  for await (const cells of fileRecords(storedFile(imp.id, imp.file_chunks), imp.file_format as FileFormat, csv)) {
    rowNumber += 1;
    if (rowNumber === 0) continue;
    yield { rowNumber, cells };
  }
}

/**
 * How a row's key is read cheaply, for finding repeats before anything is parsed fully: the
 * match column's value — for bookings, the person's address with the course and the day.
 */
function quickKeyOf(rowCtx: RowContext): (cells: string[]) => string | null {
  const { columns, match, externalSource } = rowCtx;
  const columnOf = (kind: string) => columns.find(([, f]) => f.kind === kind)?.[0];
  const cell = (cells: string[], index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').trim());
  if (rowCtx.object === 'enrollments' || rowCtx.object === 'exam_results') {
    const [email, course, day, attempt] = [columnOf('email'), columnOf('course'), columnOf('session_start'), columnOf('attempt')];
    const results = rowCtx.object === 'exam_results';
    return (cells) => {
      const [e, c, d] = [cell(cells, email), cell(cells, course), sessionDay(cell(cells, day), day === undefined ? 'dmy' : (rowCtx.dayOrders?.get(day) ?? 'dmy'))];
      if (!e || !c || !d) return null;
      return results ? `${bookingKey(e, c, d)}|${Number(cell(cells, attempt) || 1)}` : bookingKey(e, c, d);
    };
  }
  if (rowCtx.object === 'certifications') {
    const number = columnOf('certificate_number');
    return (cells) => cell(cells, number).toUpperCase().replace(/\s+/g, '') || null;
  }
  // The match key is the field of the same name (email, domain, external_id, name, custom:<key>).
  const keyColumn = columns.find(([, f]) => f.key === match)?.[0];
  const matchType = isPropertyMatch(match) ? rowCtx.properties.get(match.slice('custom:'.length))?.type : undefined;
  return (cells) => {
    const value = cell(cells, keyColumn);
    if (!value) return null;
    if (matchType) return propertyMatchKey(value, matchType);
    if (match === 'email' || match === 'name') return value.toLowerCase();
    if (match === 'domain') return normaliseDomain(value);
    return `${externalSource}:${value}`;
  };
}

export type Requester = CrmSession & { role: string };

async function requesterOf(imp: ImportRow): Promise<Requester> {
  const member = await asService('imports: who is importing', (tx) =>
    tx.selectFrom('memberships').select(['email', 'role']).where('org_id', '=', imp.org_id).where('user_id', '=', imp.requested_by).where('deactivated_at', 'is', null).executeTakeFirst(),
  );
  if (!member) throw new Error('The person who started this import is no longer an active member.');
  return { userId: imp.requested_by, email: member.email, orgId: imp.org_id, role: member.role };
}

function add(summary: ImportSummary, outcomes: RowOutcome[]): void {
  for (const o of outcomes) {
    summary.rows += 1;
    if (o.outcome === 'created') summary.created += 1;
    else if (o.outcome === 'updated') summary.updated += 1;
    else if (o.outcome === 'unchanged') summary.unchanged += 1;
    else if (o.outcome === 'duplicate') summary.duplicates_in_file += 1;
    else summary.refused[o.reason] = (summary.refused[o.reason] ?? 0) + 1;
    // A warning is about a row that was imported: a refused row has its reason instead.
    if (o.outcome !== 'refused') for (const w of o.warnings) summary.warnings[w] = (summary.warnings[w] ?? 0) + 1;
  }
}

/** Thrown to roll back a batch whose import was cancelled while it was being written. */
const cancelledMeanwhile = new Error('The import was cancelled meanwhile.');

export type RunResult = { status: 'done' | 'checked' | 'cancelled' | 'stopped'; summary: ImportSummary };

/**
 * Runs the import's pending work (its dry run or real run) from where it stands. Returns when
 * it is finished, cancelled, or `shouldStop` says so between two batches.
 */
export async function runImport(importId: string, options: { batchRows?: number; shouldStop?: () => boolean } = {}): Promise<RunResult> {
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const imp = (await asService('imports: the import to run', (tx) => tx.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirstOrThrow())) as unknown as ImportRow;
  const dry = imp.status === 'checking';
  if (!['checking', 'queued', 'running'].includes(imp.status)) return { status: 'cancelled', summary: { ...emptySummary(), ...imp.summary } };
  const requester = await requesterOf(imp);
  if (imp.status === 'queued') {
    await asService('imports: a run starts', (tx) => tx.updateTable('imports').set({ status: 'running', started_at: new Date() }).where('id', '=', imp.id).where('status', '=', 'queued').execute());
  } else if (!dry || imp.rows_done === 0) {
    await asService('imports: a run (re)starts', (tx) => tx.updateTable('imports').set({ started_at: sql`coalesce(started_at, now())` }).where('id', '=', imp.id).execute());
  }

  const definitions = await withUser(requester, (tx) => importDefinitions(tx, imp.org_id, imp.object));
  const members = (await withUser(requester, (tx) =>
    tx.selectFrom('memberships').select(['user_id', 'email', 'display_name']).where('org_id', '=', imp.org_id).where('deactivated_at', 'is', null).execute(),
  )) as Member[];
  const rowCtx = rowContextOf(imp, definitions, members);
  // Columns of days: which order they are written in is read from the whole file first.
  const dayColumns = rowCtx.columns.filter(([, f]) => f.kind === 'session_start' || f.kind === 'date' || f.kind === 'datetime').map(([index]) => index);
  if (dayColumns.length) {
    const shown = new Map(dayColumns.map((c) => [c, new Set<'dmy' | 'mdy'>()]));
    for await (const { cells } of dataRows(imp)) {
      for (const c of dayColumns) {
        const shows = dayEvidence(cells[c] ?? '');
        if (shows) shown.get(c)?.add(shows);
      }
    }
    rowCtx.dayOrders = new Map([...shown].map(([c, seen]) => [c, seen.size === 2 ? 'mixed' : seen.has('mdy') ? 'mdy' : 'dmy']));
  }
  const { columns, match } = rowCtx;
  const quickKey = quickKeyOf(rowCtx);
  const consentColumn = columns.find(([, f]) => f.kind === 'consent')?.[0] ?? null;
  const batchCtx: BatchContext = {
    importId: imp.id,
    orgId: imp.org_id,
    object: imp.object,
    mode: imp.mode,
    match,
    matchType: isPropertyMatch(match) ? rowCtx.properties.get(match.slice('custom:'.length))?.type : undefined,
    fileName: imp.file_name,
    consentHeader: consentColumn === null ? null : (imp.headers[consentColumn] ?? null),
    defaultOwner: requester.role === 'sales' ? requester.userId : null,
    accounts: new Map(),
    sendConfirmations: imp.send_confirmations,
    requester,
  };

  // First read: how many rows, and which keys repeat (their later rows fold into the first).
  const firstRowOf = new FirstRowIndex();
  const laterCells = new Map<number, string[][]>();
  let total = 0;
  for await (const { rowNumber, cells } of dataRows(imp)) {
    total = rowNumber;
    const key = quickKey(cells);
    if (key === null) continue;
    const first = firstRowOf.firstOrAdd(key, rowNumber);
    if (first !== undefined) {
      const later = laterCells.get(first);
      if (later) later.push(cells);
      else laterCells.set(first, [cells]);
    }
  }
  await asService('imports: the file is counted', (tx) => tx.updateTable('imports').set({ rows_total: total }).where('id', '=', imp.id).execute());

  const summary: ImportSummary = { ...emptySummary(), ...imp.summary };
  const dryRefused: { row: number; reason: string; cells: string[] }[] = [];
  /** A dry run's seats booked so far, per session (a dry run resumed after a restart counts from where it resumed). */
  const dryRunSeats = new Map<string, number>();
  let batch: BatchRow[] = [];
  let done = imp.rows_done;

  const flush = async (): Promise<'ok' | 'cancelled'> => {
    if (batch.length === 0) return 'ok';
    const rows = batch;
    batch = [];
    const last = rows[rows.length - 1]?.rowNumber as number;
    // Refused rows are kept as the file had them, less NUL (Postgres text and jsonb cannot hold it).
    const rowsByNumber = new Map(rows.map((r) => [r.rowNumber, r.cells.map((c) => c.replaceAll('\u0000', ''))]));
    const result = await withUser(requester, async (tx) => {
      if (dry) {
        await sql`savepoint dry_run`.execute(tx);
        // The seats earlier batches booked were rolled back with them: the seat check counts them still.
        if (dryRunSeats.size) await sql`select set_config('cohort.dry_run_seats', ${JSON.stringify(Object.fromEntries(dryRunSeats))}, true)`.execute(tx);
      }
      const outcomes = isTrainingImport(imp.object) ? await applyTrainingBatch(tx, batchCtx, imp.object, rows) : await applyBatch(tx, batchCtx, rows, consentColumn);
      if (dry) {
        if (imp.object === 'enrollments') await countDryRunSeats(tx, outcomes, dryRunSeats);
        await sql`rollback to savepoint dry_run`.execute(tx);
      }
      await becomeService(tx, 'imports: record a batch');
      const current = await tx.selectFrom('imports').select(['status', 'rows_done']).where('id', '=', imp.id).forUpdate().executeTakeFirst();
      // Cancelled meanwhile (or another run got here first): this batch is not kept.
      if (current?.status !== (dry ? 'checking' : 'running') || current.rows_done !== done) throw cancelledMeanwhile;
      const kept: Insertable<ImportRows>[] = [];
      for (const o of outcomes) {
        const base = { import_id: imp.id, org_id: imp.org_id, row_number: o.rowNumber };
        if (o.outcome === 'refused') kept.push({ ...base, outcome: 'refused', reason: o.reason, cells: rowsByNumber.get(o.rowNumber) ?? [] });
        else if (o.outcome === 'updated') kept.push({ ...base, outcome: 'updated', record_id: o.recordId, previous: JSON.stringify(o.previous), applied: JSON.stringify(o.applied) });
      }
      if (!dry && kept.length) await tx.insertInto('import_rows').values(kept).onConflict((oc) => oc.doNothing()).execute();
      const next = { ...summary, refused: { ...summary.refused }, warnings: { ...summary.warnings } };
      add(next, outcomes);
      await tx.updateTable('imports').set({ rows_done: last, summary: JSON.stringify(next) }).where('id', '=', imp.id).execute();
      return { outcomes, next };
    }).catch((error: unknown) => {
      if (error === cancelledMeanwhile) return null;
      throw error;
    });
    if (!result) return 'cancelled';
    Object.assign(summary, result.next);
    done = last;
    if (dry) {
      for (const o of result.outcomes) {
        if (o.outcome === 'refused' && dryRefused.length < DRY_REFUSED_SHOWN) dryRefused.push({ row: o.rowNumber, reason: o.reason, cells: rowsByNumber.get(o.rowNumber) ?? [] });
      }
    }
    return 'ok';
  };

  for await (const { rowNumber, cells } of dataRows(imp)) {
    if (rowNumber <= done) continue;
    const key = quickKey(cells);
    const first = key === null ? rowNumber : (firstRowOf.get(key) ?? rowNumber);
    const prepared = first !== rowNumber ? 'duplicate' : prepareRow(rowCtx, laterCells.has(rowNumber) ? foldCells(cells, laterCells.get(rowNumber) ?? []) : cells);
    batch.push({ rowNumber, cells, prepared });
    if (batch.length >= batchRows) {
      if ((await flush()) === 'cancelled') return { status: 'cancelled', summary };
      if (options.shouldStop?.()) return { status: 'stopped', summary };
    }
  }
  if ((await flush()) === 'cancelled') return { status: 'cancelled', summary };

  const finished = await asService('imports: a run ends', async (tx) => {
    if (dry) {
      await tx.updateTable('imports').set({ dry_refused: JSON.stringify(dryRefused) }).where('id', '=', imp.id).where('status', '=', 'checking').execute();
      const r = await tx
        .updateTable('imports')
        .set({ status: 'checked', dry_summary: JSON.stringify(summary), finished_at: new Date() })
        .where('id', '=', imp.id)
        .where('status', '=', 'checking')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    }
    const r = await tx
      .updateTable('imports')
      .set({ status: 'done', finished_at: new Date(), revertible_until: sql`now() + interval '30 days'` })
      .where('id', '=', imp.id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    // The file was only needed to run (and resume) the import.
    if (Number(r.numUpdatedRows) > 0) await tx.deleteFrom('import_file_chunks').where('import_id', '=', imp.id).execute();
    return Number(r.numUpdatedRows) > 0;
  });
  return { status: finished ? (dry ? 'checked' : 'done') : 'cancelled', summary };
}
