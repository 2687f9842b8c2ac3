'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { type ActionResult, staffAction } from '@/lib/actions';
import { confirmConsent, createLeadForm, type SubmissionOutcome, submitLeadForm, updateLeadFormEmbedding } from '@/lib/compliance/lead-forms';
import { CrmError, type FieldErrors } from '@/lib/crm/errors';
import { clientAddress } from '@/lib/http/client-address';

type PublicResult<T> = ({ ok: true } & T) | { ok: false; message: string; fieldErrors: FieldErrors };

/** Who is submitting, as the web server resolved it (never a header the visitor chose). */
async function visitor() {
  const h = await headers();
  return { ip: clientAddress(h), userAgent: h.get('user-agent')?.slice(0, 500) ?? null };
}

async function publicAction<T>(name: string, work: () => Promise<T>): Promise<PublicResult<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    if (error instanceof CrmError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error(`[action ${name}] failed`, error);
    return { ok: false, message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
}

/** Public: a visitor submits a lead-capture form. */
export async function submitLeadFormAction(formId: string, input: unknown): Promise<PublicResult<SubmissionOutcome>> {
  return publicAction(`submitLeadForm ${formId}`, async () => submitLeadForm(String(formId), input, await visitor()));
}

/** Public: the person confirms their consent through the emailed link (double opt-in). */
export async function confirmConsentAction(token: string): Promise<PublicResult<{ outcome: Awaited<ReturnType<typeof confirmConsent>> }>> {
  return publicAction('confirmConsent', async () => ({ outcome: await confirmConsent(String(token), await visitor()) }));
}

export async function createLeadFormAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createLeadForm', async (staff) => {
    const form = await createLeadForm(staff, input);
    revalidatePath('/settings/forms');
    return { id: form.id };
  });
}

export async function updateLeadFormEmbeddingAction(input: unknown): Promise<ActionResult<{ embed_origins: string[] }>> {
  return staffAction('updateLeadFormEmbedding', async (staff) => {
    const updated = await updateLeadFormEmbedding(staff, input);
    revalidatePath('/settings/forms');
    return updated;
  });
}
