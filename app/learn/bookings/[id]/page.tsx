import type { Metadata } from 'next';
import Link from 'next/link';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDateTimeIn } from '@/lib/format';
import { type LearnerSearchParams, loadBooking, requireLearner } from '@/lib/learn/page';
import { learnerProfile } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Your booking' };

const doneNotices: Record<string, string> = {
  kept: 'Thank you: your place is kept.',
  moved: 'Your booking has moved to the new date. A confirmation is on its way by email.',
  cancelled: 'Your booking is cancelled.',
};

export default async function LearnerBookingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: LearnerSearchParams }) {
  const { id } = await params;
  const learner = await requireLearner(learnerPaths.booking(id), searchParams);
  const [booking, { org }] = await Promise.all([loadBooking(learner, id), learnerProfile(learner)]);
  const done = doneNotices[String((await searchParams).done ?? '')];
  const zone = emailTimeZone();
  const live = booking.status === 'enrolled' || booking.status === 'waitlisted';
  return (
    <PortalShell org={org} signedIn>
      <div className="space-y-1">
        <p className="text-sm text-slate-600">Booking BK-{booking.id.slice(0, 8).toUpperCase()}</p>
        <h1 className="text-2xl font-semibold">{booking.course_title}</h1>
      </div>
      {done ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
          {done}
        </p>
      ) : null}
      <PortalSection title="When and where" testId="booking-details">
        <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="font-medium text-slate-600">Status</dt>
          <dd data-testid="booking-status">{booking.status === 'enrolled' ? 'Booked' : booking.status === 'waitlisted' ? 'On the waiting list' : booking.status === 'cancelled' ? 'Cancelled' : booking.status}</dd>
          <dt className="font-medium text-slate-600">Starts</dt>
          <dd data-testid="booking-starts">{formatDateTimeIn(booking.starts_at, zone)}</dd>
          <dt className="font-medium text-slate-600">Ends</dt>
          <dd>{formatDateTimeIn(booking.ends_at, zone)}</dd>
          <dt className="font-medium text-slate-600">Place</dt>
          <dd className="[overflow-wrap:anywhere]">
            {booking.delivery !== 'in_person' && booking.meeting_url && booking.status === 'enrolled' ? (
              <a href={booking.meeting_url} className="font-medium text-accent underline" rel="noopener noreferrer">
                Join online
              </a>
            ) : null}
            {booking.delivery !== 'online' ? <span className="block">{booking.location ?? 'To be confirmed'}</span> : null}
          </dd>
          {booking.instructor_name ? (
            <>
              <dt className="font-medium text-slate-600">Trainer</dt>
              <dd>{booking.instructor_name}</dd>
            </>
          ) : null}
        </dl>
        {booking.status === 'enrolled' ? (
          <a href={learnerPaths.bookingCalendar(booking.id)} className="inline-block min-h-10 content-center text-sm font-medium text-accent underline">
            Add to my calendar (.ics)
          </a>
        ) : null}
      </PortalSection>
      {booking.status === 'enrolled' ? (
        <PortalSection title="Before the day">
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {booking.preparation.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </PortalSection>
      ) : null}
      {live ? (
        <PortalSection title="Change this booking" testId="booking-changes">
          {booking.changeable ? (
            <div className="flex flex-wrap gap-3">
              <Link href={learnerPaths.moveBooking(booking.id)} className="min-h-10 content-center rounded-md border border-slate-300 px-4 text-sm font-medium hover:bg-slate-50">
                Move to another date
              </Link>
              <Link href={learnerPaths.cancelBooking(booking.id)} className="min-h-10 content-center rounded-md border border-red-300 px-4 text-sm font-medium text-red-800 hover:bg-red-50">
                Cancel my booking
              </Link>
            </div>
          ) : (
            <p className="text-sm" data-testid="booking-cutoff">
              This session starts within {booking.cutoffHours} hours, so it can no longer be changed here.{' '}
              {booking.contactEmail ? (
                <>
                  Please write to{' '}
                  <a className="font-medium text-accent underline" href={`mailto:${booking.contactEmail}`}>
                    {booking.contactEmail}
                  </a>
                  .
                </>
              ) : (
                `Please contact ${org.name}.`
              )}
            </p>
          )}
        </PortalSection>
      ) : null}
    </PortalShell>
  );
}
