/**
 * SQL from edge functions, the way lib/db/session.ts runs it in the app: each unit of work
 * is one transaction that first becomes the caller — `set_config('role', …)` and
 * `set_config('request.jwt.claims', …)`, exactly what PostgREST does — so RLS answers as
 * that user. Service-role work bypasses RLS and must name its purpose, which lands in the
 * claims (visible in pg_stat_activity and in any policy that logs auth.jwt()).
 *
 * Connects with APP_DATABASE_URL as a login role like Supabase's `authenticator` — not a
 * superuser and able to read nothing itself — exactly like the app. Never the owner's URL
 * (SUPABASE_DB_URL on a hosted project): an injected `reset role` would then bypass RLS.
 */
// @ts-types="@types/pg"
import pg from 'pg';
import { optionalEnv, requiredEnv } from './env.ts';
import { applicationNameFor, currentRequestId, log } from './log.ts';

const APP_NAME = 'cohort-functions';

export type Db = {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
};

export type UserClaims = { sub: string; email: string | null };

let pool: pg.Pool | undefined;

function getPool(): pg.Pool {
  if (!pool) {
    pool = new pg.Pool({
      connectionString: requiredEnv('APP_DATABASE_URL'),
      max: Number(optionalEnv('FUNCTIONS_DB_POOL_SIZE') ?? 5),
      application_name: APP_NAME,
    });
    // The server going away (restart, crash) must not end the host: node-postgres emits `error`
    // on the pool for idle connections and on the connection itself for one in use, where no
    // listener would crash the process. The request in flight fails; the next one reconnects.
    pool.on('error', (error) => log('error', 'idle database connection lost', { reason: error.message }));
    pool.on('connect', (client) => {
      client.on('error', (error) => log('error', 'database connection lost', { reason: error.message }));
    });
  }
  return pool;
}

async function inTransaction<T>(role: string, claims: Record<string, unknown>, work: (db: Db) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken = false;
  try {
    await client.query('begin');
    // The caller's request id marks the transaction too (pg_stat_activity, Postgres's log).
    await client.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('application_name', $3, true), set_config('cohort.request_id', $4, true)`,
      [role, JSON.stringify(claims), applicationNameFor(APP_NAME), currentRequestId() ?? ''],
    );
    const result = await work({
      query: async <Row,>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as Row[],
    });
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true; // a connection that cannot roll back is not given back to the pool
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Runs `work` as the signed-in user, under RLS. */
export function asUser<T>(user: UserClaims, work: (db: Db) => Promise<T>): Promise<T> {
  return inTransaction('authenticated', { sub: user.sub, role: 'authenticated', email: user.email }, work);
}

/** Runs `work` as service_role (bypasses RLS). Only for named system steps. */
export function asService<T>(purpose: string, work: (db: Db) => Promise<T>): Promise<T> {
  if (!purpose) throw new Error('asService needs a purpose');
  return inTransaction('service_role', { role: 'service_role', purpose }, work);
}
