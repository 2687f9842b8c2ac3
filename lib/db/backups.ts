/**
 * Backups of the embedded cluster with point-in-time restore (`npm run db:backup`,
 * `npm run db:restore`). Hosted Supabase backs up its own databases; this is for the embedded
 * default, whose package ships no pg_basebackup.
 *
 * - WAL archiving is on for the demo cluster (archiveSettings): every finished WAL segment is
 *   gzipped into the archive folder, and a segment with changes is closed at least every
 *   ARCHIVE_TIMEOUT so the archive is never far behind.
 * - A backup is an online physical base backup by Postgres's own protocol:
 *   pg_backup_start, a copy of the data directory while the server keeps working, then
 *   pg_backup_stop, whose backup label goes beside the copy. Each file's SHA-256 is recorded in
 *   the backup's manifest.json, written last: a backup without one is incomplete.
 * - A restore checks the chosen backup against its manifest before it touches anything, moves
 *   the current data directory aside (never deletes it), lays the backup down, and lets
 *   Postgres replay the archived WAL up to the moment asked for (recovery_target_time) or to
 *   the end, then promote. A restore that fails puts the previous data directory back.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { type BackupManifest, type BackupPlace, listBackups } from './backup-status';
import { type ClusterOptions, clusterUrl, isRunning, osUser, startCluster, stopCluster } from './embedded-cluster';

/** How often, at most, a WAL segment with changes waits before it is archived (seconds). */
export const ARCHIVE_TIMEOUT_SECONDS = 300;


export class BackupError extends Error {}




/** Settings that turn on WAL archiving into `archiveDir` (gzip: a forced switch leaves mostly-empty 16 MB segments). */
export function archiveSettings(archiveDir: string): Record<string, string> {
  return {
    archive_mode: 'on',
    // Never overwrite a segment already archived (a second cluster on the same folder would).
    archive_command: `test ! -f '${archiveDir}/%f.gz' && gzip -c %p > '${archiveDir}/%f.gz.part' && mv '${archiveDir}/%f.gz.part' '${archiveDir}/%f.gz'`,
    archive_timeout: String(ARCHIVE_TIMEOUT_SECONDS),
  };
}

/** The archive folder, writable by the server's OS user. Call before starting an archiving cluster. */
export async function prepareArchive(archiveDir: string): Promise<void> {
  await mkdir(archiveDir, { recursive: true });
  const { uid, gid } = await osUser();
  if (uid !== undefined && gid !== undefined) await chown(archiveDir, uid, gid);
}

// What a base backup leaves out (PostgreSQL docs, "Making a base backup using the low level
// API"): the server's own runtime files, and the contents of folders it rebuilds at start.
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'server.log', 'backup_label', 'tablespace_map', 'recovery.signal', 'standby.signal']);
const EMPTIED_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);

/** A stream that hashes what passes through it. */
function hashing(hash: ReturnType<typeof createHash>) {
  return new Transform({
    transform(chunk, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/**
 * Copies `from` into `to`, skipping what a base backup skips, and returns each file's SHA-256
 * and the bytes copied. A file the server removes while we copy (a dropped table) is skipped:
 * the WAL replay recreates what the database needs.
 */
async function copyTree(from: string, to: string, skip: boolean, files: Record<string, string>, relative = ''): Promise<number> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let bytes = 0;
  const entries = await readdir(from, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (skip && EMPTIED_DIRS.has(rel)) {
        await mkdir(path.join(to, entry.name), { recursive: true, mode: 0o700 });
        continue;
      }
      bytes += await copyTree(path.join(from, entry.name), path.join(to, entry.name), skip, files, rel);
      continue;
    }
    if (!entry.isFile()) continue;
    if (skip && (SKIPPED_FILES.has(rel) || entry.name.startsWith('pgsql_tmp'))) continue;
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(path.join(from, entry.name)), hashing(hash), createWriteStream(path.join(to, entry.name), { mode: 0o600 }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    files[rel] = hash.digest('hex');
    bytes += (await stat(path.join(to, entry.name))).size;
  }
  return bytes;
}

/** A folder name that sorts by time and is valid everywhere: 2026-12-04T14-05-00Z. */
const folderName = (at: Date) => `${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;

/** Takes an online base backup of the cluster at `ownerUrl` (data directory `dataDir`) into `place.backupsDir`. */
export async function takeBackup(ownerUrl: string, dataDir: string, place: BackupPlace): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const started = new Date();
  const name = folderName(started);
  const target = path.join(place.backupsDir, name);
  const partial = `${target}.part`;
  try {
    const archiving = await client.query<{ archive_mode: string }>('show archive_mode');
    if (archiving.rows[0]?.archive_mode !== 'on') {
      throw new BackupError('WAL archiving is off on this server, so a backup could not be restored to a moment after it. Start it with `npm start` or `npm run db:start`.');
    }
    // A fast checkpoint: the copy starts now rather than at the next scheduled checkpoint.
    const start = await client.query<{ lsn: string; file: string }>(`select lsn::text, pg_walfile_name(lsn) as file from pg_backup_start($1, true) lsn`, [`cohort ${name}`]);
    const files: Record<string, string> = {};
    let bytes: number;
    try {
      await rm(partial, { recursive: true, force: true });
      bytes = await copyTree(dataDir, path.join(partial, 'data'), true, files);
    } catch (error) {
      await client.query('select pg_backup_stop(false)').catch(() => undefined);
      throw error;
    }
    // Waits until the WAL the backup needs is archived: the backup is usable once this returns.
    const stop = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>('select lsn::text, labelfile, spcmapfile from pg_backup_stop(true)');
    const row = stop.rows[0];
    if (!row) throw new BackupError('pg_backup_stop returned nothing');
    await writeFile(path.join(partial, 'data', 'backup_label'), row.labelfile, { mode: 0o600 });
    files.backup_label = createHash('sha256').update(row.labelfile).digest('hex');
    if (row.spcmapfile) {
      await writeFile(path.join(partial, 'data', 'tablespace_map'), row.spcmapfile, { mode: 0o600 });
      files.tablespace_map = createHash('sha256').update(row.spcmapfile).digest('hex');
    }
    const manifest: BackupManifest = {
      format: 'cohort-base-backup/1',
      name,
      startedAt: started.toISOString(),
      stoppedAt: new Date().toISOString(),
      startLsn: start.rows[0]?.lsn ?? '',
      stopLsn: row.lsn,
      startWalFile: start.rows[0]?.file ?? '',
      bytes,
      files,
    };
    await writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    await rename(partial, target);
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
}


/** Checks every file of a backup against its manifest; throws a BackupError naming the first that differs. */
export async function verifyBackup(backupsDir: string, manifest: BackupManifest): Promise<void> {
  const dataDir = path.join(backupsDir, manifest.name, 'data');
  for (const [file, expected] of Object.entries(manifest.files)) {
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(path.join(dataDir, file))) hash.update(chunk as Buffer);
    } catch {
      throw new BackupError(`Backup ${manifest.name} is damaged: ${file} is missing. Nothing was changed; choose another backup with --backup.`);
    }
    if (hash.digest('hex') !== expected) {
      throw new BackupError(`Backup ${manifest.name} is damaged: ${file} does not match its checksum. Nothing was changed; choose another backup with --backup.`);
    }
  }
}

/** Keeps the newest `keep` backups and the archived WAL the oldest of them needs; deletes the rest. */
export async function pruneBackups(place: BackupPlace, keep: number): Promise<{ backups: number; walFiles: number }> {
  const backups = await listBackups(place.backupsDir);
  const removed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const old of removed) await rm(path.join(place.backupsDir, old.name), { recursive: true, force: true });
  const oldest = backups[removed.length];
  let walFiles = 0;
  if (oldest?.startWalFile) {
    // A segment's name is timeline (8 hex) then position (16 hex): positions before the oldest
    // backup's start serve no backup kept, on any timeline. Timeline histories stay.
    const keepFrom = oldest.startWalFile.slice(8);
    for (const file of await readdir(place.archiveDir).catch(() => [] as string[])) {
      const segment = /^([0-9A-F]{8})([0-9A-F]{16})(\.[0-9A-F]{8}\.backup)?\.gz$/.exec(file);
      if (segment && (segment[2] as string) < keepFrom) {
        await rm(path.join(place.archiveDir, file), { force: true });
        walFiles += 1;
      }
    }
  }
  return { backups: removed.length, walFiles };
}

export type RestoreTarget = { time: Date } | { latest: true };

export type RestoreResult = {
  backup: BackupManifest;
  /** Where the data directory that was replaced now is (kept until you delete it). */
  previousDataDir: string | null;
  /** The moment asked for, or null for the end of the archive. */
  target: Date | null;
};

async function ownedByServer(dir: string): Promise<void> {
  const { uid, gid } = await osUser();
  if (uid === undefined || gid === undefined) return;
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await ownedByServer(full);
    else await chown(full, uid, gid);
  }
}

/** Waits until the restored server has finished replaying and accepts writes; false if it stopped instead. */
async function untilPromoted(dataDir: string, url: string, timeoutMs = 300_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    const recovering = await client
      .connect()
      .then(() => client.query<{ r: boolean }>('select pg_is_in_recovery() as r'))
      .then((result) => result.rows[0]?.r ?? true)
      .catch(() => null)
      .finally(() => client.end().catch(() => undefined));
    if (recovering === false) return true;
    if (recovering === null && !(await isRunning(dataDir))) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new BackupError(`The restored server was still replaying WAL after ${timeoutMs / 1000} s; it keeps going in the background (see ${dataDir}/server.log).`);
}

/**
 * Restores `cluster` from the newest backup that ended before the target (or the one named),
 * replaying the archive up to the target. The cluster runs afterwards (with `settings`).
 */
export async function restoreCluster(
  cluster: ClusterOptions,
  place: BackupPlace,
  target: RestoreTarget,
  options: { backup?: string; now?: Date; onStopping?: () => void } = {},
): Promise<RestoreResult> {
  const time = 'time' in target ? target.time : null;
  if (time && Number.isNaN(time.getTime())) throw new BackupError('The time to restore to is not a date and time, e.g. --to "2026-12-01 14:05".');
  if (time && time.getTime() > (options.now ?? new Date()).getTime()) throw new BackupError(`${time.toISOString()} is in the future: nothing to restore it to yet.`);
  const backups = await listBackups(place.backupsDir);
  if (backups.length === 0) throw new BackupError(`There is no backup in ${place.backupsDir}: take one with \`npm run db:backup\`.`);
  const candidates = options.backup ? backups.filter((b) => b.name === options.backup) : backups;
  if (options.backup && candidates.length === 0) throw new BackupError(`There is no backup named ${options.backup} (there are: ${backups.map((b) => b.name).join(', ')}).`);
  const usable = time ? candidates.filter((b) => new Date(b.stoppedAt).getTime() <= time.getTime()) : candidates;
  const backup = usable.at(-1);
  if (!backup) {
    throw new BackupError(
      `No backup ended before ${time?.toISOString()}: the oldest moment one can restore is ${backups[0]?.stoppedAt} (backup ${backups[0]?.name}).`,
    );
  }
  await verifyBackup(place.backupsDir, backup);

  // Whatever the running server has written goes to the archive first, so every moment up to
  // now can be reached; then it stops (the app reconnects once the restored one is up).
  if (await isRunning(cluster.dataDir)) {
    options.onStopping?.();
    const port = Number((await readFile(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[3]) || cluster.port;
    const client = new pg.Client({ connectionString: clusterUrl(port) });
    await client.connect();
    try {
      const switched = await client.query<{ file: string }>('select pg_walfile_name(pg_switch_wal()) as file');
      const file = switched.rows[0]?.file;
      // The segment just closed is archived within seconds; wait for it (at most a minute).
      for (let i = 0; file && i < 240; i++) {
        const archived = await client.query<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver');
        if ((archived.rows[0]?.last ?? '') >= file) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await client.end();
    }
    await stopCluster(cluster.dataDir);
  }

  const previousDataDir = existsSync(cluster.dataDir) ? `${cluster.dataDir}.before-restore-${folderName(new Date())}` : null;
  if (previousDataDir) await rename(cluster.dataDir, previousDataDir);
  const putBack = async () => {
    await stopCluster(cluster.dataDir).catch(() => undefined);
    await rm(cluster.dataDir, { recursive: true, force: true });
    if (previousDataDir) await rename(previousDataDir, cluster.dataDir);
  };
  try {
    await copyTree(path.join(place.backupsDir, backup.name, 'data'), cluster.dataDir, false, {});
    await chmod(cluster.dataDir, 0o700);
    await writeFile(path.join(cluster.dataDir, 'recovery.signal'), '');
    await ownedByServer(cluster.dataDir);
    const recovery = (until: Date | null): Record<string, string> => ({
      ...cluster.settings,
      restore_command: `test -f '${place.archiveDir}/%f.gz' && gunzip -c '${place.archiveDir}/%f.gz' > %p`,
      recovery_target_action: 'promote',
      recovery_target_timeline: 'latest',
      // A numeric offset: at the time settings are checked Postgres knows no zone abbreviations, not even "Z".
      ...(until ? { recovery_target_time: until.toISOString().replace('T', ' ').replace('Z', '+00') } : {}),
    });
    const { url } = await startCluster({ ...cluster, settings: recovery(time) });
    if (!(await untilPromoted(cluster.dataDir, url))) {
      const log = await readFile(path.join(cluster.dataDir, 'server.log'), 'utf8').catch(() => '');
      // Nothing was committed between the last archived transaction and the moment asked
      // for: that moment's state is the end of the archive.
      if (!time || !/recovery ended before configured recovery target was reached/.test(log)) {
        throw new BackupError(`The restored server stopped while replaying WAL:\n${log.trim().split('\n').slice(-15).join('\n')}`);
      }
      await writeFile(path.join(cluster.dataDir, 'recovery.signal'), '');
      await ownedByServer(cluster.dataDir);
      const again = await startCluster({ ...cluster, settings: recovery(null) });
      if (!(await untilPromoted(cluster.dataDir, again.url))) throw new BackupError('The restored server stopped while replaying the archive to its end; see its server.log.');
    }
    // Running with its usual settings again (the recovery ones were for this start only).
    await stopCluster(cluster.dataDir);
    await startCluster(cluster);
  } catch (error) {
    await putBack();
    await startCluster(cluster).catch(() => undefined);
    throw error;
  }
  return { backup, previousDataDir, target: time };
}

/**
 * While `npm start` runs on the embedded database: a backup when the newest one is a day old
 * (checked a minute after start, then hourly), then the old ones pruned. Not a pg-boss job: a
 * backup needs the owner's login and the data directory's files, which only the process that
 * runs the embedded server has — the worker never holds the owner's URL. Returns a stop function.
 */
export function keepDailyBackups(ownerUrl: string, dataDir: string, place: BackupPlace, keep: number, log: (line: string) => void): () => void {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const newest = (await listBackups(place.backupsDir)).at(-1);
      if (newest && Date.now() - new Date(newest.stoppedAt).getTime() < 24 * 3_600_000) return;
      const backup = await takeBackup(ownerUrl, dataDir, place);
      const pruned = await pruneBackups(place, keep);
      log(`  daily backup ${backup.name} (${(backup.bytes / 1048576).toFixed(1)} MB)${pruned.backups ? `, ${pruned.backups} older deleted` : ''}`);
    } catch (error) {
      log(`  the daily backup failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(check, 60_000);
  const hourly = setInterval(check, 3_600_000);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}
