'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { convertLead } from '@/lib/crm/conversion';
import { disqualifyLead } from '@/lib/crm/leads';

// Creating, editing, trashing and restoring a lead go through app/actions/record-edits.ts, as for every record.

export async function disqualifyLeadAction(input: { id: string; reason: string }): Promise<ActionResult<null>> {
  return staffAction('disqualifyLead', async (staff) => {
    await disqualifyLead(staff, input);
    revalidatePath(`/leads/${input.id}`);
    return null;
  });
}

export async function convertLeadAction(input: unknown): Promise<ActionResult<{ contactId: string; opportunityId: string | null }>> {
  return staffAction('convertLead', async (staff) => {
    const result = await convertLead(staff, input);
    revalidatePath('/leads');
    return { contactId: result.contactId, opportunityId: result.opportunityId };
  });
}
