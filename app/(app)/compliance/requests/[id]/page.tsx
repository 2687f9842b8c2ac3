import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestActions } from '@/components/compliance/request-actions';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { getRequest } from '@/lib/compliance/requests';
import { requestTypeLabels } from '@/lib/compliance/requests.schema';
import { formatDate, formatDateTime } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Request' };

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const { request, history, exports } = await orNotFound(getRequest(staff, id));
  const overdue = (request.status === 'received' || request.status === 'verified') && request.due_at.getTime() < Date.now();
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${requestTypeLabels[request.type]} request`}
        subtitle={request.subject_email ?? 'Subject erased (address kept only as a keyed hash)'}
        actions={<Badge tone={request.status === 'completed' ? 'green' : request.status === 'rejected' ? 'red' : overdue ? 'red' : 'blue'}>{overdue ? 'overdue' : request.status}</Badge>}
      />
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3" data-testid="request-facts">
        <div><dt className="font-medium">Received</dt><dd>{formatDateTime(request.received_at)} by {request.received_via.replace('_', ' ')}</dd></div>
        <div><dt className="font-medium">Due</dt><dd>{formatDate(request.due_at)}{request.extension_months ? ` (extended ${request.extension_months} month(s): ${request.extension_reason})` : ''}</dd></div>
        <div><dt className="font-medium">Verified</dt><dd>{request.verified_at ? formatDateTime(request.verified_at) : 'Not yet'}</dd></div>
        {request.rejection_reason ? <div className="sm:col-span-3"><dt className="font-medium">Rejected because</dt><dd>{request.rejection_reason}</dd></div> : null}
      </dl>
      <RequestActions id={request.id} type={request.type} status={request.status} subjectEmail={request.subject_email} extended={request.extension_months > 0} />
      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">History</h2>
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="request-history">
          {history.map((h) => (
            <li key={h.id} className="px-4 py-2"><span className="font-medium capitalize">{h.action.replace('_', ' ')}</span> · {formatDateTime(h.occurred_at)} · {h.actor_name ?? 'the subject / system'}{h.note ? ` — ${h.note}` : ''}</li>
          ))}
        </ol>
        {exports.length ? <p className="text-sm text-slate-700">{exports.length} export(s) generated, last {formatDateTime(exports[0]?.generated_at)}.</p> : null}
      </section>
      <Link href={`/compliance/requests/${request.id}/record`} className="text-sm text-brand-700 underline print:hidden">Printable record of processing</Link>
    </div>
  );
}
