/**
 * Imports as the importer sees them: upload a file, choose how its columns map, check it with
 * a dry run, run it, follow it, cancel it, download its refused rows, revert it. Everything
 * here runs as the signed-in person (RLS decides who may import and who sees which import);
 * the rows are written by the worker under the same person's RLS (lib/imports/run.ts).
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { z } from 'zod';
import { createPropertyDefinition } from '../crm/custom-properties';
import { keyFromLabel } from '../crm/custom-properties.schema';
import { CrmError, forbidden, notFound, parseInput, validationError } from '../crm/errors';
import { id, recordSourceLabels } from '../crm/fields';
import { enrollmentStatusLabels } from '../crm/training.schema';
import { formatDate } from '../format';
import { type CrmSession, inUserTransaction } from '../crm/session';
import { asService } from '../db/session';
import type { ImportObject } from '../db/types';
import { neutralised } from '../exports/columns';
import { importFields, isPropertyMatch, isTrainingImport, type MatchOn, matchKeyNames, matchKeys, naturalKey, propertyMatchObjects, normaliseHeader, objectLabels, propertyObjectOf, refusalLabels, trainingImportRules, warningLabels } from './fields';
import { headerSignature, type Mapping, mappingByHeader, suggestMapping } from './mapping';
import { type FileFormat, fileRecords, formatOf, sniffCsv } from './read-file';
import { dayOrderOf, isRefusal, type Member, type PreparedRow, prepareRow, rowContextOf } from './prepare';
import { importDefinitions, storedFile } from './run';

/** The largest file an import takes (a 1M-row HubSpot export is about 300 MB). */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;
/** The file is stored in pieces of this size. */
const CHUNK_BYTES = 1024 * 1024;
/** Rows of the file shown in the mapping step. */
const SAMPLE_ROWS = 5;
const MAX_COLUMNS = 500;

export const importObjects = ['contacts', 'leads', 'accounts', 'opportunities', 'activities', 'enrollments', 'exam_results', 'certifications'] as const satisfies readonly ImportObject[];

const uploadSchema = z.object({
  object: z.enum(importObjects, { error: 'Choose what the file holds: contacts, leads, accounts, deals, activities, bookings, exam results or certificates.' }),
  fileName: z
    .string()
    .trim()
    .min(1, 'The file needs a name.')
    .max(200, 'The file name can be at most 200 characters.')
    .refine((name) => /\.(csv|tsv|txt|xlsx|zip)$/i.test(name), 'Choose a CSV, XLSX or ZIP file.'),
});

export const importSettingsSchema = z.object({
  id: id('Import'),
  mapping: z.record(z.string().regex(/^\d{1,3}$/), z.string().max(60)),
  mode: z.enum(['create', 'upsert', 'update'], { error: 'Choose whether to create, update, or both.' }),
  match: z.union([z.enum(matchKeyNames), z.templateLiteral(['custom:', z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)])], { error: 'Choose what records are matched on.' }),
  external_source: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'Name the source system in lower-case letters, like hubspot.')
    .nullish()
    .or(z.literal('').transform(() => null)),
  send_confirmations: z.boolean({ error: 'Say whether the import sends its emails.' }).optional(),
});

export type ImportView = {
  id: string;
  object: ImportObject;
  file_name: string;
  file_format: string;
  file_bytes: number;
  headers: string[];
  sample: string[][];
  mapping: Mapping;
  mode: 'create' | 'upsert' | 'update';
  match: MatchOn;
  external_source: string | null;
  send_confirmations: boolean;
  status: 'uploaded' | 'checking' | 'checked' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'reverting' | 'reverted';
  dry_run: boolean;
  rows_total: number | null;
  rows_done: number;
  summary: Record<string, unknown>;
  dry_summary: Record<string, unknown> | null;
  dry_refused: { row: number; reason: string; cells: string[] }[] | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  revertible_until: Date | null;
  reverted_at: Date | null;
  revert_summary: Record<string, unknown> | null;
};

async function* limited(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.byteLength;
    if (total > IMPORT_MAX_BYTES) throw validationError(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it, or zip it.`);
    yield chunk;
  }
}

/** Pieces of CHUNK_BYTES from a stream of any-sized pieces. */
async function* rechunked(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    size += chunk.byteLength;
    while (size >= CHUNK_BYTES) {
      const all = Buffer.concat(parts, size);
      yield all.subarray(0, CHUNK_BYTES);
      parts = [all.subarray(CHUNK_BYTES)];
      size -= CHUNK_BYTES;
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}

/** A new import of a file that is about to be sent, piece by piece (appendImportChunk). */
export async function beginImport(session: CrmSession, input: unknown): Promise<{ id: string }> {
  const { object, fileName } = parseInput(uploadSchema, input);
  const format = /\.xlsx$/i.test(fileName) ? 'xlsx' : /\.zip$/i.test(fileName) ? 'zip' : 'csv';
  return inUserTransaction(session, (tx) => tx.insertInto('imports').values({ org_id: session.orgId, object, file_name: fileName, file_format: format }).returning('id').executeTakeFirstOrThrow()).catch(
    (error: unknown) => {
      if (error instanceof CrmError && error.kind === 'forbidden') {
        throw forbidden(isTrainingImport(object) ? `Only admins and managers import ${objectLabels[object][1]}.` : 'Your role does not create records, so it cannot import them.');
      }
      throw error;
    },
  );
}

/**
 * Stores piece `seq` of the file of one of the person's imports while it is being sent. A
 * piece sent again (a retry) is taken once; one out of order, past the size limit, or for an
 * import whose file is complete, is refused.
 */
export async function appendImportChunk(session: CrmSession, importId: unknown, seq: number, data: Buffer): Promise<void> {
  const imp = await getImport(session, importId);
  if (imp.status !== 'uploaded' || imp.headers.length > 0) throw validationError('This file has already been received.');
  if (!Number.isInteger(seq) || seq < 0) throw validationError('A piece of the file needs its number.');
  if (data.length === 0) throw validationError('A piece of the file was empty.');
  await asService('imports: store a piece of an uploaded file', async (tx) => {
    const current = await tx.selectFrom('imports').select(['file_chunks', 'file_bytes']).where('id', '=', imp.id).forUpdate().executeTakeFirstOrThrow();
    if (seq < current.file_chunks) return; // sent twice: already stored
    if (seq > current.file_chunks) throw validationError(`Piece ${seq} arrived before piece ${current.file_chunks}: send the pieces in order.`);
    if (Number(current.file_bytes) + data.length > IMPORT_MAX_BYTES) throw validationError(`The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it, or zip it.`);
    await tx.insertInto('import_file_chunks').values({ import_id: imp.id, org_id: session.orgId, seq, data }).execute();
    await tx.updateTable('imports').set({ file_chunks: seq + 1, file_bytes: Number(current.file_bytes) + data.length }).where('id', '=', imp.id).execute();
  });
}

/**
 * Reads a received file: its format, encoding and delimiter, its header row and first rows,
 * and a suggested mapping (the one saved for the same headers, else from the headers
 * themselves). A file that cannot be read is refused with its reason and nothing is kept.
 */
export async function finishUpload(session: CrmSession, importId: unknown): Promise<void> {
  const imp = await getImport(session, importId);
  if (imp.status !== 'uploaded' || imp.headers.length > 0) return;
  try {
    const [first] = await asService('imports: the start of a file', (tx) => tx.selectFrom('import_file_chunks').select('data').where('import_id', '=', imp.id).where('seq', '=', 0).execute());
    const fileChunks = (await asService('imports: how much was received', (tx) => tx.selectFrom('imports').select('file_chunks').where('id', '=', imp.id).executeTakeFirstOrThrow())).file_chunks;
    if (!first) throw validationError('The file is empty.');
    const head = new Uint8Array(first.data);
    const format = formatOf(imp.file_name, head);
    if (!format) throw validationError('This file is not what its name says: choose a CSV, XLSX or ZIP file.');
    const csv = format === 'csv' ? sniffCsv(head) : null;
    const rows: string[][] = [];
    try {
      for await (const record of fileRecords(storedFile(imp.id, fileChunks), format, csv)) {
        // The sample is stored as jsonb, which cannot hold NUL: shown without it, as the run reads it.
        rows.push(record.map((cell) => cell.replaceAll('\u0000', '').slice(0, 500)));
        if (rows.length > SAMPLE_ROWS) break;
      }
    } catch (error) {
      throw validationError(`The file could not be read: ${(error as Error).message.slice(0, 200)}`);
    }
    const headers = (rows[0] ?? []).map((h, i) => h.trim().slice(0, 200) || `Column ${i + 1}`);
    if (headers.length === 0) throw validationError('The file has no header row.');
    if (headers.length > MAX_COLUMNS) throw validationError(`The file has ${headers.length} columns; an import takes at most ${MAX_COLUMNS}.`);
    const definitions = await inUserTransaction(session, (tx) => importDefinitions(tx, session.orgId, imp.object));
    const saved = await inUserTransaction(session, (tx) =>
      tx.selectFrom('import_mappings').select('mapping').where('org_id', '=', session.orgId).where('object', '=', imp.object).where('signature', '=', headerSignature(headers)).executeTakeFirst(),
    );
    const mapping = suggestMapping(headers, importFields(imp.object, definitions), (saved?.mapping as Record<string, string> | undefined) ?? null);
    const fields = new Set(Object.values(mapping));
    // The first key the object may be matched on that a column fills (matchKeys are in order of preference).
    const match = matchKeys[imp.object].find((k) => fields.has(k)) ?? naturalKey[imp.object];
    await asService('imports: what the file holds', (tx) =>
      tx
        .updateTable('imports')
        .set({
          file_format: format as FileFormat,
          encoding: csv?.encoding ?? null,
          delimiter: csv?.delimiter ?? null,
          headers,
          sample: JSON.stringify(rows.slice(1)),
          mapping: JSON.stringify(mapping),
          match,
          // Nothing to match on: the import can only create.
          ...(match === 'none' ? { mode: 'create' as const } : {}),
          external_source: headers.some((h) => normaliseHeader(h) === 'record id') ? 'hubspot' : null,
        })
        .where('id', '=', imp.id)
        .execute(),
    );
  } catch (error) {
    await asService('imports: drop a file that could not be taken', (tx) => tx.deleteFrom('imports').where('id', '=', imp.id).execute());
    throw error;
  }
}

/** A whole file at once (the command line): begin, every piece, finish. */
export async function uploadImport(session: CrmSession, input: unknown, bytes: AsyncIterable<Uint8Array>): Promise<{ id: string }> {
  const created = await beginImport(session, input);
  try {
    let seq = 0;
    for await (const chunk of rechunked(limited(bytes))) await appendImportChunk(session, created.id, seq++, chunk);
  } catch (error) {
    await asService('imports: drop a file that could not be taken', (tx) => tx.deleteFrom('imports').where('id', '=', created.id).execute());
    throw error;
  }
  await finishUpload(session, created.id);
  return created;
}

/** One of the person's imports (RLS: their own only). */
export async function getImport(session: CrmSession, importId: unknown): Promise<ImportView> {
  const target = parseInput(id('Import'), importId);
  const found = await inUserTransaction(session, (tx) => tx.selectFrom('imports').selectAll().where('id', '=', target).executeTakeFirst());
  if (!found) throw notFound('Import');
  return found as unknown as ImportView;
}

/** The person's imports, newest first. */
export async function listMyImports(session: CrmSession, limit = 50): Promise<ImportView[]> {
  const rows = await inUserTransaction(session, (tx) => tx.selectFrom('imports').selectAll().where('org_id', '=', session.orgId).orderBy('created_at', 'desc').limit(limit).execute());
  return rows as unknown as ImportView[];
}

/**
 * Saves how the columns map and how records are matched. Checked against the file and the
 * fields: a column that is not in the file, a field that does not exist or is filled twice,
 * or a match key no column fills is refused with the reason, and nothing changes.
 */
export async function saveImportSettings(session: CrmSession, input: unknown): Promise<void> {
  const settings = parseInput(importSettingsSchema, input);
  const imp = await getImport(session, settings.id);
  const definitions = await inUserTransaction(session, (tx) => importDefinitions(tx, session.orgId, imp.object));
  const fields = new Map(importFields(imp.object, definitions).map((f) => [f.key, f]));
  const mapping = Object.fromEntries(Object.entries(settings.mapping).filter(([, key]) => key !== ''));
  const problems: string[] = [];
  for (const [index, key] of Object.entries(mapping)) {
    if (Number(index) >= imp.headers.length) problems.push(`The file has no column ${Number(index) + 1}.`);
    if (!fields.has(key)) problems.push(`"${imp.headers[Number(index)] ?? index}" is mapped to a field that does not exist.`);
  }
  const keys = Object.values(mapping);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (twice.length) problems.push(`${[...new Set(twice)].map((k) => fields.get(k)?.label ?? k).join(', ')}: map each field from one column only.`);
  if (isPropertyMatch(settings.match)) {
    // A unique property identifies one record, as an email does; any other property may be shared.
    const property = definitions.find((d) => `custom:${d.key}` === settings.match);
    if (!propertyMatchObjects.includes(imp.object)) problems.push(`${objectLabels[imp.object][1]} are not matched on a custom property.`);
    else if (!property || property.archived) problems.push('The property to match on does not exist (any more).');
    else if (!property.is_unique) problems.push(`“${property.label}” is not a unique property: records can share its values, so rows cannot be matched on it. An admin can make it unique in Settings → Custom properties.`);
  } else if (!(matchKeys[imp.object] as readonly string[]).includes(settings.match)) problems.push(`${imp.object} are not matched on ${settings.match}.`);
  if (keys.length === 0) problems.push('Map at least one column.');
  if (isTrainingImport(imp.object)) {
    const missing = trainingImportRules[imp.object].required.filter((k) => !keys.includes(k));
    if (missing.length) problems.push(`Map a column to each of ${missing.map((k) => fields.get(k)?.label ?? k).join(', ')}: every row needs them.`);
  } else if (settings.match === 'none') {
    if (settings.mode !== 'create') problems.push(`Without ids nothing is matched: every row is a new ${objectLabels[imp.object][0]}. Choose "Only create new ${objectLabels[imp.object][1]}".`);
  } else {
    const matchField: string = settings.match;
    if (!keys.includes(matchField)) problems.push(`Map a column to ${fields.get(matchField)?.label ?? matchField}: records are matched on it.`);
  }
  const source = settings.external_source ?? imp.external_source;
  if (keys.includes('external_id') && !source) problems.push('Name the system the ids come from, like hubspot.');
  if (problems.length) throw validationError(problems.join(' '), { mapping: problems });
  const updated = await inUserTransaction(session, (tx) =>
    tx
      .updateTable('imports')
      .set({ mapping: JSON.stringify(mapping), mode: settings.mode, match: settings.match, external_source: source, send_confirmations: settings.send_confirmations ?? imp.send_confirmations })
      .where('id', '=', imp.id)
      .executeTakeFirst(),
  );
  if (Number(updated.numUpdatedRows) === 0) throw validationError('This import has started: its mapping can no longer change.');
}

/** Starts the dry run or the real run, and remembers the mapping for the next file with these headers. */
export async function startImport(session: CrmSession, importId: unknown, dry: boolean): Promise<void> {
  const imp = await getImport(session, importId);
  const started = await inUserTransaction(session, async (tx) => {
    const { rows } = await sql<{ started: boolean | null }>`select private.start_import(${imp.id}::uuid, ${dry}) as started`.execute(tx);
    if (!rows[0]?.started) return false;
    await tx
      .insertInto('import_mappings')
      .values({ org_id: session.orgId, object: imp.object, signature: headerSignature(imp.headers), mapping: JSON.stringify(mappingByHeader(imp.headers, imp.mapping)) })
      .onConflict((oc) => oc.columns(['org_id', 'object', 'signature']).doUpdateSet({ mapping: (eb) => eb.ref('excluded.mapping'), updated_at: new Date(), updated_by: session.userId }))
      .execute();
    return true;
  });
  if (!started) throw validationError(imp.status === 'uploaded' || imp.status === 'checked' ? 'Map at least one column first.' : 'This import is already running or finished.');
}

export async function cancelImport(session: CrmSession, importId: unknown): Promise<void> {
  const target = parseInput(id('Import'), importId);
  const { rows } = await inUserTransaction(session, (tx) => sql<{ done: boolean | null }>`select private.cancel_import(${target}::uuid) as done`.execute(tx));
  if (!rows[0]?.done) throw validationError('This import is not running, or is not yours.');
}

export async function revertImportRequest(session: CrmSession, importId: unknown): Promise<void> {
  const target = parseInput(id('Import'), importId);
  const { rows } = await inUserTransaction(session, (tx) => sql<{ done: boolean | null }>`select private.revert_import(${target}::uuid) as done`.execute(tx));
  if (!rows[0]?.done) throw validationError('Only a finished import can be reverted, within 30 days.');
}

/**
 * Makes an unmapped column a new custom property (text, named after the header) and maps the
 * column to it. Admins only, as for any property.
 */
export async function columnAsProperty(session: CrmSession & { role?: string }, importId: unknown, column: unknown): Promise<void> {
  const imp = await getImport(session, importId);
  const index = parseInput(z.coerce.number().int().min(0).max(imp.headers.length - 1), column);
  const header = (imp.headers[index] as string).slice(0, 80);
  const definitions = await inUserTransaction(session, (tx) => importDefinitions(tx, session.orgId, imp.object));
  const existing = definitions.find((d) => d.key === keyFromLabel(header) && !d.archived);
  const target = propertyObjectOf[imp.object];
  if (!target) throw validationError(`${objectLabels[imp.object][1]} have no custom properties: leave the column out.`);
  const property = existing ?? (await createPropertyDefinition(session, { object: target, type: 'text', label: header }));
  const mapping = { ...imp.mapping, [String(index)]: `custom:${property.key}` };
  await saveImportSettings(session, { id: imp.id, mapping, mode: imp.mode, match: imp.match, external_source: imp.external_source });
}

/**
 * The refused rows of an import as a CSV: the file's own columns, then why each was refused
 * — fix them and import this file again. Formula-like cells are neutralised.
 */
export async function refusedRowsCsv(session: CrmSession, importId: unknown): Promise<{ fileName: string; chunks: AsyncGenerator<string> }> {
  const imp = await getImport(session, importId);
  async function* chunks(): AsyncGenerator<string> {
    yield stringify([[...imp.headers, 'Row', 'Reason'].map(neutralised)], { bom: true });
    let after = 0;
    for (;;) {
      const rows = await inUserTransaction(session, (tx) =>
        tx
          .selectFrom('import_rows')
          .select(['row_number', 'reason', 'cells'])
          .where('import_id', '=', imp.id)
          .where('outcome', '=', 'refused')
          .where('row_number', '>', after)
          .orderBy('row_number')
          .limit(2000)
          .execute(),
      );
      if (rows.length === 0) return;
      yield stringify(rows.map((r) => [...imp.headers.map((_, i) => r.cells?.[i] ?? ''), String(r.row_number), refusalLabels[r.reason ?? ''] ?? r.reason ?? ''].map(neutralised)));
      after = rows[rows.length - 1]?.row_number as number;
    }
  }
  return { fileName: `${imp.file_name.replace(/\.[a-z]+$/i, '')}-refused.csv`, chunks: chunks() };
}

export type ImportPreview = { fields: string[]; rows: { cells: string[]; note: string | null; refused: boolean }[] };

/** The first rows of the file as they will be stored with the current mapping (values, or why a row is refused). */
export async function previewImport(session: CrmSession, imp: ImportView): Promise<ImportPreview> {
  const [definitions, members] = await inUserTransaction(session, async (tx) => [
    await importDefinitions(tx, session.orgId, imp.object),
    (await tx.selectFrom('memberships').select(['user_id', 'email', 'display_name']).where('org_id', '=', session.orgId).where('deactivated_at', 'is', null).execute()) as Member[],
  ] as const);
  const ctx = rowContextOf(imp, definitions, members);
  // The preview reads the order of days from its sample; the run reads it from the whole file.
  ctx.dayOrders = new Map(ctx.columns.map(([index]) => [index, dayOrderOf(imp.sample.map((row) => row[index] ?? ''))]));
  const names = new Map(members.map((m) => [m.user_id, m.display_name]));
  const fields = ctx.columns.map(([, f]) => f.label);
  const prepared = imp.sample.map((cells) => prepareRow(ctx, cells));
  // Accounts are looked up as the run will: by domain or name, among those the importer sees.
  const refs = [...new Set(prepared.flatMap((p) => (isRefusal(p) ? [] : [p.accountRef, p.payingAccountRef].flatMap((r) => (r ? [r.toLowerCase()] : [])))))];
  const found = refs.length
    ? await inUserTransaction(session, (tx) =>
        sql<{ ref: string }>`
          select lower(domain::text) as ref from public.accounts where org_id = ${session.orgId}::uuid and deleted_at is null and domain = any(${refs}::extensions.citext[])
          union
          select lower(name) from public.accounts where org_id = ${session.orgId}::uuid and deleted_at is null and lower(name) = any(${refs}::text[])`.execute(tx),
      )
    : { rows: [] };
  const known = new Set(found.rows.map((r) => r.ref));
  const rows = prepared.map((row, i) => {
    if (isRefusal(row)) return { cells: ctx.columns.map(([index]) => imp.sample[i]?.[index] ?? ''), note: refusalLabels[row.refused] ?? row.refused, refused: true };
    return shownRow(row, known);
  });
  return { fields, rows };

  function shownRow(prepared: PreparedRow, accounts: Set<string>) {
    const shown = ctx.columns.map(([, f]) => {
      if (f.kind === 'custom') return displayed(prepared.custom[f.key.slice(7)]);
      if (f.kind === 'owner') return names.get(prepared.values.owner_id as string) ?? '';
      if (f.kind === 'account' || f.kind === 'paying_account') {
        const ref = f.kind === 'account' ? prepared.accountRef : prepared.payingAccountRef;
        return ref ? `${ref}${accounts.has(ref.toLowerCase()) ? '' : ' (not found: left empty)'}` : '';
      }
      if (f.kind === 'course') return prepared.course ?? '';
      if (f.kind === 'stage') return prepared.stageRef ?? '';
      if (f.kind === 'pipeline') return prepared.pipelineRef ?? '';
      if (f.kind === 'contact') return prepared.contactRef ?? '';
      if (f.kind === 'lead') return prepared.leadRef ?? '';
      if (f.kind === 'deal') return prepared.dealRef ?? '';
      if (f.kind === 'session_start') return prepared.session ? formatDate(prepared.session.day) : '';
      if (f.kind === 'date' || f.kind === 'datetime') return prepared.values[f.column as string] ? formatDate(prepared.values[f.column as string] as string) : '';
      if (f.kind === 'enrollment_status') return enrollmentStatusLabels[(prepared.values.status as keyof typeof enrollmentStatusLabels) ?? 'enrolled'] ?? '';
      if (f.kind === 'lifecycle_stage' || f.kind === 'lead_status' || f.kind === 'certification_status') return capitalised(displayed(prepared.values[f.column as string]));
      if (f.kind === 'source') return recordSourceLabels[prepared.values.source as keyof typeof recordSourceLabels] ?? '';
      if (f.kind === 'external_id') return prepared.externalId ?? '';
      if (f.kind === 'consent') return prepared.consent === null ? '' : prepared.consent ? 'Granted (import event)' : 'Withdrawn (import event)';
      if (f.kind === 'full_name') return [prepared.values.first_name, prepared.values.last_name].filter(Boolean).join(' / ');
      return displayed(prepared.values[f.column as string]);
    });
    return { cells: shown, note: prepared.warnings.length ? prepared.warnings.map((w) => warningLabels[w] ?? w).join('; ') : null, refused: false };
  }
}

const capitalised = (text: string) => (text ? `${text[0]?.toUpperCase()}${text.slice(1)}` : text);

const displayed = (value: unknown) => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value));
