/**
 * The one connection pool and kysely instance of a process. The app connects as the table
 * owner and switches to `authenticated` per transaction (see ./session.ts); nothing may query
 * CRM tables through `db` directly except ./session.ts.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types';

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Start Cohort with `npm start` (embedded Postgres) or set DATABASE_URL.');
  }
  return url;
}

// numeric and bigint stay strings in pg by default; money in JS is kept as strings on purpose,
// but counts (bigint from count(*)) are safe as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A SQL date is a calendar day, not an instant: keep it as YYYY-MM-DD instead of a local-midnight Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

type Handles = { pool: pg.Pool; db: Kysely<DB> };
const cache = globalThis as typeof globalThis & { __cohortDb?: Handles };

function create(): Handles {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    application_name: 'cohort',
  });
  pool.on('error', (error) => console.error('[db] idle client error', error));
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
