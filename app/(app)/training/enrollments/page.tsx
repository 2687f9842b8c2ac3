import type { Metadata } from 'next';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ListTotal } from '@/components/records/list-total';
import { EnrollmentsGrid } from '@/components/training/enrollments-grid';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, requireStaff } from '@/lib/auth/current-staff';
import { listCourses } from '@/lib/crm/training';
import { countEnrollments, listEnrollments } from '@/lib/crm/training-lists';
import { enrollmentStatusLabels } from '@/lib/crm/training.schema';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Enrollments' };

/** Every booking the person may see, across sessions: newest first, by status or course. */
export default async function EnrollmentsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const courses = await listCourses(staff);
  const { data: page, problem } = await orProblem(listEnrollments(staff, params));
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'enrollments' }]} />
      <PageHeader title="Enrollments" subtitle="Every booking on every session: enrolled, waitlisted, attended, cancelled." />
      <SearchForm active={activeFilterCount(params)} action="/training/enrollments" label="Search enrollments" placeholder="Trainee name or email" q={params.q}>
        <FilterSelect name="status" label="Status" value={params.status} options={[['', 'Any status'], ...Object.entries(enrollmentStatusLabels)]} />
        <FilterSelect name="course_id" label="Course" value={params.course_id} options={[['', 'Any course'], ...courses.map((c): [string, string] => [c.id, `${c.code} · ${c.title}`])]} />
        <FilterSelect name="sort" label="Sort by" value={params.sort} options={[['created_at', 'Booked'], ['updated_at', 'Last change']]} />
      </SearchForm>
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countEnrollments(staff, params)} noun={['enrollment', 'enrollments']} />
      {page && page.rows.length === 0 ? <EmptyState title={activeFilterCount(params) || params.q ? 'No enrollments match these filters.' : 'No enrollments yet.'} action="Enroll a contact from their page or a session’s roster, or import an attendee sheet." /> : null}
      {page && page.rows.length > 0 ? <EnrollmentsGrid rows={page.rows} canExport={canExport(staff)} /> : null}
      <Pager basePath="/training/enrollments" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
