/**
 * Reading an import file as rows of text cells, in constant memory whatever its size: a CSV
 * (any delimiter; UTF-8 with or without BOM, UTF-16, or Latin-1/Windows-1252 when the bytes
 * are not UTF-8) parsed by csv-parse, the first sheet of an XLSX read by ExcelJS's streaming
 * reader, or every CSV in a ZIP (HubSpot splits large exports) one after the other, the
 * repeated header rows dropped. Parsing is the libraries'; this file only decides which one,
 * with which settings.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';

export type FileFormat = 'csv' | 'xlsx' | 'zip';

/** A ZIP unpacks to at most this much (a small ZIP can unpack to terabytes: a "zip bomb"). */
export const MAX_UNZIPPED_BYTES = 4 * 1024 * 1024 * 1024;
/** A CSV record (one row, all its cells) may be at most this long. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvSettings = { encoding: TextEncoding; delimiter: string };

/** The format a file's name and first bytes say it has (an XLSX and a ZIP both start "PK"). */
export function formatOf(fileName: string, head: Uint8Array): FileFormat | null {
  const zip = head[0] === 0x50 && head[1] === 0x4b;
  const name = fileName.toLowerCase();
  if (name.endsWith('.xlsx')) return zip ? 'xlsx' : null;
  if (name.endsWith('.zip')) return zip ? 'zip' : null;
  if (name.endsWith('.csv') || name.endsWith('.txt') || name.endsWith('.tsv')) return zip ? null : 'csv';
  return null;
}

/**
 * The text encoding of a CSV from its first bytes: a byte-order mark says it; without one,
 * zero bytes in every other place mean UTF-16, and bytes that are not valid UTF-8 mean the
 * Windows Latin-1 code page (what Excel writes on Windows).
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(head.length >> 1, 512);
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (pairs > 8 && oddZeros > pairs * 0.4) return 'utf-16le';
  if (pairs > 8 && evenZeros > pairs * 0.4) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter that splits the first lines into the most columns, the same number on every
 * line (csv-parse does the splitting, quotes and all). A one-column file is a comma file.
 */
export function detectDelimiter(text: string): string {
  const head = text.slice(0, 64 * 1024);
  let best: { delimiter: string; columns: number; consistent: boolean } = { delimiter: ',', columns: 1, consistent: true };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parseSync(head, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: 20 }) as string[][];
    } catch {
      continue;
    }
    // The last line of the sample may be cut short.
    const whole = records.length > 2 ? records.slice(0, -1) : records;
    const columns = whole[0]?.length ?? 1;
    const consistent = whole.every((r) => r.length === columns);
    if (columns > 1 && (consistent && (!best.consistent || columns > best.columns) || (!best.consistent && columns > best.columns))) {
      best = { delimiter, columns, consistent };
    }
  }
  return best.delimiter;
}

/** A CSV's settings from its first bytes. */
export function sniffCsv(head: Uint8Array): CsvSettings {
  const encoding = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head, { stream: true });
  return { encoding, delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')) };
}

async function* decoded(bytes: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  // ignoreBOM false: the decoder drops the byte-order mark itself.
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Every record of a CSV, header first; empty lines are skipped, short rows kept as they are. */
export async function* csvRecords(bytes: AsyncIterable<Uint8Array>, settings: CsvSettings): AsyncGenerator<string[]> {
  const parser = Readable.from(decoded(bytes, settings.encoding)).pipe(
    parse({ delimiter: settings.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, max_record_size: MAX_RECORD_BYTES }),
  );
  for await (const record of parser) yield record as string[];
}

/** A cell of a sheet as the text it shows: dates as YYYY-MM-DD, formulas as their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** Every row of the first sheet of an XLSX, header first, blank rows skipped. */
export async function* xlsxRecords(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string[]> {
  // Loaded for a sheet only: ExcelJS is ~35 MB of an import process that reads a CSV.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // a date is a number with a date style: the styles tell them apart
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = Array.from(values, (v) => cellText(v as ExcelJS.CellValue));
      if (cells.some((c) => c.trim() !== '')) yield cells;
    }
    return; // the first sheet only
  }
}

/**
 * The CSVs inside a ZIP, one after the other as one table: each file's header row is dropped
 * when it repeats the first file's. The entries are unpacked to a temporary folder first
 * (a ZIP is read as it streams, its CSVs may be larger than memory), removed afterwards.
 */
export async function* zipRecords(bytes: AsyncIterable<Uint8Array>, maxUnzipped = MAX_UNZIPPED_BYTES): AsyncGenerator<string[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'cohort-import-'));
  try {
    const files: string[] = [];
    const writes: Promise<void>[] = [];
    let unpacked = 0;
    let tooLarge = false;
    let writeError: unknown = null;
    const { Unzip, UnzipInflate } = await import('fflate');
    const unzip = new Unzip();
    unzip.register(UnzipInflate);
    unzip.onfile = (entry) => {
      const name = entry.name.split('/').pop() ?? '';
      if (!/\.(csv|txt|tsv)$/i.test(name) || name.startsWith('.') || entry.name.startsWith('__MACOSX/')) return;
      const target = path.join(folder, `${files.length}.csv`);
      files.push(target);
      const out = createWriteStream(target);
      writes.push(
        finished(out).catch((error: unknown) => {
          writeError ??= error;
        }),
      );
      entry.ondata = (error, data, final) => {
        unpacked += data?.length ?? 0;
        if (unpacked > maxUnzipped) tooLarge = true;
        if (error || tooLarge) out.destroy(error ?? undefined);
        else {
          out.write(data);
          if (final) out.end();
        }
      };
      entry.start();
    };
    for await (const chunk of bytes) {
      unzip.push(chunk);
      if (tooLarge) {
        await Promise.all(writes);
        throw new Error(`The ZIP unpacks to more than ${maxUnzipped / 1024 ** 3} GB.`);
      }
    }
    unzip.push(new Uint8Array(0), true);
    await Promise.all(writes);
    if (tooLarge) throw new Error(`The ZIP unpacks to more than ${maxUnzipped / 1024 ** 3} GB.`);
    if (writeError) throw writeError;
    if (files.length === 0) throw new Error('The ZIP file holds no CSV file.');
    let header: string | null = null;
    for (const file of files) {
      const head = await firstBytes(file);
      let first = true;
      for await (const record of csvRecords(createReadStream(file), sniffCsv(head))) {
        if (first) {
          first = false;
          const signature = JSON.stringify(record);
          if (header === null) header = signature;
          else if (signature === header) continue;
        }
        yield record;
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function firstBytes(file: string, size = 64 * 1024): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: size - 1 })) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
  }
  return new Uint8Array(Buffer.concat(chunks, length));
}

/** The records of a file in any supported format, header first. */
export function fileRecords(bytes: AsyncIterable<Uint8Array>, format: FileFormat, csv: CsvSettings | null): AsyncGenerator<string[]> {
  if (format === 'xlsx') return xlsxRecords(bytes);
  if (format === 'zip') return zipRecords(bytes);
  return csvRecords(bytes, csv ?? { encoding: 'utf-8', delimiter: ',' });
}
