import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { canWriteLeads, requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { listLeads } from '@/lib/crm/leads';
import { leadStatusLabels, leadStatuses } from '@/lib/crm/leads.schema';

export const metadata: Metadata = { title: 'Leads' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function leadName(lead: { first_name: string | null; last_name: string | null; email: string | null }) {
  return [lead.first_name, lead.last_name].filter(Boolean).join(' ') || lead.email || 'Unnamed lead';
}

export default async function LeadsPage({ searchParams }: { searchParams: SearchParams }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const q = first(params.q) ?? '';
  const status = first(params.status) ?? '';
  const cursor = first(params.cursor);

  let page: Awaited<ReturnType<typeof listLeads>> | null = null;
  let problem: string | null = null;
  try {
    page = await listLeads(staff, { q, status: status || undefined, cursor });
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    problem = error.message;
  }

  const linkWith = (extra: Record<string, string>) => {
    const search = new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...extra });
    return `/leads?${search}`;
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Leads</h1>
        {canWriteLeads(staff.role) ? (
          <Link href="/leads/new" className="inline-flex min-h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            New lead
          </Link>
        ) : null}
      </div>

      <search>
      <form action="/leads" className="flex flex-wrap items-end gap-3">
        <div className="grow">
          <label htmlFor="lead-search" className="block text-sm font-medium">
            Search leads
          </label>
          <input
            id="lead-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder="Name, email or company"
            className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
          />
        </div>
        <div>
          <label htmlFor="lead-status" className="block text-sm font-medium">
            Status
          </label>
          <select id="lead-status" name="status" defaultValue={status} className="mt-1 block min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm">
            <option value="">Any status</option>
            {leadStatuses.map((s) => (
              <option key={s} value={s}>
                {leadStatusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm hover:bg-slate-100">
          Search
        </button>
      </form>
      </search>

      {problem ? <Alert>{problem}</Alert> : null}

      {page && page.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">{q || status ? 'No leads match this search.' : 'No leads yet.'}</p>
          <p className="mt-1 text-sm text-slate-600">
            {q || status ? (
              <Link href="/leads" className="text-brand-700 underline">
                Clear the search
              </Link>
            ) : canWriteLeads(staff.role) ? (
              <Link href="/leads/new" className="text-brand-700 underline">
                Create the first lead
              </Link>
            ) : (
              'Leads assigned to you will appear here.'
            )}
          </p>
        </div>
      ) : null}

      {page && page.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" data-testid="leads-table">
            <caption className="sr-only">Leads, newest first</caption>
            <thead className="bg-slate-100 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Company</th>
                <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">Email</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Score</th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">Owner</th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((lead) => (
                <tr key={lead.id} data-testid="lead-row">
                  <td className="px-3 py-2">
                    <span className="font-medium">{leadName(lead)}</span>
                    {lead.company_name ? <span className="block text-xs text-slate-600 md:hidden">{lead.company_name}</span> : null}
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">{lead.company_name ?? '—'}</td>
                  <td className="hidden px-3 py-2 xl:table-cell">{lead.email ?? '—'}</td>
                  <td className="px-3 py-2">{leadStatusLabels[lead.status]}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{lead.score}</td>
                  <td className="hidden px-3 py-2 lg:table-cell">{lead.owner_name ?? 'Unassigned'}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">
                    <time dateTime={lead.created_at.toISOString()}>{lead.created_at.toLocaleDateString('en-GB')}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <nav aria-label="Pagination" className="flex gap-3">
        {cursor ? (
          <Link href={linkWith({})} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
            First page
          </Link>
        ) : null}
        {page?.nextCursor ? (
          <Link href={linkWith({ cursor: page.nextCursor })} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
