import type { Metadata } from 'next';
import Link from 'next/link';
import { moveBookingAction } from '@/app/actions/learn';
import { LearnerConfirmForm } from '@/components/learn/confirm-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDateTimeIn } from '@/lib/format';
import { type LearnerSearchParams, loadBooking, requireLearner } from '@/lib/learn/page';
import { learnerProfile, moveOptions } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Move your booking' };

/** Other dates of the course with seats left; the schedule-change email's links arrive with one picked (`?to=`). */
export default async function MoveBookingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: LearnerSearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const picked = typeof query.to === 'string' ? query.to : undefined;
  const learner = await requireLearner(learnerPaths.moveBooking(id, picked), searchParams);
  const [booking, options, { org }] = await Promise.all([loadBooking(learner, id), moveOptions(learner, id), learnerProfile(learner)]);
  const zone = emailTimeZone();
  const open = options.filter((o) => o.seats_left > 0);
  return (
    <PortalShell org={org} signedIn>
      <h1 className="text-2xl font-semibold">Move your booking</h1>
      <PortalSection title={booking.course_title}>
        <p className="text-sm">Now booked: {formatDateTimeIn(booking.starts_at, zone)}.</p>
        {open.length ? (
          <LearnerConfirmForm action={moveBookingAction.bind(null, booking.id)} label="Move my booking" pendingLabel="Moving…">
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Choose a new date</legend>
              {open.map((o) => (
                <label key={o.session_id} className="flex min-h-10 cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-accent">
                  <input type="radio" name="sessionId" value={o.session_id} defaultChecked={o.session_id === picked || open.length === 1} required className="mt-1" />
                  <span>
                    <span className="block font-medium">{formatDateTimeIn(o.starts_at, zone)}</span>
                    <span className="block text-slate-600">
                      {o.delivery === 'online' ? 'Online' : (o.location ?? 'Place to be confirmed')} · {o.seats_left} {o.seats_left === 1 ? 'seat' : 'seats'} left
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
          </LearnerConfirmForm>
        ) : (
          <p className="text-sm" data-testid="no-other-dates">
            There are no other dates with seats left right now.
          </p>
        )}
        <Link href={learnerPaths.booking(booking.id)} className="block min-h-10 content-center text-center text-sm font-medium text-accent underline">
          Keep my current date
        </Link>
      </PortalSection>
    </PortalShell>
  );
}
