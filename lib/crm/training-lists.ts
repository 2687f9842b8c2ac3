/**
 * The training lists: every enrollment and every certificate the person may see (Training →
 * Enrollments, Training → Certificates), filtered, searched by trainee, paged — under RLS, and
 * exported through the same queries (lib/exports/list-export.ts).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Tx } from '../db/session';
import type { CertificationStatus, EnrollmentStatus } from '../db/types';
import { parseInput } from './errors';
import { countMatches, type ListSource, listPage } from './list-query';
import { containsPattern, type ListTotal, type Page } from './pagination';
import { type CrmSession, inUserTransaction } from './session';
import { certificationListSchema, enrollmentListSchema } from './training.schema';

/** A trainee found by name or email (the lists' search). */
const traineeMatches = (q: string) => {
  const pattern = containsPattern(q);
  return sql<boolean>`(contacts.email ilike ${pattern} or concat_ws(' ', contacts.first_name, contacts.last_name) ilike ${pattern})`;
};

export type EnrollmentListRow = {
  id: string;
  status: EnrollmentStatus;
  contact_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  course_code: string;
  course_title: string;
  session_id: string;
  starts_at: Date;
  paying_account_name: string | null;
  price: string | null;
  currency: string;
  custom: unknown;
  created_at: Date;
  updated_at: Date;
};

async function enrollmentQuery(tx: Tx, session: CrmSession, p: z.output<typeof enrollmentListSchema>) {
  let query = tx
    .selectFrom('enrollments')
    .innerJoin('course_sessions', 'course_sessions.id', 'enrollments.session_id')
    .innerJoin('courses', 'courses.id', 'course_sessions.course_id')
    // The trainee's name shows if the person may see the contact (RLS); the booking shows either way.
    .leftJoin('contacts', 'contacts.id', 'enrollments.contact_id')
    .leftJoin('accounts', 'accounts.id', 'enrollments.paying_account_id')
    .select([
      'enrollments.id',
      'enrollments.status',
      'enrollments.contact_id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'courses.code as course_code',
      'courses.title as course_title',
      'enrollments.session_id',
      'course_sessions.starts_at',
      'accounts.name as paying_account_name',
      'enrollments.price',
      'courses.currency',
      'enrollments.custom',
      'enrollments.created_at',
      'enrollments.updated_at',
    ])
    .where('enrollments.org_id', '=', session.orgId);
  if (p.q) query = query.where(traineeMatches(p.q));
  if (p.status) query = query.where('enrollments.status', '=', p.status as EnrollmentStatus);
  if (p.course_id) query = query.where('courses.id', '=', p.course_id);
  if (p.session_id) query = query.where('enrollments.session_id', '=', p.session_id);
  return query;
}

export const enrollmentListSource: ListSource<z.output<typeof enrollmentListSchema>> = { table: 'enrollments', object: 'enrollment', query: enrollmentQuery };

export async function listEnrollments(session: CrmSession, params: unknown): Promise<Page<EnrollmentListRow>> {
  const p = parseInput(enrollmentListSchema, params);
  return inUserTransaction(session, (tx) => listPage<EnrollmentListRow, typeof p>(tx, session, enrollmentListSource, p));
}

export async function countEnrollments(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(enrollmentListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await enrollmentQuery(tx, session, p), 'enrollments', session, null));
}

export type CertificationListRow = {
  id: string;
  certificate_number: string;
  status: CertificationStatus;
  contact_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  course_code: string;
  course_title: string;
  issued_at: string;
  expires_at: string | null;
  revoked_reason: string | null;
  created_at: Date;
  updated_at: Date;
};

async function certificationQuery(tx: Tx, session: CrmSession, p: z.output<typeof certificationListSchema>) {
  let query = tx
    .selectFrom('certifications')
    .innerJoin('courses', 'courses.id', 'certifications.course_id')
    .leftJoin('contacts', 'contacts.id', 'certifications.contact_id')
    .select([
      'certifications.id',
      'certifications.certificate_number',
      'certifications.status',
      'certifications.contact_id',
      'contacts.first_name',
      'contacts.last_name',
      'contacts.email',
      'courses.code as course_code',
      'courses.title as course_title',
      'certifications.issued_at',
      'certifications.expires_at',
      'certifications.revoked_reason',
      'certifications.created_at',
      'certifications.updated_at',
    ])
    .where('certifications.org_id', '=', session.orgId);
  // A certificate number is searched as typed too (people paste it from the certificate).
  if (p.q) query = query.where((eb) => eb.or([traineeMatches(p.q ?? ''), eb('certifications.certificate_number', 'ilike', containsPattern(p.q ?? ''))]));
  if (p.status) query = query.where('certifications.status', '=', p.status as CertificationStatus);
  if (p.course_id) query = query.where('certifications.course_id', '=', p.course_id);
  if (p.expires_before) query = query.where('certifications.expires_at', '<=', p.expires_before);
  return query;
}

export const certificationListSource: ListSource<z.output<typeof certificationListSchema>> = { table: 'certifications', object: null, query: certificationQuery };

export async function listCertifications(session: CrmSession, params: unknown): Promise<Page<CertificationListRow>> {
  const p = parseInput(certificationListSchema, params);
  return inUserTransaction(session, (tx) => listPage<CertificationListRow, typeof p>(tx, session, certificationListSource, p));
}

export async function countCertifications(session: CrmSession, params: unknown): Promise<ListTotal> {
  const p = parseInput(certificationListSchema, params);
  return inUserTransaction(session, async (tx) => countMatches(tx, await certificationQuery(tx, session, p), 'certifications', session, null));
}
