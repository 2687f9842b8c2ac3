/**
 * What is known about the embedded cluster's backups from their folder alone (lib/db/backups.ts
 * takes and restores them): the manifest format, the list, the status the admins' Backups page
 * shows. Kept apart so the web app reads it without the server-control code.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Backups kept by default (one a day: a week); BACKUP_KEEP overrides. */
export const DEFAULT_BACKUPS_KEPT = 7;

export type BackupPlace = {
  /** Where backups go: one folder per backup, named by its start time. */
  backupsDir: string;
  /** Where the cluster archives its WAL. */
  archiveDir: string;
};

export type BackupManifest = {
  format: 'cohort-base-backup/1';
  name: string;
  startedAt: string;
  /** The earliest moment a restore from this backup can reach (the end of the copy). */
  stoppedAt: string;
  startLsn: string;
  stopLsn: string;
  /** The first WAL segment the backup needs (older archived WAL serves only older backups). */
  startWalFile: string;
  bytes: number;
  files: Record<string, string>;
};

/** The embedded cluster's backup folders under a checkout (`root`): .data/backups and .data/wal-archive. */
export function backupPlaceIn(root: string): BackupPlace {
  return { backupsDir: path.join(root, '.data/backups'), archiveDir: path.join(root, '.data/wal-archive') };
}

/** The complete backups in `backupsDir`, oldest first (a folder without a manifest is not one). */
export async function listBackups(backupsDir: string): Promise<BackupManifest[]> {
  const names = (await readdir(backupsDir).catch(() => [] as string[])).filter((n) => !n.endsWith('.part')).sort();
  const manifests: BackupManifest[] = [];
  for (const name of names) {
    const text = await readFile(path.join(backupsDir, name, 'manifest.json'), 'utf8').catch(() => null);
    if (!text) continue;
    const manifest = JSON.parse(text) as BackupManifest;
    if (manifest.format === 'cohort-base-backup/1') manifests.push(manifest);
  }
  return manifests;
}

export type BackupStatus = {
  /** The newest backup, or null when none was taken. */
  last: { name: string; at: string; bytes: number } | null;
  kept: number;
  /** The oldest moment a restore can reach (the end of the oldest kept backup). */
  oldestRestorable: string | null;
};

/** What the admins' Backups page shows: read from the backups folder itself. */
export async function backupStatus(place: BackupPlace): Promise<BackupStatus> {
  const backups = await listBackups(place.backupsDir);
  const last = backups.at(-1);
  return {
    last: last ? { name: last.name, at: last.stoppedAt, bytes: last.bytes } : null,
    kept: backups.length,
    oldestRestorable: backups[0]?.stoppedAt ?? null,
  };
}
