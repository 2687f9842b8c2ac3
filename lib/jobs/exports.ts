/**
 * export-drain: writes the files of requested list exports (lib/exports/list-export.ts).
 *
 * The rows are read with the list's own query under the requester's RLS, a chunk of
 * EXPORT_CHUNK_ROWS at a time; each chunk is stored in the same transaction that advances the
 * export's progress and keyset cursor, so a worker killed between two chunks resumes after
 * the last stored one — no row is lost or written twice. The queue is stately (one drain at a
 * time); expired exports (7 days) are deleted at each drain.
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { CrmError } from '../crm/errors';
import { listMembers } from '../crm/members';
import type { CrmSession } from '../crm/session';
import { asService, withUser } from '../db/session';
import { exportLayout, neutralised } from '../exports/columns';
import { jsonLines } from '../exports/xlsx';
import { ALL_COLUMNS, EXPORT_CHUNK_ROWS, exportChunk, exportDefinitions, listParamsOf } from '../exports/list-export';
import type { ExportList } from '../exports/list-export.schema';
import { nudge } from './boss';
import type { WorkerContext } from './context';
import type { Handler } from './handler';

/** A reason an export stops that its requester should read. */
class ExportStopped extends Error {}

type Pending = { id: string; org_id: string; requested_by: string; list: ExportList; file_format: string; query: string; columns: string[]; chunks: number; resume_cursor: string | null };

/** How much of one export a drain writes before it lets the next export have a turn. */
export type DrainPace = { chunkRows: number; chunksPerTurn: number };
const defaultPace: DrainPace = { chunkRows: EXPORT_CHUNK_ROWS, chunksPerTurn: 20 };

/**
 * Each pending export gets a turn of up to `chunksPerTurn` chunks, oldest first; if any is
 * left unfinished, the drain queues itself again (stately: it runs right after this one), so
 * one large export never holds up a small one for long.
 */
export function exportDrainer(ctx: Pick<WorkerContext, 'boss'>, pace: DrainPace = defaultPace): Handler<'exportDrain'> {
  return async () => {
    const expired = await asService('jobs: delete exports past their 7 days', (tx) =>
      tx.deleteFrom('list_exports').where('expires_at', '<', new Date()).executeTakeFirst(),
    );
    const pending = (await asService('jobs: the exports to write', (tx) =>
      tx
        .selectFrom('list_exports')
        .select(['id', 'org_id', 'requested_by', 'list', 'file_format', 'query', 'columns', 'chunks', 'resume_cursor'])
        .where('status', 'in', ['queued', 'running'])
        .orderBy('created_at')
        .limit(20)
        .execute(),
    )) as Pending[];
    let written = 0;
    let unfinished = 0;
    for (const job of pending) {
      try {
        const turn = await writeExport(job, pace);
        written += turn.rows;
        if (!turn.finished) unfinished += 1;
      } catch (error) {
        // A file that cannot be written (the requester left the organisation or may no longer
        // export, a filter no longer valid) fails for good; its requester is told
        // (list_exports_finished) — in words meant for them, never the database's own.
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[jobs] export ${job.id} failed:`, message);
        const shown = error instanceof ExportStopped || error instanceof CrmError ? message : 'The export could not be written. Ask for it again; if it fails again, tell an admin.';
        await asService('jobs: an export failed', (tx) =>
          tx.updateTable('list_exports').set({ status: 'failed', error: shown.slice(0, 500), finished_at: new Date() }).where('id', '=', job.id).execute(),
        );
      }
    }
    if (unfinished > 0 || pending.length === 20) await nudge(ctx.boss, 'exportDrain');
    return { status: 'completed', output: { expired: Number(expired.numDeletedRows), exports: pending.length, rows: written, unfinished } };
  };
}

/** Writes one turn of an export: the rows written, and whether the file is complete. */
async function writeExport(job: Pending, pace: DrainPace): Promise<{ rows: number; finished: boolean }> {
  const member = await asService('jobs: who asked for an export', (tx) =>
    tx.selectFrom('memberships').select('email').where('org_id', '=', job.org_id).where('user_id', '=', job.requested_by).where('deactivated_at', 'is', null).executeTakeFirst(),
  );
  if (!member) throw new ExportStopped('The person who asked for this export is no longer a member.');
  const requester: CrmSession = { userId: job.requested_by, email: member.email, orgId: job.org_id };
  // The organisation may have taken exporting from their role since they asked.
  const { rows: allowed } = await withUser(requester, (tx) => sql<{ may: boolean }>`select private.may_export(${job.org_id}::uuid) as may`.execute(tx));
  if (!allowed[0]?.may) throw new ExportStopped('Your role may no longer export lists in this organisation.');
  const [definitions, members] = await Promise.all([exportDefinitions(requester, job.list), listMembers(requester)]);
  const chosen = job.columns.length === 1 && job.columns[0] === ALL_COLUMNS ? ALL_COLUMNS : job.columns;
  const layout = exportLayout(job.list, chosen, definitions, members);
  const params = listParamsOf(job.query);
  await asService('jobs: an export starts', (tx) =>
    tx.updateTable('list_exports').set({ status: 'running', started_at: new Date() }).where('id', '=', job.id).where('status', '=', 'queued').execute(),
  );

  let seq = job.chunks;
  let cursor = job.resume_cursor ?? undefined;
  let written = 0;
  for (let turn = 0; turn < pace.chunksPerTurn; turn++) {
    const csv = job.file_format !== 'xlsx';
    const chunk = await exportChunk(requester, job.list, params, layout, csv ? 'csv' : 'xlsx', cursor, pace.chunkRows);
    // The first chunk starts with the header. CSV: after a byte-order mark (Excel then reads
    // UTF-8), its cells made inert like the rows' (a custom property's label can come from an
    // imported file). XLSX: JSON lines of typed cells, made a workbook on download.
    const header = seq > 0 ? '' : csv ? stringify([layout.headers.map(neutralised)], { bom: true }) : jsonLines([layout.headers]);
    const data = header ? Buffer.concat([Buffer.from(header, 'utf8'), chunk.data]) : chunk.data;
    const page = { rows: chunk.rows, nextCursor: chunk.nextCursor };
    const last = page.nextCursor === null;
    const stored = await asService('jobs: store a chunk of an export', async (tx) => {
      const current = await tx.selectFrom('list_exports').select(['status', 'chunks']).where('id', '=', job.id).forUpdate().executeTakeFirst();
      // Cancelled meanwhile, or (never with a stately queue) another drain got here first.
      if (current?.status !== 'running' || current.chunks !== seq) return false;
      await tx.insertInto('list_export_chunks').values({ export_id: job.id, org_id: job.org_id, seq, data }).execute();
      await tx
        .updateTable('list_exports')
        .set((eb) => ({
          chunks: seq + 1,
          rows_written: eb('rows_written', '+', page.rows),
          resume_cursor: page.nextCursor,
          ...(last ? { status: 'done' as const, finished_at: new Date() } : {}),
        }))
        .where('id', '=', job.id)
        .execute();
      return true;
    });
    // Cancelled: nothing more to do for it.
    if (!stored) return { rows: written, finished: true };
    written += page.rows;
    if (last) return { rows: written, finished: true };
    seq += 1;
    cursor = page.nextCursor ?? undefined;
  }
  return { rows: written, finished: false };
}
