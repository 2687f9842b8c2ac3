/**
 * The one connection pool and kysely instance of a process. The app, the worker and the
 * functions log in as `authenticator` (APP_DATABASE_URL): a role that is not a superuser and
 * can read nothing itself; ./session.ts switches each transaction to `authenticated` (or
 * `service_role` for named system work). Nothing may query CRM tables through `db` directly
 * except ./session.ts. The table owner's connection (DATABASE_URL) is for tooling only:
 * ./owner.ts.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { log } from '../../supabase/functions/_shared/log.ts';
import type { DB } from './types';

/** The application_name of the app's and the worker's connections (with a request's id while they work for one). */
export const APP_NAME = 'cohort';

/** The login role of every runtime connection (Supabase's name for it). */
export const APP_LOGIN_ROLE = 'authenticator';

/**
 * APP_DATABASE_URL, or — where only the owner's DATABASE_URL is given (local tooling and
 * tests) — the same server and database as `authenticator` with AUTHENTICATOR_PASSWORD.
 */
export function appDatabaseUrl(): string {
  const given = process.env.APP_DATABASE_URL;
  if (given) return given;
  const owner = process.env.DATABASE_URL;
  const password = process.env.AUTHENTICATOR_PASSWORD;
  if (!owner || !password) {
    throw new Error('APP_DATABASE_URL is not set. Start Cohort with `npm start` (embedded Postgres), or set APP_DATABASE_URL to a login role like Supabase’s authenticator.');
  }
  const url = new URL(owner);
  url.username = APP_LOGIN_ROLE;
  url.password = password;
  return url.toString();
}

/** The connection settings of a pool of runtime connections, optionally starting as `role`. */
export function appPoolConfig(options: { applicationName: string; max?: number; role?: string }): pg.PoolConfig {
  return {
    connectionString: appDatabaseUrl(),
    max: options.max ?? 10,
    application_name: options.applicationName,
    // A role given at connection start is also what `reset role` returns to.
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
  };
}

// numeric and bigint stay strings in pg by default; money in JS is kept as strings on purpose,
// but counts (bigint from count(*)) are safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A SQL date is a calendar day, not an instant: keep it as YYYY-MM-DD instead of a local-midnight Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

type Handles = { pool: pg.Pool; db: Kysely<DB> };
const cache = globalThis as typeof globalThis & { __cohortDb?: Handles };

/**
 * Survives the server going away (a restart, a crash, a failover). node-postgres emits `error`
 * on the pool for an idle connection, and on the connection itself for one in use — where, with
 * no listener, Node ends the whole process. Both are logged instead: the query in flight still
 * fails (its transaction was lost), the pool drops the connection, and the next one reconnects.
 */
export function survivesServerLoss(pool: pg.Pool, label: string): pg.Pool {
  pool.on('error', (error) => log('error', 'idle database connection lost', { pool: label, reason: error.message }));
  pool.on('connect', (client) => {
    client.on('error', (error) => log('error', 'database connection lost', { pool: label, reason: error.message }));
  });
  return pool;
}

function create(): Handles {
  const pool = survivesServerLoss(new pg.Pool(appPoolConfig({ applicationName: APP_NAME, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })), 'app');
  return { pool, db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }) };
}

/** Lazily created so importing a module never needs a database (e.g. during `next build`). */
export function handles(): Handles {
  cache.__cohortDb ??= create();
  return cache.__cohortDb;
}

export async function closeDb(): Promise<void> {
  const current = cache.__cohortDb;
  cache.__cohortDb = undefined;
  await current?.db.destroy();
}
