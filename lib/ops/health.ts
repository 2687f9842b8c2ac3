/**
 * GET /api/health: whether this instance can do its work — the database answers, its schema is
 * the one this code was written for, a pg-boss worker has beaten within 60 s, and the functions
 * host (or the hosted project's functions) answers. 200 when all hold, 503 naming what does not:
 * a load balancer takes the instance out, a person reads why.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { opsStatus } from './status';

export type HealthCheck = { ok: boolean; detail: string };
export type Health = {
  status: 'ok' | 'degraded';
  checks: { database: HealthCheck; migrations: HealthCheck; worker: HealthCheck; functions: HealthCheck };
};

/** A worker silent for longer than this is taken for gone (it beats every 15 s). */
export const WORKER_SILENCE_SECONDS = 60;

/** The newest migration this checkout holds: what the database should have applied (read once: it changes only with the code). */
let expectedVersion: string | null | undefined;
function expectedSchemaVersion(): string | null {
  if (expectedVersion !== undefined) return expectedVersion;
  const folder = path.resolve(import.meta.dirname, '../../supabase/migrations');
  const versions = readdirSync(folder)
    .map((name) => /^(\d{14})_.+\.sql$/.exec(name)?.[1])
    .filter((v): v is string => Boolean(v))
    .sort();
  expectedVersion = versions.at(-1) ?? null;
  return expectedVersion;
}

async function functionsCheck(): Promise<HealthCheck> {
  const base = process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321';
  const local = ['127.0.0.1', 'localhost', '::1'].includes(new URL(base).hostname);
  try {
    // Locally the host's own health route; a hosted project answers a CORS preflight without a key.
    const response = await fetch(local ? `${base}/health` : `${base}/functions/v1/send-email`, {
      method: local ? 'GET' : 'OPTIONS',
      signal: AbortSignal.timeout(2_000),
    });
    if (response.status >= 500) return { ok: false, detail: `${base} answered ${response.status}` };
    return { ok: true, detail: `${base} answers` };
  } catch (error) {
    return { ok: false, detail: `${base} does not answer (${error instanceof Error ? error.message : String(error)})` };
  }
}

export async function checkHealth(): Promise<Health> {
  const functions = functionsCheck();
  const unknown: HealthCheck = { ok: false, detail: 'unknown: the database does not answer' };
  let checks: Health['checks'];
  try {
    const status = await opsStatus();
    const expected = expectedSchemaVersion();
    const seconds = status.last_beat_seconds;
    checks = {
      database: { ok: true, detail: `answers; ${Object.values(status.connections).reduce((a, b) => a + b, 0)} connections` },
      migrations: {
        ok: status.schema_version === expected,
        detail: status.schema_version === expected ? `at ${expected}` : `the database is at ${status.schema_version ?? 'no migration'}, this code expects ${expected}`,
      },
      worker: {
        ok: seconds !== null && seconds <= WORKER_SILENCE_SECONDS,
        detail: seconds === null ? 'no worker has ever beaten' : `last beat ${Math.round(seconds)} s ago; ${status.workers_alive} alive`,
      },
      functions: await functions,
    };
  } catch (error) {
    checks = {
      database: { ok: false, detail: `does not answer (${error instanceof Error ? error.message : String(error)})` },
      migrations: unknown,
      worker: unknown,
      functions: await functions,
    };
  }
  return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
}
