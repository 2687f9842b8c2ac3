import type { Metadata } from 'next';
import { CustomFilters } from '@/components/records/custom-filters';
import { ListSort } from '@/components/records/list-sort';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { customFiltersOf } from '@/lib/crm/custom-properties.labels';
import { ContactsGrid } from '@/components/contacts/contacts-grid';
import { SavedViews } from '@/components/layout/saved-views';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Alert } from '@/components/ui/alert';
import { LinkButton } from '@/components/ui/link-button';
import { EmptyState } from '@/components/ui/empty-state';
import { ListTotal, ownerFilterOptions } from '@/components/records/list-total';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { countContacts, listContacts } from '@/lib/crm/contacts';
import { lifecycleStages } from '@/lib/crm/contacts.schema';
import { listSavedViews } from '@/lib/crm/saved-views';
import { listMembers } from '@/lib/crm/members';
import { listTags } from '@/lib/crm/tags';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Contacts' };

export default async function ContactsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const views = await listSavedViews(staff, 'contacts');
  const [members, tags] = await Promise.all([listMembers(staff), listTags(staff)]);
  const definitions = await listPropertyDefinitions(staff, 'contact');
  const { data: page, problem } = await orProblem(listContacts(staff, { ...params, custom: customFiltersOf(params) }));
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'contacts' }]} />
      <PageHeader
        title="Contacts"
        subtitle="Buyers, trainees and certified professionals."
        actions={
          <>
            <LinkButton href="/contacts/duplicates" variant="secondary">Duplicates</LinkButton>
            {canSeeTrash(staff.role) ? <LinkButton href="/contacts/trash" variant="secondary">Trash</LinkButton> : null}
            {canWriteRecords(staff.role) ? <LinkButton href="/contacts/new">New contact</LinkButton> : null}
          </>
        }
      />
      <SearchForm active={activeFilterCount(params)} action="/contacts" label="Search contacts" placeholder="Name or email" q={params.q}>
        <FilterSelect name="lifecycle_stage" label="Stage" value={params.lifecycle_stage} options={[['', 'Any stage'], ...lifecycleStages.map((s) => [s, s[0]?.toUpperCase() + s.slice(1)] as [string, string])]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={ownerFilterOptions(members)} />
        <ListSort columns={[['last_name', 'Last name'], ['updated_at', 'Last updated']]} definitions={definitions} sort={params.sort} direction={params.direction} />
        <CustomFilters definitions={definitions} params={params} members={members} />
      </SearchForm>
      <SavedViews list="contacts" views={views} />
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countContacts(staff, { ...params, custom: customFiltersOf(params) })} noun={['contact', 'contacts']} />
      {page && page.rows.length === 0 ? <EmptyState title={params.q ? 'No contacts match this search.' : 'No contacts yet.'} action={params.q ? undefined : canWriteRecords(staff.role) ? "Create one with “New contact”, or convert a lead." : undefined} /> : null}
      {page && page.rows.length > 0 ? (
        <ContactsGrid rows={page.rows} members={members} customProperties={definitions} tags={tags} canWrite={canWriteRecords(staff.role)} canTrash={canWriteRecords(staff.role)} canExport={canExport(staff)} />
      ) : null}
      <Pager basePath="/contacts" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
