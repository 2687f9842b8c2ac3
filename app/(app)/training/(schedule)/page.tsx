import type { Metadata } from 'next';
import Link from 'next/link';
import { CourseForm } from '@/components/training/course-form';
import { ScheduleSessionForm } from '@/components/training/schedule-session-form';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { canImportTrainingRecords, requireStaff } from '@/lib/auth/current-staff';
import { listAllCourses, listCourses, listUpcomingSessions } from '@/lib/crm/training';
import { formatDateTime, formatMoney } from '@/lib/format';

export const metadata: Metadata = { title: 'Training' };

export default async function TrainingPage() {
  const staff = await requireStaff();
  const canSchedule = staff.role === 'admin' || staff.role === 'manager';
  const [sessions, courses, catalogue] = await Promise.all([
    listUpcomingSessions(staff),
    canSchedule ? listCourses(staff) : Promise.resolve([]),
    canSchedule ? listAllCourses(staff) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Upcoming sessions"
        subtitle="Seats, waitlists and rosters of every scheduled course run."
        actions={
          canImportTrainingRecords(staff.role) ? (
            <Link href="/imports?object=enrollments" className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 text-sm">
              Import an attendee sheet
            </Link>
          ) : null
        }
      />
      {canSchedule ? <ScheduleSessionForm courses={courses} /> : null}
      {canSchedule ? (
        <details className="rounded-lg border border-slate-200 bg-white p-3">
          <summary className="min-h-8 cursor-pointer font-medium">Course catalogue ({catalogue.length})</summary>
          <ul className="my-3 grid gap-1 text-sm sm:grid-cols-2" data-testid="courses">
            {catalogue.map((c) => (
              <li key={c.id}>
                <Link href={`/training/courses/${c.id}`} className="font-medium text-brand-700 hover:underline">
                  {c.code} · {c.title}
                </Link>{' '}
                · {c.level} · {Number(c.duration_hours)} h · {formatMoney(c.price, c.currency)}
                {c.certification_validity_months ? ` · valid ${c.certification_validity_months} months` : ''}
                {c.is_active ? '' : ' · not offered'}
              </li>
            ))}
          </ul>
          <CourseForm />
        </details>
      ) : null}
      {sessions.length === 0 ? <EmptyState title="No sessions scheduled." /> : null}
      <ul className="grid gap-3 md:grid-cols-2" data-testid="sessions">
        {sessions.map((s) => {
          const taken = Number(s.seats_taken);
          return (
            <li key={s.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <Link href={`/training/sessions/${s.id}`} className="font-medium text-brand-700 hover:underline">{s.title}</Link>
              <p className="text-slate-700">{s.code} · {formatDateTime(s.starts_at)} · {s.delivery.replace('_', ' ')}{s.location ? ` · ${s.location}` : ''}</p>
              <p className="mt-1 flex gap-2">
                <Badge tone={taken >= s.capacity ? 'red' : 'green'}>{taken}/{s.capacity} seats</Badge>
                {Number(s.waitlisted) > 0 ? <Badge tone="amber">{s.waitlisted} waiting</Badge> : null}
                {s.status === 'cancelled' ? <Badge tone="red">cancelled</Badge> : null}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
