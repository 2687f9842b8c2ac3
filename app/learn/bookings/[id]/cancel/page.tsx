import type { Metadata } from 'next';
import Link from 'next/link';
import { cancelBookingAction } from '@/app/actions/learn';
import { LearnerConfirmForm } from '@/components/learn/confirm-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDateTimeIn } from '@/lib/format';
import { type LearnerSearchParams, loadBooking, requireLearner } from '@/lib/learn/page';
import { learnerProfile } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Cancel your booking' };

export default async function CancelBookingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: LearnerSearchParams }) {
  const { id } = await params;
  const learner = await requireLearner(learnerPaths.cancelBooking(id), searchParams);
  const [booking, { org }] = await Promise.all([loadBooking(learner, id), learnerProfile(learner)]);
  return (
    <PortalShell org={org} signedIn>
      <h1 className="text-2xl font-semibold">Cancel your booking</h1>
      <PortalSection title={booking.course_title}>
        <p className="text-sm">
          {formatDateTimeIn(booking.starts_at, emailTimeZone())}. Your place goes to the next person on the waiting list; you can book again while seats are left.
        </p>
        <LearnerConfirmForm action={cancelBookingAction.bind(null, booking.id)} label="Cancel my booking" pendingLabel="Cancelling…" tone="danger" />
        <Link href={learnerPaths.booking(booking.id)} className="block min-h-10 content-center text-center text-sm font-medium text-accent underline">
          Keep my booking
        </Link>
      </PortalSection>
    </PortalShell>
  );
}
