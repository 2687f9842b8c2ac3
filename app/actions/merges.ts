'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { mergeAccounts } from '@/lib/crm/account-merges';
import { mergeLeads } from '@/lib/crm/lead-merges';
import { type BulkMergeStep, mergeContacts, mergeEmailDuplicates, type UnmergeSummary, unmergeRecords } from '@/lib/crm/merges';

/** Merges the chosen contacts into the survivor (admins and managers). */
export async function mergeContactsAction(input: unknown): Promise<ActionResult<{ mergeId: string }>> {
  return staffAction('mergeContacts', async (staff) => {
    const merged = await mergeContacts(staff, input);
    revalidatePath('/contacts');
    return merged;
  });
}

/** Merges the chosen accounts into the survivor (admins and managers). */
export async function mergeAccountsAction(input: unknown): Promise<ActionResult<{ mergeId: string }>> {
  return staffAction('mergeAccounts', async (staff) => {
    const merged = await mergeAccounts(staff, input);
    revalidatePath('/accounts');
    return merged;
  });
}

/** Merges the chosen leads into the survivor (admins and managers). */
export async function mergeLeadsAction(input: unknown): Promise<ActionResult<{ mergeId: string }>> {
  return staffAction('mergeLeads', async (staff) => {
    const merged = await mergeLeads(staff, input);
    revalidatePath('/leads');
    return merged;
  });
}

/** Undoes a merge of contacts, accounts or leads within its 30 days. */
export async function unmergeAction(mergeId: unknown): Promise<ActionResult<UnmergeSummary>> {
  return staffAction('unmergeRecords', async (staff) => {
    const summary = await unmergeRecords(staff, mergeId);
    revalidatePath('/contacts');
    revalidatePath('/accounts');
    revalidatePath('/leads');
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
