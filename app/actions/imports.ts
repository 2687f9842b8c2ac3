'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { beginImport, cancelImport, columnAsProperty, finishUpload, revertImportRequest, saveImportSettings, startImport } from '@/lib/imports/imports';

/** A new import for a file the browser is about to send in pieces. */
export async function beginImportAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('beginImport', (staff) => beginImport(staff, input));
}

/** The file has arrived: read its headers and suggest a mapping. */
export async function finishUploadAction(importId: unknown): Promise<ActionResult<null>> {
  return staffAction('finishUpload', async (staff) => {
    await finishUpload(staff, importId);
    revalidatePath('/imports');
    return null;
  });
}

export async function saveImportSettingsAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('saveImportSettings', async (staff) => {
    await saveImportSettings(staff, input);
    return null;
  });
}

/** Saves the mapping and starts the dry run (`dry`) or the real run. */
export async function startImportAction(input: unknown, dry: boolean): Promise<ActionResult<null>> {
  return staffAction('startImport', async (staff) => {
    const { id } = input as { id?: unknown };
    await saveImportSettings(staff, input);
    await startImport(staff, id, dry);
    revalidatePath(`/imports/${String(id)}`);
    return null;
  });
}

export async function cancelImportAction(importId: unknown): Promise<ActionResult<null>> {
  return staffAction('cancelImport', async (staff) => {
    await cancelImport(staff, importId);
    revalidatePath(`/imports/${String(importId)}`);
    return null;
  });
}

export async function revertImportAction(importId: unknown): Promise<ActionResult<null>> {
  return staffAction('revertImport', async (staff) => {
    await revertImportRequest(staff, importId);
    revalidatePath(`/imports/${String(importId)}`);
    return null;
  });
}

/** An unmapped column becomes a new custom property, mapped at once (admins). */
export async function columnAsPropertyAction(importId: unknown, column: unknown): Promise<ActionResult<null>> {
  return staffAction('columnAsProperty', async (staff) => {
    await columnAsProperty(staff, importId, column);
    revalidatePath(`/imports/${String(importId)}`);
    return null;
  });
}
