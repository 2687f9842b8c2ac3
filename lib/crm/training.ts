/**
 * Training records: enrolling (a full session waitlists), cancelling (the database promotes
 * the waitlist), recording exam results and issuing certifications — under RLS.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { customValuesForCreate, customValuesPatch } from './custom-properties';
import { notFound, parseInput, validationError } from './errors';
import { id } from './fields';
import { updateVersioned } from './records';
import { type CrmSession, inUserTransaction } from './session';
import {
  certificationIssueSchema,
  certificationRevokeSchema,
  courseCreateSchema,
  courseSessionCreateSchema,
  courseUpdateSchema,
  enrollmentCancelSchema,
  enrollmentCreateSchema,
  enrollmentUpdateSchema,
  examResultSchema,
  PASS_MARK,
} from './training.schema';

/**
 * Books a contact on a session; when every seat is taken the booking joins the waitlist.
 * The database decides "full" (the capacity trigger locks the session and counts every
 * seat, including those the caller cannot see), so two simultaneous bookings of the last
 * seat end as one enrolled and one waitlisted, never as an overbooking.
 */
export async function enroll(session: CrmSession, input: unknown) {
  const { custom, ...values } = parseInput(enrollmentCreateSchema, input);
  return inUserTransaction(session, async (tx) => {
    const booking = { ...values, org_id: session.orgId, custom: await customValuesForCreate(tx, session.orgId, 'enrollment', custom) };
    await sql`savepoint take_seat`.execute(tx);
    try {
      const enrolled = await tx.insertInto('enrollments').values({ ...booking, status: 'enrolled' }).returning(['id', 'status']).executeTakeFirstOrThrow();
      await sql`release savepoint take_seat`.execute(tx);
      return enrolled;
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'enrollments_session_capacity') throw error;
      await sql`rollback to savepoint take_seat`.execute(tx);
    }
    return tx
      .insertInto('enrollments')
      .values({ ...booking, status: 'waitlisted', waitlisted_at: sql`now()` })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
  });
}

/** Saves the custom values sent for an enrollment (others stay), if it is still the version the user saw. */
export async function updateEnrollment(session: CrmSession, input: unknown): Promise<Date> {
  const { id: enrollmentId, expected_updated_at, custom } = parseInput(enrollmentUpdateSchema, input);
  return inUserTransaction(session, async (tx) =>
    updateVersioned(tx, 'enrollments', enrollmentId, expected_updated_at, { custom: await customValuesPatch(tx, session.orgId, 'enrollment', custom ?? {}) }),
  );
}

export async function cancelEnrollment(session: CrmSession, input: unknown) {
  const { id, reason } = parseInput(enrollmentCancelSchema, input);
  return inUserTransaction(session, async (tx) => {
    const updated = await tx
      .updateTable('enrollments')
      .set({ status: 'cancelled', cancelled_at: sql`now()`, cancellation_reason: reason ?? null })
      .where('id', '=', id)
      .where('status', '!=', 'cancelled')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw validationError('This enrollment is already cancelled, or you cannot change it.');
  });
}

/** Records the next exam attempt of an enrollment; passing is decided by the pass mark. */
export async function recordExamResult(session: CrmSession, input: unknown) {
  const values = parseInput(examResultSchema, input);
  return inUserTransaction(session, async (tx) => {
    const previous = await tx
      .selectFrom('exam_results')
      .select(sql<number>`coalesce(max(attempt), 0)`.as('attempts'))
      .where('enrollment_id', '=', values.enrollment_id)
      .executeTakeFirstOrThrow();
    return tx
      .insertInto('exam_results')
      .values({
        ...values,
        org_id: session.orgId,
        attempt: Number(previous.attempts) + 1,
        passed: values.score >= PASS_MARK,
      })
      .returning(['id', 'attempt', 'passed'])
      .executeTakeFirstOrThrow();
  });
}

/** Issues a certificate with a fresh number; it expires after the course's validity period. */
export async function issueCertification(session: CrmSession, input: unknown) {
  const values = parseInput(certificationIssueSchema, input);
  return inUserTransaction(session, async (tx) => {
    const course = await tx
      .selectFrom('courses')
      .select(['code', 'certification_validity_months'])
      .where('id', '=', values.course_id)
      .where('org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!course) throw validationError('That course does not exist.', { course_id: ['Choose a course.'] });
    const number = `${course.code.toUpperCase().slice(0, 20)}-${values.issued_at.slice(0, 4)}-${randomInt(0, 1e8).toString().padStart(8, '0')}`;
    return tx
      .insertInto('certifications')
      .values({
        ...values,
        org_id: session.orgId,
        certificate_number: number,
        expires_at: course.certification_validity_months
          ? sql<string>`(${values.issued_at}::date + make_interval(months => ${course.certification_validity_months}))::date`
          : null,
      })
      .returning(['id', 'certificate_number', 'expires_at'])
      .executeTakeFirstOrThrow();
  });
}

/** Revokes a certificate (RLS: admins, managers and the contact's owner); it stays on record as revoked. */
export async function revokeCertification(session: CrmSession, input: unknown) {
  const { id: certificationId, reason } = parseInput(certificationRevokeSchema, input);
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('certifications')
      .set({ status: 'revoked', revoked_reason: reason })
      .where('id', '=', certificationId)
      .where('status', '<>', 'revoked')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('Certificate');
  });
}

/** Sessions not yet over (upcoming or running) with seats taken and waiting, for booking pickers and the training page. */
export async function listUpcomingSessions(session: CrmSession, limit = 100) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('course_sessions')
      .innerJoin('courses', 'courses.id', 'course_sessions.course_id')
      .select([
        'course_sessions.id',
        'course_sessions.starts_at',
        'course_sessions.ends_at',
        'course_sessions.delivery',
        'course_sessions.location',
        'course_sessions.capacity',
        'course_sessions.status',
        'courses.id as course_id',
        'courses.title',
        'courses.code',
        (eb) =>
          eb
            .selectFrom('enrollments')
            .select(sql<number>`count(*) filter (where private.takes_seat(status))`.as('n'))
            .whereRef('enrollments.session_id', '=', 'course_sessions.id')
            .as('seats_taken'),
        (eb) =>
          eb
            .selectFrom('enrollments')
            .select(sql<number>`count(*) filter (where status = 'waitlisted')`.as('n'))
            .whereRef('enrollments.session_id', '=', 'course_sessions.id')
            .as('waitlisted'),
      ])
      .where('course_sessions.org_id', '=', session.orgId)
      .where('course_sessions.deleted_at', 'is', null)
      .where('course_sessions.ends_at', '>=', sql<Date>`now()`)
      .orderBy('course_sessions.starts_at')
      .limit(limit)
      .execute(),
  );
}

/** One session with its roster (booked first, then the waitlist in order). */
export async function getCourseSession(session: CrmSession, sessionId: string) {
  parseInput(id('Session'), sessionId);
  return inUserTransaction(session, async (tx) => {
    const found = await tx
      .selectFrom('course_sessions')
      .innerJoin('courses', 'courses.id', 'course_sessions.course_id')
      .selectAll('course_sessions')
      .select(['courses.title', 'courses.code', 'courses.id as course_id'])
      .where('course_sessions.id', '=', sessionId)
      .where('course_sessions.org_id', '=', session.orgId)
      .executeTakeFirst();
    if (!found) throw notFound('Session');
    const roster = await tx
      .selectFrom('enrollments')
      .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
      .select([
        'enrollments.id',
        'enrollments.status',
        'enrollments.waitlisted_at',
        'enrollments.contact_id',
        'contacts.first_name',
        'contacts.last_name',
        'contacts.email',
      ])
      .where('enrollments.session_id', '=', sessionId)
      .orderBy(sql`enrollments.status = 'waitlisted'`)
      .orderBy('enrollments.waitlisted_at')
      .orderBy('contacts.last_name')
      .execute();
    return { session: found, roster };
  });
}

/** Active courses, for session scheduling. */
export async function listCourses(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('courses')
      .select(['id', 'code', 'title', 'level', 'duration_hours', 'price', 'currency', 'certification_validity_months'])
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .where('is_active', '=', true)
      .orderBy('title')
      .execute(),
  );
}

export async function scheduleSession(session: CrmSession, input: unknown) {
  const values = parseInput(courseSessionCreateSchema, input);
  return inUserTransaction(session, (tx) =>
    tx.insertInto('course_sessions').values({ ...values, org_id: session.orgId }).returning('id').executeTakeFirstOrThrow(),
  );
}

/** Every course of the organisation, offered or not, for the catalogue on the training page. */
export async function listAllCourses(session: CrmSession) {
  return inUserTransaction(session, (tx) =>
    tx
      .selectFrom('courses')
      .select(['id', 'code', 'title', 'level', 'duration_hours', 'price', 'currency', 'certification_validity_months', 'is_active'])
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .orderBy('is_active', 'desc')
      .orderBy('title')
      .limit(1000)
      .execute(),
  );
}

/** A course with what its edit page shows, and the other courses it may list as renewing it. */
export async function getCourse(session: CrmSession, courseId: string) {
  const id = parseInput(z.uuid({ error: 'This course link is not valid.' }), courseId);
  return inUserTransaction(session, async (tx) => {
    const course = await tx
      .selectFrom('courses')
      .select(['id', 'code', 'title', 'description', 'level', 'duration_hours', 'price', 'currency', 'certification_validity_months', 'is_active', 'preparation', 'renewal_course_ids', 'updated_at'])
      .where('id', '=', id)
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!course) throw notFound('Course');
    const others = await tx
      .selectFrom('courses')
      .select(['id', 'code', 'title', 'is_active'])
      .where('org_id', '=', session.orgId)
      .where('deleted_at', 'is', null)
      .where('id', '<>', id)
      .orderBy('title')
      .limit(500)
      .execute();
    return { course, others };
  });
}

export async function updateCourse(session: CrmSession, input: unknown): Promise<Date> {
  const { id: courseId, expected_updated_at, ...values } = parseInput(courseUpdateSchema, input);
  return inUserTransaction(session, (tx) => updateVersioned(tx, 'courses', courseId, expected_updated_at, values));
}

export async function createCourse(session: CrmSession, input: unknown) {
  const values = parseInput(courseCreateSchema, input);
  return inUserTransaction(session, (tx) =>
    tx.insertInto('courses').values({ ...values, org_id: session.orgId }).returning('id').executeTakeFirstOrThrow(),
  );
}
