import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { LiveRefresh } from '@/components/live/live-refresh';
import { requireStaff } from '@/lib/auth/current-staff';
import { formatDateTime } from '@/lib/format';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { listSegments } from '@/lib/marketing/segments';
import { orProblem } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Segments' };

export default async function SegmentsPage() {
  const staff = await requireStaff();
  const { data: segments, problem } = await orProblem(listSegments(staff));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Segments"
        subtitle="Saved audiences of contacts or leads. Counts are live: they change as your records do."
        actions={canBuildMarketing(staff.role) ? <LinkButton href="/marketing/segments/new">New segment</LinkButton> : null}
      />
      <LiveRefresh watch={[{ table: 'segments' }]} />
      {problem ? <Alert>{problem}</Alert> : null}
      {segments && segments.length === 0 ? <EmptyState title="No segments yet." action="Build one to send a campaign or enroll people in a sequence." /> : null}
      {segments?.length ? (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" data-testid="segments">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-4 py-2">Name</th>
              <th scope="col" className="px-4 py-2">Audience</th>
              <th scope="col" className="px-4 py-2 text-right">People now</th>
              <th scope="col" className="px-4 py-2">Changed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {segments.map((s) => (
              <tr key={s.id}>
                <td className="px-4 py-2">
                  <Link href={`/marketing/segments/${s.id}`} className="font-medium text-brand-700 underline">{s.name}</Link>
                  {s.description ? <p className="text-slate-700">{s.description}</p> : null}
                </td>
                <td className="px-4 py-2 capitalize">{s.audience}</td>
                <td className="px-4 py-2 text-right tabular-nums">{s.count.toLocaleString('en-GB')}</td>
                <td className="px-4 py-2">{formatDateTime(s.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
