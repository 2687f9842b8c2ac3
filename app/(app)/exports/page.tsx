import type { Metadata } from 'next';
import Link from 'next/link';
import { CancelExport } from '@/components/exports/cancel-export';
import { RefreshWhilePending } from '@/components/exports/refresh-while-pending';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { exportListNouns, listPageHref } from '@/lib/exports/list-export.schema';
import { type ListExport, listMyExports } from '@/lib/exports/list-export';
import { formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'Your exports' };

const statusLabel: Record<ListExport['status'], [string, BadgeTone]> = {
  queued: ['Waiting', 'slate'],
  running: ['Writing', 'blue'],
  done: ['Ready', 'green'],
  failed: ['Failed', 'red'],
  cancelled: ['Cancelled', 'slate'],
};

function progress(e: ListExport): string {
  const rows = e.rows_written.toLocaleString('en-GB');
  if (e.status === 'done') return `${rows} rows`;
  if (e.rows_expected && e.status === 'running') return `${rows} of ${e.rows_expected >= 10_000 ? 'over 10,000' : e.rows_expected.toLocaleString('en-GB')} rows (${Math.min(99, Math.floor((100 * e.rows_written) / Math.max(1, e.rows_expected)))}%)`;
  return e.status === 'queued' ? `${(e.rows_expected ?? 0).toLocaleString('en-GB')} rows to write` : `${rows} rows written`;
}

/** The person's exports of the last 7 days: progress while they are written, then the file. */
export default async function ExportsPage() {
  const staff = await requireStaff();
  const exports = await listMyExports(staff);
  return (
    <div className="max-w-4xl space-y-4">
      <LiveRefresh watch={[{ table: 'list_exports' }]} />
      <RefreshWhilePending pending={exports.some((e) => e.status === 'queued' || e.status === 'running')} />
      <PageHeader title="Your exports" subtitle="Lists you exported, kept for 7 days. Export a list from its Export button." />
      {exports.length === 0 ? <EmptyState title="No exports yet." action="Open a list, filter it as you like, and choose Export." /> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="exports">
        {exports.map((e) => {
          const [label, tone] = statusLabel[e.status];
          const noun = exportListNouns[e.list][1];
          return (
            <li key={e.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="export-row">
              <div className="min-w-0 grow">
                <p className="font-medium">
                  {noun[0]?.toUpperCase()}
                  {noun.slice(1)}
                  {e.query ? (
                    <Link href={listPageHref(e.list, e.query)} className="ms-2 text-xs font-normal text-brand-700 underline">
                      the filters used
                    </Link>
                  ) : null}
                </p>
                <p className="text-slate-700">
                  {formatDateTime(e.created_at)} · <span aria-live="polite">{progress(e)}</span>
                  {e.status === 'done' ? ` · until ${formatDateTime(e.expires_at)}` : ''}
                  {e.error ? ` · ${e.error}` : ''}
                </p>
              </div>
              <Badge tone={tone}>{label}</Badge>
              {e.status === 'done' ? (
                <a href={`/api/exports/${e.id}`} download={e.file_name} className="inline-flex min-h-8 items-center rounded-md bg-accent px-3 font-medium text-on-accent hover:bg-accent-strong">
                  Download {e.file_name}
                </a>
              ) : null}
              {e.status === 'queued' || e.status === 'running' ? <CancelExport exportId={e.id} fileName={e.file_name} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
