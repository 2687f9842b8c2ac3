import type { Metadata } from 'next';
import { CustomFilters } from '@/components/records/custom-filters';
import { ListSort } from '@/components/records/list-sort';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { customFiltersOf } from '@/lib/crm/custom-properties.labels';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Board } from '@/components/opportunities/board';
import { OpportunitiesGrid } from '@/components/opportunities/opportunities-grid';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { ListTotal, ownerFilterOptions } from '@/components/records/list-total';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { BOARD_CLOSED_DAYS, boardTotals, listBoard, countOpportunities, listOpportunities, listPipelines } from '@/lib/crm/opportunities';
import { listMembers } from '@/lib/crm/members';
import { listTags } from '@/lib/crm/tags';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Opportunities' };

export default async function OpportunitiesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  if (staff.role === 'marketing') {
    return <EmptyState title="Opportunities are not shared with marketing." />;
  }
  const pipelines = await listPipelines(staff);
  const pipeline = pipelines.find((p) => p.id === params.pipeline) ?? pipelines[0];
  const view = params.view === 'list' ? 'list' : 'board';
  if (!pipeline) return <EmptyState title="No pipeline yet." action="An admin can create one in settings." />;

  const tabs = (
    <nav aria-label="Pipelines and views" className="flex flex-wrap gap-2 text-sm">
      {pipelines.map((p) => (
        <Link key={p.id} href={`/opportunities?pipeline=${p.id}&view=${view}`} aria-current={p.id === pipeline.id ? 'page' : undefined} className={`min-h-10 rounded-md border px-3 py-2 ${p.id === pipeline.id ? 'border-brand-600 bg-blue-50 font-medium' : 'border-slate-300 bg-white'}`}>
          {p.name}
        </Link>
      ))}
      <span className="mx-2 border-l border-slate-300" aria-hidden="true" />
      <Link href={`/opportunities?pipeline=${pipeline.id}&view=board`} aria-current={view === 'board' ? 'page' : undefined} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2">Board</Link>
      <Link href={`/opportunities?pipeline=${pipeline.id}&view=list`} aria-current={view === 'list' ? 'page' : undefined} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2">List</Link>
    </nav>
  );

  if (view === 'board') {
    const [cards, totals] = await Promise.all([listBoard(staff, pipeline.id), boardTotals(staff, pipeline.id)]);
    return (
      <div className="space-y-4">
        <PageHeader title="Opportunities" subtitle="Drag a card, or use its “Move to” menu, to change its stage." actions={
            canWriteRecords(staff.role) ? (
              <>
                <Link href="/imports?object=opportunities" className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 text-sm">
                  Import
                </Link>
                <LinkButton href={`/opportunities/new?pipeline=${pipeline.id}`}>New opportunity</LinkButton>
              </>
            ) : null
          }
        />
        <LiveRefresh watch={[{ table: 'opportunities' }]} />
        {tabs}
        <Board
          key={pipeline.id}
          stages={pipeline.stages}
          initialCards={cards}
          totals={totals}
          limits={{ closedDays: BOARD_CLOSED_DAYS, listHrefBase: `/opportunities?pipeline=${pipeline.id}&view=list&stage_id=` }}
          canMove={canWriteRecords(staff.role)}
        />
      </div>
    );
  }

  const [members, tags] = await Promise.all([listMembers(staff), listTags(staff)]);
  const definitions = await listPropertyDefinitions(staff, 'opportunity');
  const { data: page, problem } = await orProblem(listOpportunities(staff, { ...params, custom: customFiltersOf(params), pipeline_id: pipeline.id }));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Opportunities"
        actions={
          <>
            {canSeeTrash(staff.role) ? <LinkButton href="/opportunities/trash" variant="secondary">Trash</LinkButton> : null}
            {canWriteRecords(staff.role) ? <LinkButton href={`/opportunities/new?pipeline=${pipeline.id}`}>New opportunity</LinkButton> : null}
          </>
        }
      />
      {tabs}
      <SearchForm active={activeFilterCount(params)} action="/opportunities" label="Search opportunities" placeholder="Opportunity name" q={params.q}>
        <input type="hidden" name="view" value="list" />
        <input type="hidden" name="pipeline" value={pipeline.id} />
        <FilterSelect name="status" label="Status" value={params.status} options={[['', 'Any'], ['open', 'Open'], ['won', 'Won'], ['lost', 'Lost']]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={ownerFilterOptions(members)} />
        <ListSort columns={[['amount', 'Amount'], ['updated_at', 'Last updated']]} definitions={definitions} sort={params.sort} direction={params.direction} />
        <CustomFilters definitions={definitions} params={params} members={members} />
      </SearchForm>
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countOpportunities(staff, { ...params, custom: customFiltersOf(params), pipeline_id: pipeline.id })} noun={['opportunity', 'opportunities']} />
      {page && page.rows.length === 0 ? <EmptyState title="No opportunities match." /> : null}
      {page && page.rows.length > 0 ? (
        <OpportunitiesGrid rows={page.rows} members={members} customProperties={definitions} tags={tags} canWrite={canWriteRecords(staff.role)} canTrash={canWriteRecords(staff.role)} canExport={canExport(staff)} />
      ) : null}
      <Pager basePath="/opportunities" params={{ ...params, view: 'list', pipeline: pipeline.id }} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
