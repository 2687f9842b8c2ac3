import type { Metadata } from 'next';
import { CustomFilters } from '@/components/records/custom-filters';
import { ListSort } from '@/components/records/list-sort';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { customFiltersOf } from '@/lib/crm/custom-properties.labels';
import { AccountsGrid } from '@/components/accounts/accounts-grid';
import { SavedViews } from '@/components/layout/saved-views';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { ListTotal, ownerFilterOptions } from '@/components/records/list-total';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { countAccounts, listAccounts } from '@/lib/crm/accounts';
import { listMembers } from '@/lib/crm/members';
import { listSavedViews } from '@/lib/crm/saved-views';
import { listTags } from '@/lib/crm/tags';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Accounts' };

export default async function AccountsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const views = await listSavedViews(staff, 'accounts');
  const [members, tags] = await Promise.all([listMembers(staff), listTags(staff)]);
  const definitions = await listPropertyDefinitions(staff, 'account');
  const { data: page, problem } = await orProblem(listAccounts(staff, { ...params, custom: customFiltersOf(params) }));
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'accounts' }]} />
      <PageHeader
        title="Accounts"
        subtitle="Companies, including corporate training clients."
        actions={
          <>
            <LinkButton href="/accounts/duplicates" variant="secondary">Duplicates</LinkButton>
            {canSeeTrash(staff.role) ? <LinkButton href="/accounts/trash" variant="secondary">Trash</LinkButton> : null}
            {canWriteRecords(staff.role) ? <LinkButton href="/accounts/new">New account</LinkButton> : null}
          </>
        }
      />
      <SearchForm active={activeFilterCount(params)} action="/accounts" label="Search accounts" placeholder="Company name or domain" q={params.q}>
        <FilterSelect name="training_clients_only" label="Kind" value={params.training_clients_only} options={[['', 'All accounts'], ['true', 'Training clients']]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={ownerFilterOptions(members)} />
        <ListSort columns={[['name', 'Name'], ['updated_at', 'Last updated']]} definitions={definitions} sort={params.sort} direction={params.direction} />
        <CustomFilters definitions={definitions} params={params} members={members} />
      </SearchForm>
      <SavedViews list="accounts" views={views} />
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countAccounts(staff, { ...params, custom: customFiltersOf(params) })} noun={['account', 'accounts']} />
      {page && page.rows.length === 0 ? <EmptyState title="No accounts match." action={canWriteRecords(staff.role) ? "Create one with “New account”, or clear the filters." : undefined} /> : null}
      {page && page.rows.length > 0 ? (
        <AccountsGrid rows={page.rows} members={members} customProperties={definitions} tags={tags} canWrite={canWriteRecords(staff.role)} canTrash={canWriteRecords(staff.role)} canExport={canExport(staff)} />
      ) : null}
      <Pager basePath="/accounts" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
