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
import { signUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';
import { preparationOf } from './preparation';
import { type Learner, withTrainee } from './session';

const bookingColumns = [
  'e.id', 'e.status', 'e.waitlisted_at', 'e.cancelled_at', 's.id as session_id', 's.starts_at', 's.ends_at', 's.delivery', 's.location',
  's.instructor_name', 'c.title as course_title', 'c.code as course_code',
  // The online room is for a seat: the database gives it only to a booking that holds one.
  sql<string | null>`private.learner_meeting_url(e.id)`.as('meeting_url'),
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
    const booking = await bookings(tx).select([...bookingColumns, 'c.preparation']).where('e.id', '=', id).executeTakeFirst();
    if (!booking) throw notFound('This booking');
    const { preparation, ...rest } = booking;
    const org = await tx.selectFrom('organizations').select(['learner_change_cutoff_hours', 'learner_contact_email']).where('id', '=', learner.orgId).executeTakeFirstOrThrow();
    const changeableUntil = new Date(new Date(booking.starts_at).getTime() - org.learner_change_cutoff_hours * 3_600_000);
    const changeable = (booking.status === 'enrolled' || booking.status === 'waitlisted') && changeableUntil.getTime() > Date.now();
    return { ...rest, preparation: preparationOf(preparation), changeableUntil, changeable, cutoffHours: org.learner_change_cutoff_hours, contactEmail: org.learner_contact_email };
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

const certificateRef = z.object({ certificateId: z.uuid({ error: 'This certificate link is not valid.' }) });

/** The dates a certificate can be renewed on (its course's sessions ahead, with seats left). */
export async function renewalOptions(learner: Learner, certificateId: string) {
  const { certificateId: id } = parseInput(certificateRef, { certificateId });
  return withTrainee(learner, async (tx) => {
    const { rows } = await sql<{ session_id: string; starts_at: Date; ends_at: Date; delivery: 'in_person' | 'online' | 'hybrid'; location: string | null; seats_left: number }>`
      select * from private.learner_renewal_options(${id})`.execute(tx);
    return rows;
  });
}

export async function bookRenewal(learner: Learner, input: unknown): Promise<'enrolled' | 'waitlisted'> {
  const { certificateId, sessionId } = parseInput(certificateRef.extend({ sessionId: z.uuid({ error: 'Choose one of the dates offered.' }) }), input);
  return withTrainee(learner, async (tx) => {
    const { rows } = await sql<{ status: 'enrolled' | 'waitlisted' }>`select private.learner_book_renewal(${certificateId}, ${sessionId}) as status`.execute(tx);
    return rows[0]?.status ?? 'waitlisted';
  });
}

export async function requestRenewal(learner: Learner, input: unknown): Promise<'created' | 'already'> {
  const { certificateId } = parseInput(certificateRef, input);
  return withTrainee(learner, async (tx) => {
    const { rows } = await sql<{ outcome: 'created' | 'already' }>`select private.learner_request_renewal(${certificateId}) as outcome`.execute(tx);
    return rows[0]?.outcome ?? 'already';
  });
}

export type MyDataRequest = { id: string; type: 'access' | 'erasure' | 'rectification' | 'restriction' | 'objection'; status: 'received' | 'verified' | 'completed' | 'rejected'; received_at: Date; due_at: Date; completed_at: Date | null };

/** The trainee's data requests and their status (empty for a session opened by an email's pass). */
export async function myDataRequests(learner: Learner): Promise<MyDataRequest[]> {
  return withTrainee(learner, async (tx) => (await sql<MyDataRequest>`select * from private.learner_my_requests()`.execute(tx)).rows);
}

/** "Download my data" / "Erase my data": a verified request in the compliance queue. */
export async function requestMyData(learner: Learner, input: unknown): Promise<string> {
  const { type } = parseInput(z.object({ type: z.enum(['access', 'erasure'], { error: 'Ask for a copy of your data or for its erasure.' }) }), input);
  return withTrainee(learner, async (tx) => {
    const { rows } = await sql<{ id: string }>`select private.learner_request_my_data(${type}::public.dsr_type) as id`.execute(tx);
    return rows[0]?.id as string;
  });
}

/**
 * The email preferences page for this trainee (the one their marketing emails link to), by the
 * newest marketing message they received; null when they were never sent any.
 */
export async function myPreferencesPath(learner: Learner): Promise<string | null> {
  const latest = await withTrainee(learner, (tx) =>
    tx.selectFrom('email_messages').select('id').where('category', '=', 'marketing').orderBy('queued_at', 'desc').limit(1).executeTakeFirst(),
  );
  const secret = process.env.EMAIL_LINK_SECRET;
  if (!latest || !secret) return null;
  return `/unsubscribe/${encodeURIComponent(await signUnsubscribeToken(latest.id, secret))}`;
}

/** The continuing-education courses that also renew the certificate (set on the course in Training). */
export async function renewalAlternatives(learner: Learner, certificateId: string) {
  const { certificateId: id } = parseInput(certificateRef, { certificateId });
  return withTrainee(learner, (tx) =>
    tx
      .selectFrom('certifications as z')
      .innerJoin('courses as c', 'c.id', 'z.course_id')
      .innerJoin('courses as a', (join) => join.on(sql<boolean>`a.id = any(c.renewal_course_ids)`))
      .select(['a.code', 'a.title', 'a.duration_hours', 'a.level'])
      .where('z.id', '=', id)
      .where('a.is_active', '=', true)
      .where('a.deleted_at', 'is', null)
      .orderBy('a.title')
      .limit(10)
      .execute(),
  );
}
