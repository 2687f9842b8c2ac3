'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { convertLead } from '@/lib/crm/conversion';
import { assignLead, createLead, disqualifyLead, restoreLead, trashLead, updateLead } from '@/lib/crm/leads';

export async function createLeadAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createLead', async (staff) => {
    // A new lead belongs to whoever created it unless the form chose otherwise.
    const lead = await createLead(staff, { owner_id: staff.userId, ...(input as object) });
    revalidatePath('/leads');
    return { id: lead.id };
  });
}

export async function updateLeadAction(input: unknown): Promise<ActionResult<{ updatedAt: string }>> {
  return staffAction('updateLead', async (staff) => {
    const updatedAt = await updateLead(staff, input);
    revalidatePath('/leads');
    return { updatedAt: updatedAt.toISOString() };
  });
}

export async function assignLeadAction(leadId: string, ownerId: string | null): Promise<ActionResult<null>> {
  return staffAction('assignLead', async (staff) => {
    await assignLead(staff, leadId, ownerId);
    revalidatePath(`/leads/${leadId}`);
    return null;
  });
}

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

export async function trashLeadAction(leadId: string): Promise<ActionResult<null>> {
  return staffAction('trashLead', async (staff) => {
    await trashLead(staff, leadId);
    revalidatePath('/leads');
    return null;
  });
}

export async function restoreLeadAction(leadId: string): Promise<ActionResult<null>> {
  return staffAction('restoreLead', async (staff) => {
    await restoreLead(staff, leadId);
    revalidatePath('/leads');
    return null;
  });
}
