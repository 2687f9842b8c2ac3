import type { Metadata } from 'next';
import { ActivitiesGrid } from '@/components/activities/activities-grid';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ListTotal, ownerFilterOptions } from '@/components/records/list-total';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, requireStaff } from '@/lib/auth/current-staff';
import { countActivityLog, listActivityLog } from '@/lib/crm/activities';
import { activityKindLabels } from '@/lib/crm/activities.schema';
import { listMembers } from '@/lib/crm/members';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Activities' };

/** The activity log: every call, meeting, note, email and task the person may see, newest first. */
export default async function ActivitiesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const members = await listMembers(staff);
  const { data: page, problem } = await orProblem(listActivityLog(staff, params));
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'activities' }]} />
      <PageHeader title="Activities" subtitle="Calls, meetings, notes, emails and tasks logged on any record." />
      <SearchForm active={activeFilterCount(params)} action="/activities" label="Search activities" placeholder="Subject" q={params.q}>
        <FilterSelect name="kind" label="Kind" value={params.kind} options={[['', 'Any kind'], ...Object.entries(activityKindLabels)]} />
        <FilterSelect name="owner" label="Owner" value={params.owner} options={ownerFilterOptions(members)} />
        <FilterSelect name="sort" label="Sort by" value={params.sort} options={[['occurred_at', 'Date'], ['created_at', 'Logged']]} />
      </SearchForm>
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countActivityLog(staff, params)} noun={['activity', 'activities']} />
      {page && page.rows.length === 0 ? <EmptyState title={activeFilterCount(params) || params.q ? 'No activities match these filters.' : 'No activities yet.'} action="Log a call, meeting or note from any lead, contact, account or opportunity." /> : null}
      {page && page.rows.length > 0 ? <ActivitiesGrid rows={page.rows} canExport={canExport(staff)} /> : null}
      <Pager basePath="/activities" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
