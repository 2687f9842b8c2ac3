import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { FilterSelect } from '@/components/ui/search-form';
import { requireStaff } from '@/lib/auth/current-staff';
import { listAuditEntries } from '@/lib/compliance/audit';
import { listMembers } from '@/lib/crm/members';
import { formatDateTime } from '@/lib/format';
import { orProblem } from '@/lib/page-data';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Audit log' };

/** "old → new" for an update, the value for an insert or delete, the text of a redaction. */
function describeChange(change: unknown): string {
  if (typeof change !== 'object' || change === null) return String(change);
  const c = change as { old?: unknown; new?: unknown };
  return ['old' in c ? JSON.stringify(c.old) : null, 'new' in c ? JSON.stringify(c.new) : null].filter((v) => v !== null).join(' → ');
}

export default async function AuditPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const members = await listMembers(staff);
  const { data: page, problem } = await orProblem(listAuditEntries(staff, params));
  const input = 'mt-1 block min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm';
  const { before, ...filters } = params;
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" subtitle="Every change to personal data: who, when, and which fields changed from what to what. Append-only." />
      <form action="/compliance/audit" className="flex flex-wrap items-end gap-3">
        <div><label htmlFor="audit-record" className="block text-sm font-medium">Record id</label><input id="audit-record" name="record_id" defaultValue={params.record_id} className={input} /></div>
        <div><label htmlFor="audit-person" className="block text-sm font-medium">Person (contact or lead id)</label><input id="audit-person" name="person_id" defaultValue={params.person_id} className={input} /></div>
        <FilterSelect name="actor_id" label="Staff member" value={params.actor_id} options={[['', 'Anyone'], ...members.map((m) => [m.user_id, m.display_name] as [string, string])]} />
        <div><label htmlFor="audit-from" className="block text-sm font-medium">From</label><input id="audit-from" name="from" type="date" defaultValue={params.from} className={input} /></div>
        <div><label htmlFor="audit-to" className="block text-sm font-medium">Until</label><input id="audit-to" name="to" type="date" defaultValue={params.to} className={input} /></div>
        <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm hover:bg-slate-100">Filter</button>
      </form>
      {problem ? <Alert>{problem}</Alert> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="audit-table">
          <caption className="sr-only">Audit entries, newest first</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr><th scope="col" className="px-3 py-2">When</th><th scope="col" className="px-3 py-2">Who</th><th scope="col" className="px-3 py-2">What</th><th scope="col" className="px-3 py-2">Changes</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page?.rows.map((entry) => (
              <tr key={entry.id} className="align-top">
                <td className="whitespace-nowrap px-3 py-2">{formatDateTime(entry.occurred_at)}</td>
                <td className="px-3 py-2">{entry.actor_name ?? 'system'}</td>
                <td className="px-3 py-2">{entry.operation} {entry.table_name.replace('_', ' ')}<span className="block text-xs text-slate-600">{entry.record_id}</span></td>
                <td className="px-3 py-2">
                  <ul className="space-y-0.5 text-xs">
                    {Object.entries(entry.changes as Record<string, unknown>).slice(0, 12).map(([field, change]) => (
                      <li key={field}><span className="font-medium">{field}</span>: {describeChange(change)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page?.nextBefore ? <Link className="inline-block min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm" href={`/compliance/audit?${new URLSearchParams({ ...filters, before: String(page.nextBefore) })}`}>Older entries</Link> : null}
      {before ? <Link className="ml-2 inline-block min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm" href={`/compliance/audit?${new URLSearchParams(filters)}`}>Newest</Link> : null}
    </div>
  );
}
