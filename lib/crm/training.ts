/**
 * Training records: enrolling (a full session waitlists), cancelling (the database promotes
 * the waitlist), recording exam results and issuing certifications — under RLS.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { parseInput, validationError } from './errors';
import { type CrmSession, inUserTransaction } from './session';
import {
  certificationIssueSchema,
  enrollmentCancelSchema,
  enrollmentCreateSchema,
  examResultSchema,
  PASS_MARK,
} from './training.schema';

/** Books a contact on a session; when every seat is taken the booking joins the waitlist. */
export async function enroll(session: CrmSession, input: unknown) {
  const values = parseInput(enrollmentCreateSchema, input);
  return inUserTransaction(session, async (tx) => {
    // Lock the session row so two simultaneous bookings cannot both take the last seat.
    const seats = await tx
      .selectFrom('course_sessions')
      .select([
        'capacity',
        (eb) =>
          eb
            .selectFrom('enrollments')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('enrollments.session_id', '=', 'course_sessions.id')
            .where('enrollments.status', 'in', ['enrolled', 'attended', 'completed', 'no_show'])
            .as('taken'),
      ])
      .where('id', '=', values.session_id)
      .where('org_id', '=', session.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!seats) throw validationError('That session does not exist.', { session_id: ['Choose a session.'] });
    const full = Number(seats.taken) >= seats.capacity;
    return tx
      .insertInto('enrollments')
      .values({
        ...values,
        org_id: session.orgId,
        status: full ? 'waitlisted' : 'enrolled',
        waitlisted_at: full ? sql`now()` : null,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
  });
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

export async function revokeCertification(session: CrmSession, certificationId: string, reason: string) {
  if (reason.trim().length < 3) throw validationError('Say why the certificate is revoked.', { reason: ['Required.'] });
  return inUserTransaction(session, async (tx) => {
    const row = await tx
      .updateTable('certifications')
      .set({ status: 'revoked', revoked_reason: reason.trim() })
      .where('id', '=', certificationId)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw validationError('This certificate was not found, or you cannot change it.');
  });
}

