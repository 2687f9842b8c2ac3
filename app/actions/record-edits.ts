'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { setAssociation } from '@/lib/crm/associations';
import { bulkEntitySchema } from '@/lib/crm/bulk.schema';
import { parseInput } from '@/lib/crm/errors';
import { id as recordId } from '@/lib/crm/fields';
import { recordServices } from '@/lib/crm/record-services';

/** Creates a lead, contact, account or opportunity; it belongs to its creator unless the form chose an owner. */
export async function createRecordAction(entity: unknown, input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('createRecord', async (staff) => {
    const list = parseInput(bulkEntitySchema, entity);
    const created = await recordServices[list].create(staff, { owner_id: staff.userId, ...(input as object) });
    revalidatePath(`/${list}`);
    return { id: created.id };
  });
}

/** Saves the fields an edit sent (a form, or one property edited in place) against the version the user saw. */
export async function updateRecordAction(entity: unknown, input: unknown): Promise<ActionResult<{ updatedAt: string }>> {
  return staffAction('updateRecord', async (staff) => {
    const list = parseInput(bulkEntitySchema, entity);
    const updatedAt = await recordServices[list].update(staff, input);
    revalidatePath(`/${list}`);
    return { updatedAt: updatedAt.toISOString() };
  });
}

/** Moves a record to the trash, or brings it back (the undo of a delete). */
export async function trashRecordAction(entity: unknown, id: unknown, restore = false): Promise<ActionResult<null>> {
  return staffAction(restore ? 'restoreRecord' : 'trashRecord', async (staff) => {
    const list = parseInput(bulkEntitySchema, entity);
    const target = parseInput(recordId(), id);
    await (restore ? recordServices[list].restore : recordServices[list].trash)(staff, target);
    revalidatePath(`/${list}`);
    return null;
  });
}

/** Links two records (a contact to its account, an opportunity to its account or contact), or unlinks them. */
export async function linkRecordAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('linkRecord', async (staff) => {
    await setAssociation(staff, input);
    revalidatePath('/contacts');
    revalidatePath('/opportunities');
    return null;
  });
}
