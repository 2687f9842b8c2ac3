/** Props of the booking emails: enrollment confirmation and schedule change. */
import { sql } from 'kysely';
import type { Tx } from '../../db/session';
import { preparationOf } from '../../learn/preparation';
import { passLifetime, signPass } from '../../learn/passes';
import { emailTimeZone, portalLinks } from '../../learn/urls';
import type { Composed, TriggerRow } from './compose';
import { type SessionFacts, sessionProps } from './session-props';

async function booking(tx: Tx, enrollmentId: string) {
  return tx
    .selectFrom('enrollments as e')
    .innerJoin('course_sessions as s', 's.id', 'e.session_id')
    .innerJoin('courses as c', 'c.id', 's.course_id')
    .innerJoin('organizations as o', 'o.id', 'e.org_id')
    .innerJoin('contacts as p', 'p.id', 'e.contact_id')
    .select([
      'e.id', 'e.status', 's.id as session_id', 's.starts_at', 's.ends_at', 's.delivery', 's.location', 's.meeting_url', 's.instructor_name',
      'c.id as course_id', 'c.title', 'c.preparation', 'o.learner_change_cutoff_hours', 'p.email as contact_email',
    ])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst();
}

const facts = (b: Booking): SessionFacts => ({
  id: b.session_id,
  courseTitle: b.title,
  startsAt: b.starts_at,
  endsAt: b.ends_at,
  delivery: b.delivery,
  location: b.location,
  meetingUrl: b.meeting_url,
  trainerName: b.instructor_name,
});

type Booking = NonNullable<Awaited<ReturnType<typeof booking>>>;

/** The pass in a booking email's links: it opens this booking only, until a month after the session. */
const bookingPass = (trigger: TriggerRow, b: Booking) =>
  signPass({ purpose: 'booking', ref: b.id, orgId: trigger.org_id, contactId: trigger.contact_id, email: b.contact_email ?? '', expiresAt: passLifetime.booking(b.ends_at) });

export async function enrollmentConfirmation(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const b = await booking(tx, trigger.record_id);
  if (b?.status === 'waitlisted') return waitlistConfirmation(tx, trigger, b);
  if (b?.status !== 'enrolled') return { kind: 'skip', reason: 'the booking is no longer active' };
  return {
    kind: 'send',
    template: 'enrollment-confirmation',
    props: {
      bookingReference: `BK-${b.id.slice(0, 8).toUpperCase()}`,
      session: sessionProps(facts(b), emailTimeZone()),
      preparation: preparationOf(b.preparation),
      manageUrl: portalLinks.booking(b.id, bookingPass(trigger, b)),
    },
  };
}

/** The session as it was (from the event) and where it is now, plus other dates of the course with seats left. */
export async function scheduleChange(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const b = await booking(tx, trigger.record_id);
  if (b?.status !== 'enrolled') return { kind: 'skip', reason: 'the booking is no longer active' };
  const old = trigger.details as { starts_at?: string; ends_at?: string; delivery?: SessionFacts['delivery']; location?: string | null; meeting_url?: string | null };
  if (!old.starts_at || !old.ends_at || !old.delivery) return { kind: 'skip', reason: 'the event does not say what changed' };
  const zone = emailTimeZone();
  const now = facts(b);
  const pass = bookingPass(trigger, b);
  const others = await tx
    .selectFrom('course_sessions as s')
    .select([
      's.id', 's.starts_at', 's.ends_at', 's.delivery', 's.location', 's.meeting_url', 's.instructor_name',
      sql<number>`s.capacity - (select count(*) from public.enrollments x where x.session_id = s.id and private.takes_seat(x.status))::int`.as('places_left'),
    ])
    .where('s.course_id', '=', b.course_id)
    .where('s.id', '<>', b.session_id)
    .where('s.status', '=', 'scheduled')
    .where('s.deleted_at', 'is', null)
    .where('s.starts_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .limit(6)
    .execute();
  const alternatives = [
    { ...sessionProps(now, zone), chooseUrl: portalLinks.keepBooking(b.id, pass) },
    ...others
      .filter((s) => Number(s.places_left) > 0)
      .slice(0, 3)
      .map((s) => ({
        ...sessionProps({ id: s.id, courseTitle: b.title, startsAt: s.starts_at, endsAt: s.ends_at, delivery: s.delivery, location: s.location, meetingUrl: s.meeting_url, trainerName: s.instructor_name }, zone),
        chooseUrl: portalLinks.moveBooking(b.id, s.id, pass),
        placesLeft: Number(s.places_left),
      })),
  ];
  // A week to answer, but never later than the day before the new date.
  const newStart = new Date(b.starts_at).getTime();
  const respondBy = new Date(Math.max(Date.now() + 3_600_000, Math.min(Date.now() + 7 * 86_400_000, newStart - 86_400_000)));
  return {
    kind: 'send',
    template: 'schedule-change',
    props: {
      session: sessionProps({ ...now, startsAt: old.starts_at, endsAt: old.ends_at, delivery: old.delivery, location: old.location ?? null, meetingUrl: old.meeting_url ?? null }, zone),
      explanation: 'We have had to move this session. Your place on the new date (option 1) is kept for you, or you can pick another date.',
      alternatives,
      respondBy: respondBy.toISOString(),
      cancelUrl: portalLinks.cancelBooking(b.id, pass),
    },
  };
}

/** A booking that went to the waiting list: its place in the queue (first come, first served). */
async function waitlistConfirmation(tx: Tx, trigger: TriggerRow, b: Booking): Promise<Composed> {
  const { rows } = await sql<{ position: number }>`
    select count(*)::int as position from public.enrollments w
     where w.session_id = ${b.session_id} and w.status = 'waitlisted'
       and (w.waitlisted_at, w.created_at) <= (select x.waitlisted_at, x.created_at from public.enrollments x where x.id = ${b.id})`.execute(tx);
  return {
    kind: 'send',
    template: 'waitlist-confirmation',
    props: {
      bookingReference: `BK-${b.id.slice(0, 8).toUpperCase()}`,
      session: sessionProps(facts(b), emailTimeZone()),
      position: Math.max(1, rows[0]?.position ?? 1),
      manageUrl: portalLinks.booking(b.id, bookingPass(trigger, b)),
    },
  };
}

/** A seat from the waitlist: the trainee is booked now, and may release it until the cut-off. */
export async function waitlistPromotion(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const b = await booking(tx, trigger.record_id);
  if (b?.status !== 'enrolled') return { kind: 'skip', reason: 'the booking is no longer active' };
  if (new Date(b.starts_at).getTime() <= Date.now()) return { kind: 'skip', reason: 'the session has started' };
  const pass = bookingPass(trigger, b);
  const releaseBy = new Date(Math.max(Date.now(), new Date(b.starts_at).getTime() - b.learner_change_cutoff_hours * 3_600_000));
  return {
    kind: 'send',
    template: 'waitlist-promotion',
    props: {
      session: sessionProps(facts(b), emailTimeZone()),
      releaseBy: releaseBy.toISOString(),
      bookingUrl: portalLinks.booking(b.id, pass),
      cancelUrl: portalLinks.cancelBooking(b.id, pass),
    },
  };
}
