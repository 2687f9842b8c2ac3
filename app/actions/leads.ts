'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { createLead } from '@/lib/crm/leads';

export async function createLeadAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createLead', async (staff) => {
    // A new lead belongs to whoever created it unless the form chose otherwise.
    const lead = await createLead(staff, { owner_id: staff.userId, ...(input as object) });
    revalidatePath('/leads');
    return { id: lead.id };
  });
}
