'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { logActivity, setTaskCompleted } from '@/lib/crm/activities';
import { type BulkResult, bulkUpdate } from '@/lib/crm/bulk';
import { bulkEntitySchema } from '@/lib/crm/bulk.schema';
import { parseInput } from '@/lib/crm/errors';

/** Logs a call, meeting, note, email or task on any record and refreshes the page it came from. */
export async function logActivityAction(input: unknown, path: string): Promise<ActionResult<{ id: string }>> {
  return staffAction('logActivity', async (staff) => {
    const activity = await logActivity(staff, input);
    revalidatePath(path);
    return { id: activity.id };
  });
}

export async function setTaskCompletedAction(taskId: string, completed: boolean, path: string): Promise<ActionResult<null>> {
  return staffAction('setTaskCompleted', async (staff) => {
    await setTaskCompleted(staff, taskId, completed);
    revalidatePath(path);
    return null;
  });
}

/** A bulk action (assign, status, tag, trash, restore) on selected rows of one list. */
export async function bulkAction(entity: unknown, input: unknown): Promise<ActionResult<BulkResult>> {
  return staffAction('bulk', async (staff) => {
    const list = parseInput(bulkEntitySchema, entity);
    const result = await bulkUpdate(staff, list, input);
    revalidatePath(`/${list}`);
    return result;
  });
}
