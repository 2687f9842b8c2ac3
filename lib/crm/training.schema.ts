/** Training schemas: enrollments, exam results and certifications. */
import { z } from 'zod';
import { id, optionalText } from './fields';

export const enrollmentCreateSchema = z.object({
  session_id: id('Session'),
  contact_id: id('Contact'),
  paying_account_id: id('Account').optional(),
  price: z.coerce.number().min(0, 'Price cannot be negative.').optional(),
});

export const enrollmentCancelSchema = z.object({
  id: id('Enrollment'),
  reason: optionalText('Reason', 500),
});

export const examResultSchema = z.object({
  enrollment_id: id('Enrollment'),
  score: z.coerce.number({ error: 'Score must be a number.' }).min(0, 'Score is 0–100.').max(100, 'Score is 0–100.'),
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
export const PASS_MARK = 65;
