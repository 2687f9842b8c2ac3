import type { Metadata } from 'next';
import Link from 'next/link';
import { NewRequestForm } from '@/components/compliance/new-request-form';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listClosedRequests, listOpenRequests } from '@/lib/compliance/requests';
import { requestTypeLabels } from '@/lib/compliance/requests.schema';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Data subject requests' };

export default async function CompliancePage() {
  const staff = await requireStaff();
  const [open, closed] = await Promise.all([listOpenRequests(staff), listClosedRequests(staff, 20)]);
  return (
    <div className="space-y-6">
      <PageHeader title="Data subject requests" subtitle="Due one month after receipt (GDPR Art. 12(3)); overdue requests come first." />
      <NewRequestForm />
      <section aria-labelledby="open-heading" className="space-y-2">
        <h2 id="open-heading" className="text-lg font-semibold">Open</h2>
        {open.length === 0 ? <EmptyState title="No open requests." /> : null}
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="open-requests">
          {open.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <Link href={`/compliance/requests/${r.id}`} className="grow font-medium text-brand-700 underline">{requestTypeLabels[r.type]} · {r.subject_email}</Link>
              <Badge tone={r.status === 'verified' ? 'green' : 'slate'}>{r.status}</Badge>
              <span className={r.overdue ? 'font-semibold text-red-800' : 'text-slate-700'}>{r.overdue ? 'Overdue since' : 'Due'} {formatDate(r.due_at)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="closed-heading" className="space-y-2">
        <h2 id="closed-heading" className="text-lg font-semibold">Recently closed</h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {closed.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <Link href={`/compliance/requests/${r.id}`} className="grow text-brand-700 underline">{requestTypeLabels[r.type]} · {r.subject_email ?? 'erased subject'}</Link>
              <Badge tone={r.status === 'completed' ? 'green' : 'red'}>{r.status}</Badge>
              <span className="text-slate-700">{formatDate(r.completed_at)}</span>
            </li>
          ))}
          {closed.length === 0 ? <li className="px-4 py-3 text-sm text-slate-700">None yet.</li> : null}
        </ul>
      </section>
    </div>
  );
}
