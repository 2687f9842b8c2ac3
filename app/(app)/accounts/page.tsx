import type { Metadata } from 'next';
import Link from 'next/link';
import { SavedViews } from '@/components/layout/saved-views';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { requireStaff } from '@/lib/auth/current-staff';
import { listAccounts } from '@/lib/crm/accounts';
import { listSavedViews } from '@/lib/crm/saved-views';
import { formatDate } from '@/lib/format';
import { orProblem } from '@/lib/page-data';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Accounts' };

export default async function AccountsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const views = await listSavedViews(staff, 'accounts');
  const { data: page, problem } = await orProblem(listAccounts(staff, params));
  return (
    <div className="space-y-4">
        <LiveRefresh watch={[{ table: 'accounts' }]} />
      <PageHeader title="Accounts" subtitle="Companies, including corporate training clients." />
      <SearchForm action="/accounts" label="Search accounts" placeholder="Company name or domain" q={params.q}>
        <FilterSelect name="training_clients_only" label="Kind" value={params.training_clients_only} options={[['', 'All accounts'], ['true', 'Training clients']]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={[['', 'Anyone'], ['me', 'Me'], ['unassigned', 'Unassigned']]} />
        <FilterSelect name="sort" label="Sort" value={params.sort} options={[['', 'Newest'], ['name', 'Name'], ['updated_at', 'Last updated']]} />
      </SearchForm>
      <SavedViews list="accounts" views={views} />
      {problem ? <Alert>{problem}</Alert> : null}
      {page && page.rows.length === 0 ? <EmptyState title="No accounts match." /> : null}
      {page && page.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Accounts</caption>
            <thead className="bg-slate-100 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Industry</th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">Owner</th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((a) => (
                <tr key={a.id}>
                  <td className="px-3 py-2">
                    <Link href={`/accounts/${a.id}`} className="font-medium text-brand-700 hover:underline">{a.name}</Link>{' '}
                    {a.is_training_client ? <Badge tone="green">Training client</Badge> : null}
                    {a.domain ? <span className="block text-xs text-slate-600">{a.domain}</span> : null}
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">{a.industry ?? '—'}</td>
                  <td className="hidden px-3 py-2 lg:table-cell">{a.owner_name ?? 'Unassigned'}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">{formatDate(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager basePath="/accounts" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
