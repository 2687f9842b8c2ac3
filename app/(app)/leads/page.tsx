import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { LiveRefresh } from '@/components/live/live-refresh';
import { LinkButton } from '@/components/ui/link-button';
import { canWriteLeads, requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { listLeads } from '@/lib/crm/leads';
import { leadStatusLabels, leadStatuses } from '@/lib/crm/leads.schema';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Leads' };


function leadName(lead: { first_name: string | null; last_name: string | null; email: string | null }) {
  return [lead.first_name, lead.last_name].filter(Boolean).join(' ') || lead.email || 'Unnamed lead';
}

export default async function LeadsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const q = params.q ?? '';
  const status = params.status ?? '';

  let page: Awaited<ReturnType<typeof listLeads>> | null = null;
  let problem: string | null = null;
  try {
    page = await listLeads(staff, params);
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    problem = error.message;
  }

  return (
    <div className="space-y-4">
        <LiveRefresh watch={[{ table: 'leads' }]} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Leads</h1>
        {canWriteLeads(staff.role) ? <LinkButton href="/leads/new">New lead</LinkButton> : null}
      </div>

      <SearchForm action="/leads" label="Search leads" placeholder="Name, email or company" q={q}>
        <FilterSelect name="status" label="Status" value={status} options={[['', 'Any status'], ...leadStatuses.map((s) => [s, leadStatusLabels[s]] as [string, string])]} />
        <FilterSelect name="source" label="Source" value={params.source} options={[['', 'Any source'], ...recordSources.map((s) => [s, recordSourceLabels[s]] as [string, string])]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={[['', 'Anyone'], ['me', 'Me'], ['unassigned', 'Unassigned']]} />
        <FilterSelect name="sort" label="Sort" value={params.sort} options={[['', 'Newest'], ['score', 'Score'], ['updated_at', 'Last updated']]} />
      </SearchForm>

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
                    <Link href={`/leads/${lead.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                      {leadName(lead)}
                    </Link>
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

      <Pager basePath="/leads" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
