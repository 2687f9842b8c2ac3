import type { Metadata } from 'next';
import Link from 'next/link';
import { SavedViews } from '@/components/layout/saved-views';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { requireStaff } from '@/lib/auth/current-staff';
import { listContacts } from '@/lib/crm/contacts';
import { lifecycleStages } from '@/lib/crm/contacts.schema';
import { listSavedViews } from '@/lib/crm/saved-views';
import { formatDate, personName } from '@/lib/format';
import { orProblem } from '@/lib/page-data';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Contacts' };

export default async function ContactsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const views = await listSavedViews(staff, 'contacts');
  const { data: page, problem } = await orProblem(listContacts(staff, params));
  return (
    <div className="space-y-4">
        <LiveRefresh watch={[{ table: 'contacts' }]} />
      <PageHeader title="Contacts" subtitle="Buyers, trainees and certified professionals." />
      <SearchForm action="/contacts" label="Search contacts" placeholder="Name or email" q={params.q}>
        <FilterSelect name="lifecycle_stage" label="Stage" value={params.lifecycle_stage} options={[['', 'Any stage'], ...lifecycleStages.map((s) => [s, s[0]?.toUpperCase() + s.slice(1)] as [string, string])]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={[['', 'Anyone'], ['me', 'Me'], ['unassigned', 'Unassigned']]} />
        <FilterSelect name="sort" label="Sort" value={params.sort} options={[['', 'Newest'], ['last_name', 'Last name'], ['updated_at', 'Last updated']]} />
      </SearchForm>
      <SavedViews list="contacts" views={views} />
      {problem ? <Alert>{problem}</Alert> : null}
      {page && page.rows.length === 0 ? <EmptyState title={params.q ? 'No contacts match this search.' : 'No contacts yet.'} action="Contacts are created when you convert a lead." /> : null}
      {page && page.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" data-testid="contacts-table">
            <caption className="sr-only">Contacts</caption>
            <thead className="bg-slate-100 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Account</th>
                <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">Email</th>
                <th scope="col" className="px-3 py-2 font-medium">Stage</th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">Owner</th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Created</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((contact) => (
                <tr key={contact.id} data-testid="contact-row">
                  <td className="px-3 py-2">
                    <Link href={`/contacts/${contact.id}`} className="font-medium text-brand-700 hover:underline">
                      {personName(contact)}
                    </Link>
                    {contact.job_title ? <span className="block text-xs text-slate-600">{contact.job_title}</span> : null}
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">{contact.account_name ?? '—'}</td>
                  <td className="hidden px-3 py-2 xl:table-cell">{contact.email ?? '—'}</td>
                  <td className="px-3 py-2 capitalize">{contact.lifecycle_stage}</td>
                  <td className="hidden px-3 py-2 lg:table-cell">{contact.owner_name ?? 'Unassigned'}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">{formatDate(contact.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager basePath="/contacts" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
