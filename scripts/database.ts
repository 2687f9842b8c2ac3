/**
 * Getting a ready database for a command: the embedded cluster (or DATABASE_URL), the
 * Supabase bootstrap and migrations, then the demo seed. Shared by start, db and test.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appDatabaseUrl } from '../lib/db/client';
import { type ClusterOptions, startCluster, stopCluster } from '../lib/db/embedded-cluster';
import { type BackupPlace, backupPlaceIn } from '../lib/db/backup-status';
import { archiveSettings, prepareArchive } from '../lib/db/backups';
import { migrate } from '../lib/db/migrate';

export const root = path.resolve(import.meta.dirname, '..');

/** Where `npm run db:backup` puts base backups, and where the demo cluster archives its WAL. */
export const backupPlace: BackupPlace = backupPlaceIn(root);

/**
 * Supabase's local defaults, so tools that know Supabase find the database where they expect.
 * WAL archiving is on, so a backup can be restored to any moment after it (lib/db/backups.ts).
 */
export const demoCluster: ClusterOptions = {
  dataDir: path.join(root, '.data/postgres'),
  port: 54322,
  settings: archiveSettings(backupPlace.archiveDir),
};

/** Tests never touch the demo data: their own throwaway cluster on another port. */
export const testCluster: ClusterOptions = {
  dataDir: path.join(root, '.data/test-postgres'),
  port: 54329,
  // Durability is worthless for a cluster deleted after the run; speed is not.
  settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
};

export type ReadyDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/**
 * `npm run db:start` leaves the demo server running on purpose and says so with this file;
 * `npm start` then leaves it running on exit too. Without it, `npm start` stops the server on
 * Ctrl-C, including one a killed earlier run left behind.
 */
export const keepRunningMarker = path.join(root, '.data/postgres.keep-running');

export async function startDatabase(cluster: ClusterOptions): Promise<ReadyDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  if (cluster.settings?.archive_mode === 'on') await prepareArchive(backupPlace.archiveDir);
  const { url } = await startCluster(cluster);
  return { url, embedded: true, stop: async () => void (await stopCluster(cluster.dataDir)) };
}

/**
 * Migrates and seeds the database at `url` (the owner's URL). The seed is idempotent. Leaves
 * DATABASE_URL and AUTHENTICATOR_PASSWORD in this process's environment, so appDatabaseUrl()
 * and runtimeEnv() can derive the runtime login from them.
 */
export async function prepareDatabase(url: string, seedScale: number, log = console.log): Promise<void> {
  const started = Date.now();
  process.env.AUTHENTICATOR_PASSWORD = await authenticatorPassword();
  await migrate(url);
  log(`  schema up to date (${Date.now() - started} ms)`);
  process.env.DATABASE_URL = url;
  const { seedDemo } = await import('../supabase/seed/demo');
  const seeded = await seedDemo({ scale: seedScale });
  log(seeded.created ? '  demo data seeded' : '  demo data already present');
}

/** `envName` from the environment, or a secret generated once and kept in .data/<fileName>. */
async function persistedSecret(envName: string, fileName: string): Promise<string> {
  const given = process.env[envName];
  if (given) return given;
  const file = path.join(root, '.data', fileName);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/** BETTER_AUTH_SECRET from the environment, or one generated once and kept under .data/. */
export const authSecret = () => persistedSecret('BETTER_AUTH_SECRET', 'auth-secret');

/** Signs the tokens the app and jobs present to edge functions (Supabase's JWT secret). */
export const jwtSecret = () => persistedSecret('SUPABASE_JWT_SECRET', 'supabase-jwt-secret');

/** Signs unsubscribe links; kept so links in mail already sent keep working across restarts. */
export const emailLinkSecret = () => persistedSecret('EMAIL_LINK_SECRET', 'email-link-secret');

/** The password `authenticator` logs in with on a database we bootstrap (not a Supabase project). */
export const authenticatorPassword = () => persistedSecret('AUTHENTICATOR_PASSWORD', 'authenticator-password');

/** An environment without the owner's URL and the authenticator's password. */
export function withoutOwnerUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _owner, AUTHENTICATOR_PASSWORD: _password, ...rest } = env;
  return rest;
}

/**
 * The environment of the app, the worker and the functions host: they log in as
 * authenticator (APP_DATABASE_URL) and never see the owner's URL, so no bug in them can act
 * as the owner. Call after prepareDatabase.
 */
export function runtimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...withoutOwnerUrl(env), APP_DATABASE_URL: appDatabaseUrl() };
}

/** Arguments of kysely-codegen that produce lib/db/types.ts; the staleness test uses them too. */
export function codegenArgs(url: string): string[] {
  return [
    ...['--url', url, '--dialect', 'postgres', '--include-pattern', 'public.*', '--date-parser', 'string'],
    ...['--out-file', path.join(root, 'lib/db/types.ts')],
  ];
}
