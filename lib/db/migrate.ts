/**
 * Brings any Postgres to the current schema: the Supabase-compatibility bootstrap (only on a
 * database that is not a Supabase one, where it also gives `authenticator` its password),
 * then supabase/migrations through the Supabase CLI, which records what it applied in
 * supabase_migrations.schema_migrations.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function isSupabaseDatabase(client: pg.Client): Promise<boolean> {
  const { rowCount } = await client.query(`select 1 from pg_roles where rolname = 'supabase_admin'`);
  return (rowCount ?? 0) > 0;
}

/**
 * The bootstrap, and the password `authenticator` logs in with (AUTHENTICATOR_PASSWORD). On a
 * Supabase project the roles exist already and the app logs in through APP_DATABASE_URL.
 */
export async function applySupabaseCompatibility(url: string, authenticatorPassword = process.env.AUTHENTICATOR_PASSWORD): Promise<'applied' | 'supabase'> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (await isSupabaseDatabase(client)) return 'supabase';
    await client.query(await readFile(path.join(root, 'supabase/bootstrap/supabase-compat.sql'), 'utf8'));
    // A utility statement takes no parameters; the literal is escaped by pg.
    if (authenticatorPassword) await client.query(`alter role authenticator with password ${client.escapeLiteral(authenticatorPassword)}`);
    return 'applied';
  } finally {
    await client.end();
  }
}

export async function applyMigrations(url: string): Promise<string> {
  const cli = path.join(root, 'node_modules/.bin/supabase');
  try {
    // --include-all: a migration merged with an earlier timestamp than one already applied
    // (parallel branches) is applied too instead of refusing.
    const { stdout, stderr } = await run(cli, ['migration', 'up', `--remote=${url}`, '--include-all', '--yes'], {
      cwd: root,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      timeout: 300_000,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Migrations failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

export async function migrate(url: string, options: { authenticatorPassword?: string } = {}): Promise<void> {
  await applySupabaseCompatibility(url, options.authenticatorPassword);
  await applyMigrations(url);
}
