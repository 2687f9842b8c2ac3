/**
 * The table owner's connection: migrations, the demo seed, type generation, benchmarks and
 * test fixtures. Never imported by the app, the worker or the functions (a catalog test
 * checks), which run as `authenticator` (./client.ts) and so cannot bypass RLS by accident.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
// client: the type parsers every connection of this process shares, and the pool's guard.
import { survivesServerLoss } from './client';
import type { DB } from './types';

export function ownerDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL (the database owner’s URL) is not set: this is a tooling command; run it through npm scripts.');
  return url;
}

const cache = globalThis as typeof globalThis & { __cohortOwnerDb?: Kysely<DB> };

/** The owner's kysely instance: bypasses RLS. */
export function ownerDb(): Kysely<DB> {
  if (!cache.__cohortOwnerDb) {
    // A connection dropped by the server (it stopped, or was restarted) is not a crash of this tool.
    const pool = survivesServerLoss(new pg.Pool({ connectionString: ownerDatabaseUrl(), max: 5, application_name: 'cohort-owner' }), 'owner');
    cache.__cohortOwnerDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  return cache.__cohortOwnerDb;
}

export async function closeOwnerDb(): Promise<void> {
  const current = cache.__cohortOwnerDb;
  cache.__cohortOwnerDb = undefined;
  await current?.destroy();
}
