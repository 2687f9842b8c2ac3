/** The database's view of the system for health and metrics (private.ops_status, 20261209000600). */
import { sql } from 'kysely';
import { asService } from '../db/session';

export type OpsStatus = {
  schema_version: string | null;
  workers_alive: number;
  last_beat_seconds: number | null;
  queues: { name: string; deferred: number; queued: number; active: number; failed: number; total: number }[];
  emails_last_hour: Record<string, number>;
  connections: Record<string, number>;
};

export async function opsStatus(): Promise<OpsStatus> {
  return asService('ops: health and metrics', async (tx) => {
    const result = await sql<{ status: OpsStatus }>`select private.ops_status() as status`.execute(tx);
    const status = result.rows[0]?.status;
    if (!status) throw new Error('private.ops_status() returned nothing');
    return status;
  });
}
