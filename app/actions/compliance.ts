'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { logBearerLinkInDevelopment } from '@/lib/auth/links';
import { consentHistoryByEmail } from '@/lib/compliance/consent';
import { completeRequest, createRequest, createVerificationLink, emailVerificationLink, extendRequest, rejectRequest } from '@/lib/compliance/requests';
import { saveRetentionPolicy } from '@/lib/compliance/retention';
import { eraseSubject, exportSubject } from '@/lib/compliance/subject-rights';

const appUrl = () => process.env.BETTER_AUTH_URL ?? 'http://localhost:3000';

export async function createRequestAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createRequest', async (staff) => {
    const request = await createRequest(staff, input);
    revalidatePath('/compliance');
    return { id: request.id };
  });
}

/**
 * Emails the subject a link that verifies the request. The officer never sees the link: whoever
 * holds it can confirm the request, so it goes only to the address the request names.
 */
export async function verificationLinkAction(requestId: string): Promise<ActionResult<{ emailed: boolean; reason?: string }>> {
  return staffAction('verificationLink', async (staff) => {
    const url = await createVerificationLink(staff, requestId, appUrl());
    logBearerLinkInDevelopment('request verification link', `request ${requestId}`, url);
    const delivery = await emailVerificationLink(staff, requestId, url);
    revalidatePath(`/compliance/requests/${requestId}`);
    return delivery;
  });
}

export async function extendRequestAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('extendRequest', async (staff) => {
    await extendRequest(staff, input);
    revalidatePath('/compliance');
    return null;
  });
}

export async function rejectRequestAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('rejectRequest', async (staff) => {
    await rejectRequest(staff, input);
    revalidatePath('/compliance');
    return null;
  });
}

export async function completeRequestAction(requestId: string, note: string): Promise<ActionResult<null>> {
  return staffAction('completeRequest', async (staff) => {
    await completeRequest(staff, requestId, note || undefined);
    revalidatePath('/compliance');
    return null;
  });
}

export async function exportSubjectAction(requestId: string): Promise<ActionResult<{ json: string; filename: string }>> {
  return staffAction('exportSubject', async (staff) => {
    const document = await exportSubject(staff, requestId);
    revalidatePath(`/compliance/requests/${requestId}`);
    return { json: JSON.stringify(document, null, 2), filename: `subject-export-${requestId}.json` };
  });
}

export async function eraseSubjectAction(input: unknown): Promise<ActionResult<Record<string, unknown>>> {
  return staffAction('eraseSubject', async (staff) => {
    const result = await eraseSubject(staff, input);
    revalidatePath('/compliance');
    return result;
  });
}

export async function consentLookupAction(email: string): Promise<ActionResult<Awaited<ReturnType<typeof consentHistoryByEmail>>>> {
  return staffAction('consentLookup', (staff) => consentHistoryByEmail(staff, { email }));
}

export async function saveRetentionPolicyAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('saveRetentionPolicy', async (staff) => {
    await saveRetentionPolicy(staff, input);
    revalidatePath('/compliance/retention');
    return null;
  });
}
