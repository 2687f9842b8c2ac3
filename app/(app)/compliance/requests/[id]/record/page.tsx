import type { Metadata } from 'next';
import { requireStaff } from '@/lib/auth/current-staff';
import { getRequest } from '@/lib/compliance/requests';
import { requestTypeLabels } from '@/lib/compliance/requests.schema';
import { formatDateTime } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Record of processing' };

/** A printable record of how a request was handled, for the file or a regulator. */
export default async function RequestRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const { request, history } = await orNotFound(getRequest(staff, id));
  return (
    <article className="mx-auto max-w-3xl space-y-4 bg-white p-8 text-sm print:p-0" data-testid="processing-record">
      <header>
        <p className="text-slate-700">{staff.orgName} — record of processing of a data subject request</p>
        <h1 className="text-xl font-semibold">{requestTypeLabels[request.type]} request {request.id}</h1>
      </header>
      <table className="w-full border-collapse">
        <tbody>
          {[
            ['Subject', request.subject_email ?? `erased (keyed hash ${request.subject_email_hash?.slice(0, 12)}…)`],
            ['Received', `${formatDateTime(request.received_at)} via ${request.received_via.replace('_', ' ')}`],
            ['Legal due date', formatDateTime(request.due_at)],
            ['Extension', request.extension_months ? `${request.extension_months} month(s); subject told ${formatDateTime(request.subject_told_of_extension_at)}; reason: ${request.extension_reason}` : 'none'],
            ['Identity verified', request.verified_at ? formatDateTime(request.verified_at) : 'no'],
            ['Outcome', `${request.status}${request.completed_at ? ` on ${formatDateTime(request.completed_at)}` : ''}${request.rejection_reason ? ` — ${request.rejection_reason}` : ''}`],
          ].map(([label, value]) => (
            <tr key={label} className="border-b border-slate-200"><th scope="row" className="w-48 py-2 pr-4 text-left align-top font-medium">{label}</th><td className="py-2">{value}</td></tr>
          ))}
        </tbody>
      </table>
      <h2 className="font-semibold">Steps taken</h2>
      <ol className="list-decimal space-y-1 pl-5">
        {history.map((h) => <li key={h.id}>{formatDateTime(h.occurred_at)} — {h.action.replace('_', ' ')} by {h.actor_name ?? 'the subject / system'}{h.note ? `: ${h.note}` : ''}</li>)}
      </ol>
      <p className="text-xs text-slate-600">Printed {formatDateTime(new Date())} by {staff.name}.</p>
    </article>
  );
}
