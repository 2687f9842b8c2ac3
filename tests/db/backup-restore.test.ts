/**
 * Backups and point-in-time restore of an embedded cluster (lib/db/backups.ts, the code behind
 * `npm run db:backup` and `npm run db:restore`), on a cluster of its own that archives its WAL
 * — beside the suite's cluster, which keeps running throughout. Rows are written, backed up,
 * written again, a moment noted, written again: a restore to that moment holds exactly the
 * rows up to it; one to the end holds them all; a damaged backup is refused and changes nothing.
 */
import { appendFile, chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackupPlace, listBackups } from '../../lib/db/backup-status';
import { archiveSettings, BackupError, prepareArchive, pruneBackups, restoreCluster, takeBackup } from '../../lib/db/backups';
import { type ClusterOptions, destroyCluster, isRunning, startCluster } from '../../lib/db/embedded-cluster';
import { ownerDb } from '../../lib/db/owner';

let folder: string;
let place: BackupPlace;
let cluster: ClusterOptions;
let url: string;

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
const ids = async () => (await query<{ id: number }>('select id from ledger order by id')).map((r) => r.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const write = (from: number, to: number) => query('insert into ledger (id) select generate_series($1::int, $2::int)', [from, to]);
/** The server's clock (the restore target is compared with commit times it recorded). */
const serverNow = async () => new Date((await query<{ now: Date }>('select clock_timestamp() as now'))[0]?.now as Date);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'cohort-backups-'));
  // The server runs as the postgres OS user, which must reach the folders inside.
  await chmod(folder, 0o755);
  place = { backupsDir: path.join(folder, 'backups'), archiveDir: path.join(folder, 'wal-archive') };
  await prepareArchive(place.archiveDir);
  cluster = { dataDir: path.join(folder, 'data'), port: 54335, settings: { ...archiveSettings(place.archiveDir), fsync: 'off' } };
  url = (await startCluster(cluster)).url;
  await query('create table ledger (id integer primary key, written_at timestamptz not null default clock_timestamp())');
}, 120_000);

afterAll(async () => {
  await destroyCluster(cluster.dataDir);
  await rm(folder, { recursive: true, force: true });
});

describe('backup and point-in-time restore', () => {
  it('restores exactly the rows up to a moment, and all of them to the end, while the app’s own cluster keeps running', async () => {
    await write(1, 100);
    const backup = await takeBackup(url, cluster.dataDir, place);
    expect(backup.bytes).toBeGreaterThan(1_000_000);
    expect((await listBackups(place.backupsDir)).map((b) => b.name)).toEqual([backup.name]);
    await write(101, 200);
    await pause(1100);
    const moment = await serverNow();
    await pause(1100);
    await write(201, 300);

    // To the end first: every row, and the cluster accepts writes again.
    const latest = await restoreCluster(cluster, place, { latest: true });
    url = (await startCluster(cluster)).url;
    expect(latest.backup.name).toBe(backup.name);
    expect(latest.previousDataDir).toMatch(/\.before-restore-/);
    expect(await ids()).toEqual(range(1, 300));
    await write(301, 400);

    // Then to the moment: rows 1–200, nothing written after it — on either timeline.
    const restored = await restoreCluster(cluster, place, { time: moment });
    url = (await startCluster(cluster)).url;
    expect(restored.target?.toISOString()).toBe(moment.toISOString());
    expect(await ids()).toEqual(range(1, 200));
    await write(201, 210);
    expect((await ids()).length).toBe(210);

    // The suite's own database answered throughout.
    expect(await ownerDb().selectFrom('organizations').select('id').limit(1).execute()).toHaveLength(1);
  }, 180_000);

  it('refuses a damaged backup, a moment before the first backup and one in the future, changing nothing', async () => {
    const before = await ids();
    const [backup] = await listBackups(place.backupsDir);
    if (!backup) throw new Error('the first test leaves a backup');
    const refused = async (run: Promise<unknown>) => (await run.then(() => null, (e: unknown) => e)) as Error | null;

    expect((await refused(restoreCluster(cluster, place, { time: new Date(Date.now() + 3_600_000) })))?.message).toMatch(/in the future/);
    expect((await refused(restoreCluster(cluster, place, { time: new Date(new Date(backup.startedAt).getTime() - 60_000) })))?.message).toMatch(/No backup ended before/);

    // One byte more in a table file of the backup.
    const file = Object.keys(backup.files).find((f) => f.startsWith('base/') && !f.endsWith('_fsm') && !f.endsWith('_vm')) as string;
    await appendFile(path.join(place.backupsDir, backup.name, 'data', file), 'x');
    const damaged = await refused(restoreCluster(cluster, place, { latest: true }));
    expect(damaged).toBeInstanceOf(BackupError);
    expect(damaged?.message).toContain(`Backup ${backup.name} is damaged: ${file} does not match its checksum`);
    expect(await isRunning(cluster.dataDir)).toBe(true);
    expect(await ids()).toEqual(before);
  }, 60_000);

  it('keeps the newest backups and the archived WAL they need, and deletes the rest', async () => {
    const second = await takeBackup(url, cluster.dataDir, place);
    const archivedBefore = (await readdir(place.archiveDir)).filter((f) => /^[0-9A-F]{24}\.gz$/.test(f));
    const pruned = await pruneBackups(place, 1);
    expect(pruned.backups).toBe(1);
    expect((await listBackups(place.backupsDir)).map((b) => b.name)).toEqual([second.name]);
    const archivedAfter = (await readdir(place.archiveDir)).filter((f) => /^[0-9A-F]{24}\.gz$/.test(f));
    expect(archivedAfter.length).toBeLessThan(archivedBefore.length);
    expect(archivedAfter.every((f) => f.slice(8, 24) >= second.startWalFile.slice(8))).toBe(true);
    // And the one kept still restores.
    await write(1000, 1001);
    await restoreCluster(cluster, place, { latest: true });
    url = (await startCluster(cluster)).url;
    expect((await ids()).slice(-2)).toEqual([1000, 1001]);
  }, 120_000);

  it('refuses to back up a server that does not archive its WAL', async () => {
    const plain = { dataDir: path.join(folder, 'plain'), port: 54336, settings: { fsync: 'off' } };
    const { url: plainUrl } = await startCluster(plain);
    try {
      const error = await takeBackup(plainUrl, plain.dataDir, { ...place, backupsDir: path.join(folder, 'plain-backups') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(/WAL archiving is off/);
    } finally {
      await destroyCluster(plain.dataDir);
    }
  }, 60_000);
});
