'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { type BulkMergeStep, mergeContacts, mergeEmailDuplicates, type UnmergeSummary, unmergeContacts } from '@/lib/crm/merges';

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

/** One step of "merge all exact email duplicates" (admins), or of its dry run. */
export async function mergeEmailDuplicatesAction(input: unknown): Promise<ActionResult<BulkMergeStep>> {
  return staffAction('mergeEmailDuplicates', async (staff) => {
    const step = await mergeEmailDuplicates(staff, input);
    if (step.merged > 0 && !(input as { dryRun?: boolean }).dryRun) revalidatePath('/contacts');
    return step;
  });
}
