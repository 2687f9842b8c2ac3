/**
 * A trainee's bookings and certificates as the learner portal shows them, read as the trainee
 * (withTrainee: Postgres answers only what the session reaches), and the changes a trainee
 * makes to a booking, through the named functions that apply the seat, waitlist and cut-off
 * rules (private.learner_*_booking).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { notFound, parseInput } from '../crm/errors';
import type { Tx } from '../db/session';
import { preparationOf } from './preparation';
import { type Learner, withTrainee } from './session';

const bookingColumns = [
  'e.id', 'e.status', 'e.waitlisted_at', 'e.cancelled_at', 's.id as session_id', 's.starts_at', 's.ends_at', 's.delivery', 's.location',
  's.meeting_url', 's.instructor_name', 'c.title as course_title', 'c.code as course_code',
] as const;

function bookings(tx: Tx) {
  return tx
    .selectFrom('enrollments as e')
    .innerJoin('course_sessions as s', 's.id', 'e.session_id')
    .innerJoin('courses as c', 'c.id', 's.course_id');
}

/** Whose portal this is: the trainee's name and the organisation's brand and rules. */
export async function learnerProfile(learner: Learner) {
  return withTrainee(learner, async (tx) => {
    const person = await tx.selectFrom('contacts').select(['first_name', 'last_name', 'email']).where('id', '=', learner.contactId).executeTakeFirst();
    const org = await tx
      .selectFrom('organizations')
      .select(['name', 'postal_address', 'brand_color', 'logo_url', 'learner_change_cutoff_hours', 'learner_contact_email'])
      .where('id', '=', learner.orgId)
      .executeTakeFirstOrThrow();
    return { person, org };
  });
}

/** Upcoming and past bookings, and certificates, that the session reaches. */
export async function myTraining(learner: Learner) {
  return withTrainee(learner, async (tx) => {
    const all = await bookings(tx).select(bookingColumns).where('e.status', '<>', 'cancelled').orderBy('s.starts_at').limit(200).execute();
    const now = Date.now();
    const certificates = await tx
      .selectFrom('certifications as z')
      .innerJoin('courses as c', 'c.id', 'z.course_id')
      .select(['z.id', 'z.certificate_number', 'z.issued_at', 'z.expires_at', 'z.status', 'c.title as course_title'])
      .orderBy('z.issued_at', 'desc')
      .limit(100)
      .execute();
    return {
      upcoming: all.filter((b) => new Date(b.ends_at).getTime() >= now),
      past: all.filter((b) => new Date(b.ends_at).getTime() < now).reverse(),
      certificates,
    };
  });
}

/** One booking with what the trainee needs for the day, or not_found when the session does not reach it. */
export async function myBooking(learner: Learner, enrollmentId: string) {
  const id = parseInput(z.uuid({ error: 'This booking link is not valid.' }), enrollmentId);
  return withTrainee(learner, async (tx) => {
    const booking = await bookings(tx).select([...bookingColumns, 'c.custom']).where('e.id', '=', id).executeTakeFirst();
    if (!booking) throw notFound('This booking');
    const { custom, ...rest } = booking;
    const org = await tx.selectFrom('organizations').select(['learner_change_cutoff_hours', 'learner_contact_email']).where('id', '=', learner.orgId).executeTakeFirstOrThrow();
    const changeableUntil = new Date(new Date(booking.starts_at).getTime() - org.learner_change_cutoff_hours * 3_600_000);
    const changeable = (booking.status === 'enrolled' || booking.status === 'waitlisted') && changeableUntil.getTime() > Date.now();
    return { ...rest, preparation: preparationOf(custom), changeableUntil, changeable, cutoffHours: org.learner_change_cutoff_hours, contactEmail: org.learner_contact_email };
  });
}

/** Other dates of the booked course, with seats left, the booking may move to. */
export async function moveOptions(learner: Learner, enrollmentId: string) {
  const id = parseInput(z.uuid(), enrollmentId);
  return withTrainee(learner, async (tx) => {
    const { rows } = await sql<{ session_id: string; starts_at: Date; ends_at: Date; delivery: 'in_person' | 'online' | 'hybrid'; location: string | null; seats_left: number }>`
      select * from private.learner_move_options(${id})`.execute(tx);
    return rows;
  });
}

const bookingChange = z.object({ enrollmentId: z.uuid({ error: 'This booking link is not valid.' }) });
const moveChange = bookingChange.extend({ sessionId: z.uuid({ error: 'Choose one of the dates offered.' }) });

export async function keepBooking(learner: Learner, input: unknown) {
  const { enrollmentId } = parseInput(bookingChange, input);
  await withTrainee(learner, (tx) => sql`select private.learner_keep_booking(${enrollmentId})`.execute(tx));
}

export async function cancelBooking(learner: Learner, input: unknown) {
  const { enrollmentId } = parseInput(bookingChange, input);
  await withTrainee(learner, (tx) => sql`select private.learner_cancel_booking(${enrollmentId})`.execute(tx));
}

export async function moveBooking(learner: Learner, input: unknown) {
  const { enrollmentId, sessionId } = parseInput(moveChange, input);
  await withTrainee(learner, (tx) => sql`select private.learner_move_booking(${enrollmentId}, ${sessionId})`.execute(tx));
}
