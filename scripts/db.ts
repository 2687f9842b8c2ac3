/**
 * Database commands for the embedded cluster (or DATABASE_URL):
 *   db:start  start, migrate, seed, print the URL and leave the server running
 *   db:stop   stop the embedded server
 *   db:reset  drop everything, migrate and seed again
 *   db:types  regenerate lib/db/types.ts from a freshly migrated throwaway database
 *   db:backup   an online base backup of the embedded cluster into .data/backups/ (keeps BACKUP_KEEP, default 7)
 *   db:restore  --to "2026-12-01 14:05" | --latest [--backup <name>]: point-in-time restore of the embedded cluster
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEFAULT_BACKUPS_KEPT, listBackups } from '../lib/db/backup-status';
import { BackupError, pruneBackups, restoreCluster, takeBackup } from '../lib/db/backups';
import { destroyCluster, isRunning, startCluster, stopCluster } from '../lib/db/embedded-cluster';
import { migrate } from '../lib/db/migrate';
import { backupPlace, codegenArgs, demoCluster, keepRunningMarker, prepareDatabase, root, startDatabase } from './database';

const run = promisify(execFile);
const command = process.argv[2];

async function dropEverything(url: string): Promise<void> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`Refusing to reset a database on ${host}: db:reset only touches local databases.`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    drop schema if exists public cascade; create schema public;
    drop schema if exists private cascade; drop schema if exists identity cascade;
    drop schema if exists supabase_migrations cascade;
    grant usage on schema public to anon, authenticated, service_role;`);
  await client.end();
}

/** Backups here are of the embedded cluster; a hosted Supabase project has its own (dashboard: Database → Backups). */
function embeddedOnly(what: string): void {
  if (!process.env.DATABASE_URL) return;
  console.error(`${what} backs up and restores the embedded database; with DATABASE_URL set, use that server's own backups (hosted Supabase: Database → Backups, point-in-time recovery).`);
  process.exit(2);
}

function failed(error: unknown): never {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
}

/** "2026-12-01 14:05" (this machine's time zone) or an ISO time with its zone. */
function parseRestoreTime(text: string): Date {
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const time = local
    ? new Date(Number(local[1]), Number(local[2]) - 1, Number(local[3]), Number(local[4]), Number(local[5]), Number(local[6] ?? 0))
    : new Date(text);
  if (Number.isNaN(time.getTime())) failed(new BackupError(`"${text}" is not a date and time; write it as "2026-12-01 14:05" (local time) or in ISO form.`));
  return time;
}

switch (command) {
  case 'start': {
    const database = await startDatabase(demoCluster);
    await prepareDatabase(database.url, 1);
    if (database.embedded) await writeFile(keepRunningMarker, 'left running by npm run db:start\n');
    console.log(`Database ready at ${database.url} (left running; \`npm run db:stop\` stops it)`);
    break;
  }
  case 'stop': {
    await rm(keepRunningMarker, { force: true });
    const stopped = await stopCluster(demoCluster.dataDir);
    console.log(stopped ? 'Embedded database stopped.' : 'The embedded database was not running.');
    break;
  }
  case 'reset': {
    if (process.env.DATABASE_URL) {
      await dropEverything(process.env.DATABASE_URL);
    } else {
      await destroyCluster(demoCluster.dataDir);
    }
    const database = await startDatabase(demoCluster);
    await prepareDatabase(database.url, 1);
    console.log(`Database reset at ${database.url}`);
    break;
  }
  case 'types': {
    const scratch = { dataDir: path.join(root, '.data/types-postgres'), port: 54331, settings: { fsync: 'off' } };
    await destroyCluster(scratch.dataDir);
    const { url } = await startCluster(scratch);
    try {
      await migrate(url);
      await run(path.join(root, 'node_modules/.bin/kysely-codegen'), codegenArgs(url), { cwd: root });
      console.log('lib/db/types.ts regenerated');
    } finally {
      await destroyCluster(scratch.dataDir);
    }
    break;
  }
  case 'backup': {
    embeddedOnly('db:backup');
    // A server this command starts, it stops again; one already running keeps running.
    const wasRunning = await isRunning(demoCluster.dataDir);
    const database = await startDatabase(demoCluster);
    const started = Date.now();
    const backup = await takeBackup(database.url, demoCluster.dataDir, backupPlace).catch(failed);
    const keep = Number(process.env.BACKUP_KEEP ?? DEFAULT_BACKUPS_KEPT);
    const pruned = await pruneBackups(backupPlace, keep);
    const kept = await listBackups(backupPlace.backupsDir);
    console.log(`Backup ${backup.name}: ${(backup.bytes / 1048576).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s (${backupPlace.backupsDir}).`);
    console.log(`${kept.length} backup(s) kept${pruned.backups ? `, ${pruned.backups} older one(s) deleted` : ''}; restorable from ${kept[0]?.stoppedAt} to now.`);
    if (!wasRunning) await database.stop();
    break;
  }
  case 'restore': {
    embeddedOnly('db:restore');
    const args = process.argv.slice(3);
    const value = (flag: string) => {
      const at = args.indexOf(flag);
      return at >= 0 ? args[at + 1] : undefined;
    };
    const to = value('--to');
    if (!to === !args.includes('--latest')) {
      console.error('usage: npm run db:restore -- --to "2026-12-01 14:05" | --latest [--backup <name>]');
      process.exit(2);
    }
    const time = to ? parseRestoreTime(to) : null;
    console.log(time ? `Restoring the embedded database to ${time.toString()}…` : 'Restoring the embedded database to its last archived transaction…');
    const restored = await restoreCluster(demoCluster, backupPlace, time ? { time } : { latest: true }, {
      backup: value('--backup'),
      onStopping: () => console.log('The backup checks out. The database stops meanwhile; a running app reconnects by itself once it is back.'),
    }).catch(failed);
    console.log(`Restored from backup ${restored.backup.name}${time ? ` to ${time.toISOString()}` : ' to the end of the archive'}.`);
    if (restored.previousDataDir) console.log(`The data directory it replaced is kept at ${restored.previousDataDir}; delete it once you are satisfied.`);
    break;
  }
  default:
    console.error('usage: tsx scripts/db.ts start|stop|reset|types|backup|restore');
    process.exit(2);
}
process.exit(0);
