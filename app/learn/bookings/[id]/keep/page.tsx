import type { Metadata } from 'next';
import { keepBookingAction } from '@/app/actions/learn';
import { LearnerConfirmForm } from '@/components/learn/confirm-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDateTimeIn } from '@/lib/format';
import { type LearnerSearchParams, loadBooking, requireLearner } from '@/lib/learn/page';
import { learnerProfile } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Keep your place' };

/** The schedule-change email's first option: the trainee keeps the new date (a button, not the link, confirms). */
export default async function KeepBookingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: LearnerSearchParams }) {
  const { id } = await params;
  const learner = await requireLearner(learnerPaths.keepBooking(id), searchParams);
  const [booking, { org }] = await Promise.all([loadBooking(learner, id), learnerProfile(learner)]);
  return (
    <PortalShell org={org} signedIn>
      <h1 className="text-2xl font-semibold">Keep your place</h1>
      <PortalSection title={booking.course_title}>
        <p className="text-sm">Your place on {formatDateTimeIn(booking.starts_at, emailTimeZone())} stays booked for you.</p>
        <LearnerConfirmForm action={keepBookingAction.bind(null, booking.id)} label="Yes, keep my place" pendingLabel="Saving…" />
      </PortalSection>
    </PortalShell>
  );
}
