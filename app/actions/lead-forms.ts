'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { type ActionResult, staffAction } from '@/lib/actions';
import { createLeadForm, submitLeadForm } from '@/lib/compliance/lead-forms';
import { CrmError, type FieldErrors } from '@/lib/crm/errors';

/** Public: a visitor submits a lead-capture form. */
export async function submitLeadFormAction(formId: string, input: unknown): Promise<{ ok: true; thankYou: string } | { ok: false; message: string; fieldErrors: FieldErrors }> {
  const h = await headers();
  const ip = h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || null;
  try {
    const { thankYou } = await submitLeadForm(String(formId), input, { ip, userAgent: h.get('user-agent') });
    return { ok: true, thankYou };
  } catch (error) {
    if (error instanceof CrmError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error(`[action submitLeadForm] form ${formId} failed`, error);
    return { ok: false, message: 'Something went wrong on our side. Please try again.', fieldErrors: {} };
  }
}

export async function createLeadFormAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createLeadForm', async (staff) => {
    const form = await createLeadForm(staff, input);
    revalidatePath('/settings/forms');
    return { id: form.id };
  });
}
