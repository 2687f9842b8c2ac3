'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { mergeContacts, type UnmergeSummary, unmergeContacts } from '@/lib/crm/merges';

/** Merges the chosen contacts into the survivor (admins and managers). */
export async function mergeContactsAction(input: unknown): Promise<ActionResult<{ mergeId: string }>> {
  return staffAction('mergeContacts', async (staff) => {
    const merged = await mergeContacts(staff, input);
    revalidatePath('/contacts');
    return merged;
  });
}

/** Undoes a merge within its 30 days. */
export async function unmergeContactsAction(mergeId: unknown): Promise<ActionResult<UnmergeSummary>> {
  return staffAction('unmergeContacts', async (staff) => {
    const summary = await unmergeContacts(staff, mergeId);
    revalidatePath('/contacts');
    return summary;
  });
}
