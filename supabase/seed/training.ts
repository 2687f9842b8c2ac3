/**
 * The training side: the course catalogue, sessions over the past year and the next six months,
 * enrollments that respect each session's seats, and exam attempts of those who attended.
 */
import type { Insertable } from 'kysely';
import type { CourseSessions, Enrollments, EnrollmentStatus, ExamResults, SessionDelivery, SessionStatus } from '../../lib/db/types';
import type { CourseDef } from './catalog';
import type { AccountRec, ContactRec } from './people';
import { addDays, at, DAY_MS, isoDate, maxDate, minDate } from './random';
import type { SeedContext } from './support';
import { enrollmentCancellationReasons } from './words';

export interface CourseRec extends CourseDef {
  id: string;
}

export interface SessionRec {
  id: string;
  course: CourseRec;
  startsAt: Date;
  endsAt: Date;
  status: SessionStatus;
  capacity: number;
}

/** A seat on a finished session whose holder passed the exam: the source of a certificate. */
export interface PassRec {
  enrollmentId: string;
  contactId: string;
  course: CourseRec;
  passedAt: Date;
}

const PASS_MARK = 65;

export async function seedCourses(ctx: SeedContext): Promise<CourseRec[]> {
  const catalog = ctx.profile.courses;
  // The catalogue is reference data: a small seed keeps a few courses rather than one.
  const count = Math.min(catalog.length, Math.max(3, Math.round(catalog.length * ctx.scale)));
  const defs = catalog.slice(0, count);
  return ctx.insertRecords(
    'courses',
    defs.map((course, index) => ({
      org_id: ctx.orgId,
      code: course.code,
      title: course.title,
      description: course.description,
      level: course.level,
      duration_hours: course.hours,
      price: course.price.toFixed(2),
      currency: ctx.profile.currency,
      certification_validity_months: course.validityMonths,
      created_at: addDays(ctx.now, -730 + index * 9),
    })),
    defs,
  );
}

/**
 * Courses run whole days of about seven teaching hours, 09:00–17:00 UTC, within one working
 * week: a start that would run into the weekend moves to the next Monday.
 */
function schedule(day: Date, hours: number): { startsAt: Date; endsAt: Date } {
  const days = Math.min(5, Math.max(1, Math.ceil(hours / 7)));
  const weekday = day.getUTCDay();
  const lastStart = 5 - days + 1;
  const start = weekday >= 1 && weekday <= lastStart ? new Date(day.getTime()) : addDays(day, (8 - weekday) % 7 || 7);
  start.setUTCHours(9, 0, 0, 0);
  return { startsAt: start, endsAt: new Date(start.getTime() + (days - 1) * DAY_MS + 8 * 3_600_000) };
}

export async function seedSessions(ctx: SeedContext, courses: CourseRec[]): Promise<SessionRec[]> {
  const { rng, now, profile } = ctx;
  const count = ctx.count(84, 4);
  const from = addDays(now, -365);
  const span = 365 + 182;
  const order = rng.sample(courses, courses.length);
  const records: Omit<SessionRec, 'id'>[] = [];
  const rows: Insertable<CourseSessions>[] = [];
  for (let i = 0; i < count; i++) {
    // Evenly spread with jitter, so even four sessions cover the past and the future.
    const course = at(order, i % order.length);
    const { startsAt, endsAt } = schedule(addDays(from, Math.floor((i + rng.float(0, 0.9)) * (span / count))), course.hours);
    const past = endsAt < now;
    // Fixed roles keep every case in a tiny seed: the second session was cancelled and the
    // last one is a small sold-out workshop with a waitlist.
    const last = i === count - 1;
    const cancelled = i === 1 || (i > 1 && !last && rng.chance(0.05));
    const status: SessionStatus = cancelled ? 'cancelled' : past ? 'completed' : 'scheduled';
    const delivery = rng.weighted<SessionDelivery>({ in_person: 40, online: 40, hybrid: 20 });
    const capacity = last ? 8 : 8 + Math.floor(13 * rng.float() ** 0.6);
    const slug = `${course.code.toLowerCase()}-${isoDate(startsAt).replaceAll('-', '')}`;
    records.push({ course, startsAt, endsAt, status, capacity });
    rows.push({
      org_id: ctx.orgId,
      course_id: course.id,
      starts_at: startsAt,
      ends_at: endsAt,
      delivery,
      location: delivery === 'online' ? null : rng.pick(profile.venues),
      meeting_url: delivery === 'in_person' ? null : `${profile.meetingHost}${slug}`,
      capacity,
      instructor_name: rng.pick(profile.instructors),
      status,
      // Published before anyone could book it: bookings come at most 90 days ahead.
      created_at: minDate(addDays(startsAt, -rng.int(100, 150)), addDays(now, -rng.int(95, 120))),
    });
  }
  return ctx.insertRecords('course_sessions', rows, records);
}

interface Booking {
  row: Insertable<Enrollments>;
  session: SessionRec;
  contactId: string;
  exam: 'pass' | 'resit-pass' | 'fail' | 'none';
}

/** `forced` pins the outcome of the first seats of the first finished session (see below). */
function seatStatus(ctx: SeedContext, session: SessionRec, forced?: Booking['exam'] | 'no_show'): { status: EnrollmentStatus; exam: Booking['exam'] } {
  if (session.status === 'scheduled') return { status: 'enrolled', exam: 'none' };
  if (forced === 'no_show') return { status: 'no_show', exam: 'none' };
  if (forced) return { status: forced === 'fail' ? 'attended' : 'completed', exam: forced };
  const status = ctx.rng.weighted({ completed: 74, attended: 16, no_show: 10 });
  if (status === 'completed') return { status, exam: ctx.rng.chance(0.85) ? 'pass' : 'resit-pass' };
  if (status === 'attended') return { status, exam: ctx.rng.chance(0.7) ? 'fail' : 'none' };
  return { status, exam: 'none' };
}

function score(ctx: SeedContext, pass: boolean): string {
  return (pass ? ctx.rng.float(PASS_MARK, 98) : ctx.rng.float(38, PASS_MARK - 0.5)).toFixed(1);
}

/** Enrollments of every session plus the exam attempts they lead to; returns the passes. */
export async function seedEnrollments(
  ctx: SeedContext,
  sessions: SessionRec[],
  contacts: ContactRec[],
  accounts: AccountRec[],
): Promise<PassRec[]> {
  const { rng, now } = ctx;
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const trainees = contacts.filter((contact) => contact.trainee);
  const bookings: Booking[] = [];
  // The first finished session shows every outcome, so even a tiny seed has each of them.
  const firstFinished = sessions.find((session) => session.status === 'completed');
  const outcomes = ['pass', 'resit-pass', 'fail', 'no_show'] as const;
  for (const session of sessions) {
    const finished = session.endsAt < now;
    // People book before the course and existed in the CRM before booking.
    const known = (list: ContactRec[]) => list.filter((c) => c.createdAt.getTime() < session.startsAt.getTime() - 5 * DAY_MS);
    let pool = known(trainees);
    if (pool.length < session.capacity) pool = known(contacts);
    if (pool.length === 0) pool = contacts;
    const soldOut = session === sessions.at(-1);
    const fill = session.status === 'cancelled' ? rng.float(0.3, 0.8) : finished ? rng.float(0.75, 1) : rng.float(0.45, 1.05);
    const seats = Math.min(session.capacity, soldOut ? session.capacity : Math.round(session.capacity * fill));
    const cancellations = Math.max(soldOut ? 1 : 0, Math.round(seats * rng.float(0, 0.2)));
    const waitlist = !finished && seats === session.capacity && session.status === 'scheduled' ? rng.int(1, 4) : 0;
    const people = rng.sample(pool, seats + cancellations + waitlist);
    people.forEach((contact, index) => {
      const booked = maxDate(minDate(addDays(session.startsAt, -rng.int(7, 90)), addDays(now, -rng.int(0, 5))), contact.createdAt);
      const account = contact.accountId ? accountById.get(contact.accountId) : undefined;
      const corporate = account && (account.isClient || rng.chance(0.3)) ? account : undefined;
      const course = session.course;
      const row: Insertable<Enrollments> = {
        org_id: ctx.orgId,
        session_id: session.id,
        contact_id: contact.id,
        paying_account_id: corporate?.id ?? null,
        price: (course.price * (corporate?.isClient ? 0.9 : 1)).toFixed(2),
        created_at: booked,
      };
      let exam: Booking['exam'] = 'none';
      const lastChance = minDate(session.startsAt, now);
      if (session.status === 'cancelled' || index >= seats + waitlist) {
        row.status = 'cancelled';
        row.cancelled_at = rng.date(booked, lastChance);
        row.cancellation_reason =
          session.status === 'cancelled' ? 'Session cancelled by us; delegate offered a later date' : rng.pick(enrollmentCancellationReasons);
      } else if (index >= seats) {
        row.status = 'waitlisted';
        row.waitlisted_at = booked;
      } else {
        const seat = seatStatus(ctx, session, session === firstFinished ? outcomes[index] : undefined);
        row.status = seat.status;
        exam = seat.exam;
      }
      bookings.push({ row, session, contactId: contact.id, exam });
    });
  }
  // Within a session the seats come first, then the waitlist: insertion order is booking order.
  const enrollmentIds = await ctx.insert('enrollments', bookings.map((booking) => booking.row));
  return seedExams(ctx, bookings, enrollmentIds);
}

async function seedExams(ctx: SeedContext, bookings: Booking[], ids: string[]): Promise<PassRec[]> {
  const { rng, now } = ctx;
  const rows: Insertable<ExamResults>[] = [];
  const passes: PassRec[] = [];
  bookings.forEach((booking, index) => {
    if (booking.exam === 'none') return;
    const session = booking.session;
    const enrollmentId = at(ids, index);
    const first = minDate(new Date(session.endsAt.getTime() + rng.int(0, 2) * DAY_MS + 3_600_000), now);
    const resitAt = minDate(addDays(first, rng.int(14, 35)), now);
    const attempts: { at: Date; pass: boolean }[] =
      booking.exam === 'pass'
        ? [{ at: first, pass: true }]
        : booking.exam === 'resit-pass'
          ? [{ at: first, pass: false }, { at: resitAt, pass: true }]
          : rng.chance(0.3)
            ? [{ at: first, pass: false }, { at: resitAt, pass: false }]
            : [{ at: first, pass: false }];
    attempts.forEach((attempt, n) => {
      const value = score(ctx, attempt.pass);
      rows.push({
        org_id: ctx.orgId,
        enrollment_id: enrollmentId,
        attempt: n + 1,
        score: value,
        passed: Number(value) >= PASS_MARK,
        taken_at: attempt.at,
        notes: !attempt.pass && rng.chance(0.5) ? 'Resit offered at no extra cost' : null,
        created_at: attempt.at,
      });
      if (attempt.pass) passes.push({ enrollmentId, contactId: booking.contactId, course: session.course, passedAt: attempt.at });
    });
  });
  await ctx.insert('exam_results', rows);
  return passes;
}
