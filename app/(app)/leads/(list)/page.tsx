import type { Metadata } from 'next';
import { CustomFilters } from '@/components/records/custom-filters';
import { ListSort } from '@/components/records/list-sort';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { customFiltersOf } from '@/lib/crm/custom-properties.labels';
import Link from 'next/link';
import { SavedViews } from '@/components/layout/saved-views';
import { LeadsGrid } from '@/components/leads/leads-grid';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ListTotal, ownerFilterOptions } from '@/components/records/list-total';
import { Alert } from '@/components/ui/alert';
import { LinkButton } from '@/components/ui/link-button';
import { Pager } from '@/components/ui/pager';
import { FilterDate, FilterNumber, FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';
import { countLeads, listLeads } from '@/lib/crm/leads';
import { leadStatuses, leadStatusLabels } from '@/lib/crm/leads.schema';
import { listMembers } from '@/lib/crm/members';
import { listSavedViews } from '@/lib/crm/saved-views';
import { listTags } from '@/lib/crm/tags';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Leads' };



export default async function LeadsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const views = await listSavedViews(staff, 'leads');
  const q = params.q ?? '';
  const status = params.status ?? '';

  const [members, tags] = await Promise.all([listMembers(staff), listTags(staff)]);
  const definitions = await listPropertyDefinitions(staff, 'lead');
  const { data: page, problem } = await orProblem(listLeads(staff, { ...params, custom: customFiltersOf(params) }));

  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'leads' }]} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Leads</h1>
        <div className="flex gap-2">
          <LinkButton href="/leads/duplicates" variant="secondary">Duplicates</LinkButton>
          {canSeeTrash(staff.role) ? <LinkButton href="/leads/trash" variant="secondary">Trash</LinkButton> : null}
          {canWriteRecords(staff.role) ? <LinkButton href="/leads/new">New lead</LinkButton> : null}
        </div>
      </div>

      <SearchForm active={activeFilterCount(params)} action="/leads" label="Search leads" placeholder="Name, email or company" q={q}>
        <FilterSelect name="status" label="Status" value={status} options={[['', 'Any status'], ...leadStatuses.map((s) => [s, leadStatusLabels[s]] as [string, string])]} />
        <FilterSelect name="source" label="Source" value={params.source} options={[['', 'Any source'], ...recordSources.map((s) => [s, recordSourceLabels[s]] as [string, string])]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={ownerFilterOptions(members)} />
        <ListSort columns={[['score', 'Score'], ['updated_at', 'Last updated']]} definitions={definitions} sort={params.sort} direction={params.direction} />
        <FilterNumber name="score_min" label="Score from" value={params.score_min} />
        <FilterNumber name="score_max" label="Score to" value={params.score_max} />
        <FilterDate name="created_from" label="Created from" value={params.created_from} />
        <FilterDate name="created_to" label="Created before" value={params.created_to} />
        <CustomFilters definitions={definitions} params={params} members={members} />
      </SearchForm>
      <SavedViews list="leads" views={views} />

      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countLeads(staff, { ...params, custom: customFiltersOf(params) })} noun={['lead', 'leads']} />

      {page && page.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">{q || status ? 'No leads match this search.' : 'No leads yet.'}</p>
          <p className="mt-1 text-sm text-slate-600">
            {q || status ? (
              <Link href="/leads" className="text-brand-700 underline">
                Clear the search
              </Link>
            ) : canWriteRecords(staff.role) ? (
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
        <LeadsGrid rows={page.rows} members={members} customProperties={definitions} tags={tags} canWrite={canWriteRecords(staff.role)} canTrash={canWriteRecords(staff.role)} canExport={canExport(staff)} />
      ) : null}

      <Pager basePath="/leads" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
