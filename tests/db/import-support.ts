/** What the import tests share: a file's bytes, a CSV from rows, a turn of the import worker run in the test, and a whole import. */
import type { PgBoss } from 'pg-boss';
import type { CrmSession } from '../../lib/crm/session';
import { getImport, saveImportSettings, startImport, uploadImport } from '../../lib/imports/imports';
import { importDrainer } from '../../lib/jobs/imports';

export async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

export const csv = (rows: string[][]) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;

const boss = { send: async () => null } as unknown as PgBoss;
/** Runs the imports' pending work (dry runs, runs, reverts) here, as the worker would. */
export const drain = () => importDrainer({ boss })({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });

/**
 * Uploads `text` as an import of `object` as `who`, keeps the suggested mapping (and match and
 * mode, unless given), runs the dry run and then the real run; returns both outcomes.
 */
export async function importThrough(
  who: CrmSession,
  object: string,
  text: string,
  settings: { mode?: string; match?: string; external_source?: string | null; send_confirmations?: boolean } = {},
) {
  const { id } = await uploadImport(who, { object, fileName: `${object}.csv` }, bytesOf(text));
  const uploaded = await getImport(who, id);
  await saveImportSettings(who, {
    id,
    mapping: uploaded.mapping,
    mode: settings.mode ?? uploaded.mode,
    match: settings.match ?? uploaded.match,
    external_source: settings.external_source === undefined ? (uploaded.external_source ?? 'hubspot') : settings.external_source,
    send_confirmations: settings.send_confirmations,
  });
  await startImport(who, id, true);
  await drain();
  const checked = await getImport(who, id);
  await startImport(who, id, false);
  await drain();
  const done = await getImport(who, id);
  return { id, uploaded, dry: checked.dry_summary, summary: done.summary, done };
}
