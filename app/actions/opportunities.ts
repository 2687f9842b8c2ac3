'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { moveOpportunity } from '@/lib/crm/opportunities';

export async function moveOpportunityAction(input: { id: string; stage_id: string; lost_reason?: string }): Promise<ActionResult<{ status: string }>> {
  return staffAction('moveOpportunity', async (staff) => {
    const moved = await moveOpportunity(staff, input);
    revalidatePath('/opportunities');
    return { status: moved.status };
  });
}
