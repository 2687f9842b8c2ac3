import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { backupStatus, DEFAULT_BACKUPS_KEPT } from '@/lib/db/backup-status';
import { formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'Backups' };

/**
 * Admins see whether the database is being backed up and how far back it can be restored.
 * `npm start` sets BACKUPS_DIR when it runs the embedded database; another server's backups
 * are its provider's. Restoring stops the database for every organisation, so it is a command
 * for whoever runs the server, not a button.
 */
export default async function BackupsPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin') redirect('/dashboard');
  const backupsDir = process.env.BACKUPS_DIR;
  const status = backupsDir ? await backupStatus({ backupsDir, archiveDir: '' }) : null;
  // The same setting npm start prunes by (it hands its environment to the app).
  const kept = Number(process.env.BACKUP_KEEP ?? DEFAULT_BACKUPS_KEPT);
  return (
    <div className="space-y-6">
      <PageHeader title="Backups" subtitle="Whether the database is backed up, and how far back it can be restored." />
      {status === null ? (
        <EmptyState
          title="This deployment’s database is backed up by its provider"
          action="Cohort runs on a database server of its own here (DATABASE_URL). On hosted Supabase: Database → Backups, with point-in-time recovery on paid plans."
        />
      ) : status.last === null ? (
        <EmptyState title="No backup yet" action="The first one is taken a minute after Cohort starts, then one a day. Whoever runs the server can take one now with npm run db:backup." />
      ) : (
        <dl className="grid gap-4 sm:grid-cols-3" aria-label="Backup status">
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-700">Last backup</dt>
            <dd className="mt-1 text-lg font-semibold">{formatDateTime(status.last.at)}</dd>
            <dd className="text-sm text-slate-700">{(status.last.bytes / 1048576).toFixed(1)} MB</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-700">Can be restored to any moment since</dt>
            <dd className="mt-1 text-lg font-semibold">{formatDateTime(status.oldestRestorable)}</dd>
            <dd className="text-sm text-slate-700">up to now (the database’s log is archived continuously)</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-700">Backups kept</dt>
            <dd className="mt-1 text-lg font-semibold">{status.kept}</dd>
            <dd className="text-sm text-slate-700">one a day; the newest {kept} are kept (BACKUP_KEEP)</dd>
          </div>
        </dl>
      )}
      {status ? (
        <section aria-labelledby="restore-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 id="restore-heading" className="text-base font-semibold">Restoring</h2>
          <p>
            A restore takes the whole database — every organisation on this server — back to a moment, so it is done by whoever runs the server, from a
            terminal: <code className="rounded bg-slate-100 px-1">npm run db:restore -- --to &quot;2026-12-01 14:05&quot;</code> (that machine’s time zone), or{' '}
            <code className="rounded bg-slate-100 px-1">--latest</code> for the last transaction. The database stops for a few seconds; the app reconnects
            by itself. The data it replaces is kept aside, not deleted.
          </p>
        </section>
      ) : null}
    </div>
  );
}
