/** Training schemas: enrollments, exam results and certifications. */
import { z } from 'zod';
import { customValuesInput } from './custom-properties.schema';
import { expectedUpdatedAt, id, optionalText } from './fields';
import type { CertificationStatus, EnrollmentStatus } from '../db/types';
import { listParamsShape } from './pagination';

export const enrollmentCreateSchema = z.object({
  session_id: id('Session'),
  contact_id: id('Contact'),
  paying_account_id: id('Account').optional(),
  price: z.coerce.number().min(0, 'Price cannot be negative.').optional(),
  custom: customValuesInput,
});

/** An edit of an enrollment's custom values (the keys sent), against the version the user saw. */
export const enrollmentUpdateSchema = z.object({
  id: id('Enrollment'),
  expected_updated_at: expectedUpdatedAt,
  custom: customValuesInput,
});

export const enrollmentCancelSchema = z.object({
  id: id('Enrollment'),
  reason: optionalText('Reason', 500),
});

export const examResultSchema = z.object({
  enrollment_id: id('Enrollment'),
  // Required: an empty field is not a score of 0 (which would record a fail and email the trainee).
  score: z.preprocess(
    (value) => (value === '' || value === null ? undefined : typeof value === 'string' ? Number(value) : value),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'Enter the score (0–100).' : 'Score must be a number.') })
      .min(0, 'Score is 0–100.')
      .max(100, 'Score is 0–100.'),
  ),
  taken_at: z.coerce.date({ error: 'Enter when the exam was taken.' }),
  notes: optionalText('Notes', 2000),
});

export const certificationIssueSchema = z.object({
  contact_id: id('Contact'),
  course_id: id('Course'),
  enrollment_id: id('Enrollment').optional(),
  issued_at: z.iso.date('Use a date like 2026-11-21.'),
});

/** Score at or above which an exam is passed. */
/** Revoking a certificate: it stays on record (and on the verification page) as revoked, with the reason. */
export const certificationRevokeSchema = z.object({
  id: id('Certificate'),
  reason: z.string({ error: 'Say why the certificate is revoked.' }).trim().min(3, 'Say why the certificate is revoked.').max(500, 'A reason can be at most 500 characters.'),
});

export const PASS_MARK = 65;

export const sessionDeliveries = ['in_person', 'online', 'hybrid'] as const;

export const courseSessionCreateSchema = z
  .object({
    course_id: id('Course'),
    starts_at: z.coerce.date({ error: 'Enter when the session starts.' }),
    ends_at: z.coerce.date({ error: 'Enter when the session ends.' }),
    delivery: z.enum(sessionDeliveries, { error: 'Choose how the session is delivered.' }),
    location: optionalText('Location', 300),
    meeting_url: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .pipe(z.url({ protocol: /^https$/, error: 'Use the https link of the online meeting.' }).optional()),
    capacity: z.coerce.number().int('Seats must be a whole number.').min(1, 'At least one seat.').max(1000, 'At most 1,000 seats.'),
    instructor_name: optionalText('Instructor', 150),
  })
  .refine((s) => s.ends_at > s.starts_at, { message: 'The session must end after it starts.', path: ['ends_at'] })
  .refine((s) => s.delivery === 'online' || s.location, { message: 'Give the venue of an in-person session.', path: ['location'] })
  .refine((s) => s.delivery === 'in_person' || s.meeting_url, { message: 'Give the meeting link of an online session.', path: ['meeting_url'] });

export const courseLevels = ['foundation', 'practitioner', 'advanced', 'expert'] as const;

export const courseCreateSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, 'Use 2–30 letters, digits and dashes, e.g. PMF-101.'),
  title: z.string().trim().min(1, 'Give the course a title.').max(200),
  level: z.enum(courseLevels, { error: 'Choose a level.' }),
  duration_hours: z.coerce.number({ error: 'Enter the duration in hours.' }).positive('Duration must be more than zero.').max(1000),
  price: z.coerce.number({ error: 'Enter the price.' }).min(0, 'Price cannot be negative.').multipleOf(0.01, 'Use at most two decimals.'),
  certification_validity_months: z.coerce
    .number()
    .int()
    .min(1, 'At least one month.')
    .max(120, 'At most ten years.')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** How a booking's status reads. */
export const enrollmentStatusLabels = {
  enrolled: 'Enrolled',
  waitlisted: 'Waitlisted',
  attended: 'Attended',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
} as const satisfies Record<EnrollmentStatus, string>;

export const enrollmentStatuses = Object.keys(enrollmentStatusLabels) as (keyof typeof enrollmentStatusLabels)[];

/** How a certificate's status reads. */
export const certificationStatusLabels = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const satisfies Record<CertificationStatus, string>;
export const certificationStatuses = Object.keys(certificationStatusLabels) as (keyof typeof certificationStatusLabels)[];

/** Every enrollment the person may see (Training → Enrollments), newest first. */
export const enrollmentListSchema = z.object({
  ...listParamsShape,
  sort: z.enum(['created_at', 'updated_at'], { error: 'Choose a column to sort by.' }).default('created_at'),
  status: z.enum(enrollmentStatuses as [string, ...string[]], { error: 'Choose a booking status from the list.' }).optional(),
  course_id: id('Course').optional(),
  session_id: id('Session').optional(),
});
export type EnrollmentListParams = z.input<typeof enrollmentListSchema>;

/** Every certificate the person may see (Training → Certificates), newest issue first. */
export const certificationListSchema = z.object({
  ...listParamsShape,
  sort: z.enum(['issued_at', 'created_at'], { error: 'Choose a column to sort by.' }).default('issued_at'),
  status: z.enum(certificationStatuses as [string, ...string[]], { error: 'Choose a certificate status from the list.' }).optional(),
  course_id: id('Course').optional(),
  /** Expiring on or before this day (renewal planning). */
  expires_before: z.iso.date({ error: 'Enter the last expiry day as YYYY-MM-DD.' }).optional(),
});
export type CertificationListParams = z.input<typeof certificationListSchema>;

/**
 * Editing a course (Training → a course): the catalogue's facts, whether it is offered, and
 * what the learner portal shows with it — the preparation list (one item a line) and the
 * other courses that renew its certificate. A stale edit is refused (expected_updated_at).
 */
export const courseUpdateSchema = z.object({
  id: id('Course'),
  expected_updated_at: expectedUpdatedAt,
  title: courseCreateSchema.shape.title,
  level: courseCreateSchema.shape.level,
  duration_hours: courseCreateSchema.shape.duration_hours,
  price: courseCreateSchema.shape.price,
  certification_validity_months: z.union([
    z.literal('').transform(() => null),
    z.null(),
    z.coerce.number({ error: 'Enter a number of months.' }).int('Enter whole months.').min(1, 'At least one month.').max(120, 'At most ten years.'),
  ]),
  description: z
    .string()
    .trim()
    .max(5000, 'A description can be at most 5,000 characters.')
    .nullish()
    .transform((v) => v || null),
  is_active: z.boolean({ error: 'Say whether the course is offered.' }),
  preparation: z
    .union([z.string().transform((v) => v.split('\n')), z.array(z.string())])
    .transform((items) => items.map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(300, 'Each preparation item can be at most 300 characters.')).max(8, 'At most 8 preparation items.')),
  renewal_course_ids: z.array(z.uuid({ error: 'Choose courses from the list.' })).max(10, 'At most 10 renewal courses.'),
});
