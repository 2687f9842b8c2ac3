'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { cancelEnrollment, createCourse, enroll, issueCertification, recordExamResult, revokeCertification, scheduleSession, updateCourse, updateEnrollment } from '@/lib/crm/training';

export async function enrollAction(input: unknown, path: string): Promise<ActionResult<{ status: string }>> {
  return staffAction('enroll', async (staff) => {
    const enrollment = await enroll(staff, input);
    revalidatePath(path);
    return { status: enrollment.status };
  });
}

/** Saves an enrollment's custom values, one edited in place or several, against the version the user saw. */
export async function updateEnrollmentAction(input: unknown): Promise<ActionResult<{ updatedAt: string }>> {
  return staffAction('updateEnrollment', async (staff) => {
    const updatedAt = await updateEnrollment(staff, input);
    revalidatePath('/contacts');
    revalidatePath('/training');
    return { updatedAt: updatedAt.toISOString() };
  });
}

export async function cancelEnrollmentAction(input: unknown, path: string): Promise<ActionResult<null>> {
  return staffAction('cancelEnrollment', async (staff) => {
    await cancelEnrollment(staff, input);
    revalidatePath(path);
    return null;
  });
}

export async function recordExamResultAction(input: unknown, path: string): Promise<ActionResult<{ passed: boolean; attempt: number }>> {
  return staffAction('recordExamResult', async (staff) => {
    const result = await recordExamResult(staff, input);
    revalidatePath(path);
    return { passed: result.passed, attempt: result.attempt };
  });
}

export async function issueCertificationAction(input: unknown, path: string): Promise<ActionResult<{ number: string }>> {
  return staffAction('issueCertification', async (staff) => {
    const certificate = await issueCertification(staff, input);
    revalidatePath(path);
    return { number: certificate.certificate_number };
  });
}

/** Revokes a certificate with a reason; the verification page then says it is revoked. */
export async function revokeCertificationAction(input: unknown, path: string): Promise<ActionResult<null>> {
  return staffAction('revokeCertification', async (staff) => {
    await revokeCertification(staff, input);
    revalidatePath(path);
    return null;
  });
}

export async function scheduleSessionAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('scheduleSession', async (staff) => {
    const created = await scheduleSession(staff, input);
    revalidatePath('/training');
    return { id: created.id };
  });
}

export async function createCourseAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createCourse', async (staff) => {
    const course = await createCourse(staff, input);
    revalidatePath('/training');
    return { id: course.id };
  });
}

export async function updateCourseAction(input: unknown): Promise<ActionResult<{ updatedAt: string }>> {
  return staffAction('updateCourse', async (staff) => {
    const updatedAt = await updateCourse(staff, input);
    revalidatePath('/training');
    return { updatedAt: updatedAt.toISOString() };
  });
}
