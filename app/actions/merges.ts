'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { mergeAccounts } from '@/lib/crm/account-merges';
import { mergeLeads } from '@/lib/crm/lead-merges';
import { cancelBulkMerge, requestBulkMerge } from '@/lib/crm/bulk-merges';
import { mergeContacts, type UnmergeSummary, unmergeRecords } from '@/lib/crm/merges';

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

/** Asks the worker to merge every email duplicate of the organisation, or to dry-run it (admins). */
export async function requestBulkMergeAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('requestBulkMerge', (staff) => requestBulkMerge(staff, input));
}

/** Stops the organisation's bulk merge (admins); what it merged so far stays merged. */
export async function cancelBulkMergeAction(runId: unknown): Promise<ActionResult<null>> {
  return staffAction('cancelBulkMerge', async (staff) => {
    await cancelBulkMerge(staff, runId);
    return null;
  });
}
