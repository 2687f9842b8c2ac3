'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { deleteView, saveView } from '@/lib/crm/saved-views';

export async function saveViewAction(input: { list: string; name: string; query: string }): Promise<ActionResult<null>> {
  return staffAction('saveView', async (staff) => {
    await saveView(staff, input);
    revalidatePath(`/${input.list}`);
    return null;
  });
}

export async function deleteViewAction(viewId: string, list: string): Promise<ActionResult<null>> {
  return staffAction('deleteView', async (staff) => {
    await deleteView(staff, viewId);
    revalidatePath(`/${list}`);
    return null;
  });
}
