'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { cancelMyExport, requestListExport } from '@/lib/exports/list-export';

/** Queues an export of a list as the person sees it; the worker writes it, the bell says when it is ready. */
export async function requestExportAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('requestExport', async (staff) => {
    const queued = await requestListExport(staff, input);
    revalidatePath('/exports');
    return queued;
  });
}

/** Stops one of the person's exports that is still queued or running. */
export async function cancelExportAction(exportId: unknown): Promise<ActionResult<null>> {
  return staffAction('cancelExport', async (staff) => {
    await cancelMyExport(staff, exportId);
    revalidatePath('/exports');
    return null;
  });
}
