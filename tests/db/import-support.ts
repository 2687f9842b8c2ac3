/** What the import tests share: a file's bytes, a CSV from rows, and a turn of the import worker run in the test. */
import type { PgBoss } from 'pg-boss';
import { importDrainer } from '../../lib/jobs/imports';

export async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

export const csv = (rows: string[][]) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;

const boss = { send: async () => null } as unknown as PgBoss;
/** Runs the imports' pending work (dry runs, runs, reverts) here, as the worker would. */
export const drain = () => importDrainer({ boss })({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });
