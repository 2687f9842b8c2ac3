import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CourseEditForm } from '@/components/training/course-edit-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { getCourse } from '@/lib/crm/training';
import { portalLinks } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Course' };

/** Admins and managers edit a course (RLS lets only them write it). */
export default async function CoursePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  if (staff.role !== 'admin' && staff.role !== 'manager') redirect('/training');
  const { id } = await params;
  const found = await getCourse(staff, id).catch((error: unknown) => {
    if (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation')) notFound();
    throw error;
  });
  const { course, others } = found;
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${course.code} · ${course.title}`}
        subtitle={course.is_active ? 'Offered in the public catalogue.' : 'Not offered: hidden from the public catalogue.'}
        actions={
          course.is_active ? (
            <a href={portalLinks.course(course.code, staff.orgId)} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 text-sm">
              Public page
            </a>
          ) : null
        }
      />
      <Link href="/training" className="text-sm text-brand-700 underline">
        Back to training
      </Link>
      <CourseEditForm course={course} others={others} />
    </div>
  );
}
