import type { Metadata } from 'next';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ListTotal } from '@/components/records/list-total';
import { CertificationsGrid } from '@/components/training/certifications-grid';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, requireStaff } from '@/lib/auth/current-staff';
import { listCourses } from '@/lib/crm/training';
import { countCertifications, listCertifications } from '@/lib/crm/training-lists';
import { certificationStatusLabels } from '@/lib/crm/training.schema';
import { orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Certificates' };

/** Every certificate the person may see: by status, course, or expiring by a day (renewal planning). */
export default async function CertificatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const courses = await listCourses(staff);
  const { data: page, problem } = await orProblem(listCertifications(staff, params));
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'certifications' }]} />
      <PageHeader title="Certificates" subtitle="Issued certificates, their holders and when they expire." />
      <SearchForm active={activeFilterCount(params)} action="/training/certificates" label="Search certificates" placeholder="Number, holder name or email" q={params.q}>
        <FilterSelect name="status" label="Status" value={params.status} options={[['', 'Any status'], ...Object.entries(certificationStatusLabels)]} />
        <FilterSelect name="course_id" label="Course" value={params.course_id} options={[['', 'Any course'], ...courses.map((c): [string, string] => [c.id, `${c.code} · ${c.title}`])]} />
        <div>
          <label htmlFor="filter-expires_before" className="block text-sm font-medium">Expiring by</label>
          <input id="filter-expires_before" name="expires_before" type="date" defaultValue={params.expires_before} className="mt-1 block min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm" />
        </div>
      </SearchForm>
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countCertifications(staff, params)} noun={['certificate', 'certificates']} />
      {page && page.rows.length === 0 ? <EmptyState title={activeFilterCount(params) || params.q ? 'No certificates match these filters.' : 'No certificates yet.'} action="Certificates are issued from a trainee’s passed exam, or imported." /> : null}
      {page && page.rows.length > 0 ? <CertificationsGrid rows={page.rows} canExport={canExport(staff)} /> : null}
      <Pager basePath="/training/certificates" params={params} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
