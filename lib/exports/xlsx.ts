/**
 * An export as an Excel workbook. The worker stores the rows as JSON lines of typed cells (a
 * chunk is whole lines), so the file resumes chunk by chunk like a CSV; the download streams
 * them through exceljs's streaming writer (no shared strings, rows committed as written), a
 * stored chunk at a time, waiting for the reader when it falls behind: memory stays flat.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from './columns';

/** Rows as JSON lines, one array of cells each (the stored form of an XLSX export). */
export function jsonLines(rows: Cell[][]): string {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
}

/** The workbook of an export's stored chunks, one sheet named after the list. */
export function workbookStream(chunks: AsyncIterable<Uint8Array>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  // A reader that goes away (a cancelled download) destroys `out`: stop reading chunks then,
  // rather than build the rest of the workbook in memory for nobody.
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  const write = async () => {
    const decoder = new TextDecoder();
    for await (const chunk of chunks) {
      if (out.destroyed) break;
      for (const line of decoder.decode(chunk).split('\n')) {
        if (line) sheet.addRow(JSON.parse(line) as Cell[]).commit();
      }
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), closed]);
    }
    if (out.destroyed) return;
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** What the browser is told the file is. */
export const contentTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
