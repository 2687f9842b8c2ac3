import type { Metadata } from 'next';
import Link from 'next/link';
import { EnrollmentActions } from '@/components/contacts/enrollment-actions';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { getCourseSession } from '@/lib/crm/training';
import { enrollmentStatusLabels } from '@/lib/crm/training.schema';
import { formatDateTime, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Session' };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const { session, roster } = await orNotFound(getCourseSession(staff, id));
  const booked = roster.filter((r) => r.status !== 'waitlisted' && r.status !== 'cancelled');
  const waiting = roster.filter((r) => r.status === 'waitlisted');
  const writable = staff.role === 'admin' || staff.role === 'manager';
  return (
    <div className="space-y-6">
        <LiveRefresh watch={[{ table: 'enrollments' }]} />
      <p className="text-sm"><Link href="/training" className="text-brand-700 underline">Training</Link> / {session.title}</p>
      <PageHeader title={session.title} subtitle={`${session.code} · ${formatDateTime(session.starts_at)} – ${formatDateTime(session.ends_at)} · ${session.location ?? session.meeting_url ?? ''}`} actions={<Badge tone={booked.length >= session.capacity ? 'red' : 'green'}>{booked.length}/{session.capacity} seats</Badge>} />
      <section aria-labelledby="roster-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="roster-heading" className="mb-2 font-semibold">Booked</h2>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="roster">
          {booked.map((r) => (
            <li key={r.id} className="py-2">
              <Link href={`/contacts/${r.contact_id}`} className="font-medium text-brand-700 underline">{personName(r)}</Link> · <span>{enrollmentStatusLabels[r.status]}</span>
              {writable ? <EnrollmentActions enrollmentId={r.id} contactId={r.contact_id} courseId={session.course_id} status={r.status} passed={false} certified={false} sessionStarts={session.starts_at.toISOString()} /> : null}
            </li>
          ))}
          {booked.length === 0 ? <li className="py-2 text-slate-700">Nobody booked yet.</li> : null}
        </ul>
      </section>
      <section aria-labelledby="waitlist-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="waitlist-heading" className="mb-2 font-semibold">Waitlist</h2>
        <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="waitlist">
          {waiting.map((r) => (
            <li key={r.id}><Link href={`/contacts/${r.contact_id}`} className="text-brand-700 underline">{personName(r)}</Link> · since {formatDateTime(r.waitlisted_at)}</li>
          ))}
          {waiting.length === 0 ? <li className="list-none text-slate-700">Nobody is waiting.</li> : null}
        </ol>
      </section>
    </div>
  );
}
