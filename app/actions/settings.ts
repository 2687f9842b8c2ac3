'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { createPropertyDefinition, updatePropertyDefinition } from '@/lib/crm/custom-properties';
import { addPipeline, addStage, moveStage, updateOrganization, updateStage } from '@/lib/crm/organization';

export async function updateOrganizationAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('updateOrganization', async (staff) => {
    await updateOrganization(staff, input);
    revalidatePath('/', 'layout');
    return null;
  });
}

export async function updateStageAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('updateStage', async (staff) => {
    await updateStage(staff, input);
    revalidatePath('/settings/pipelines');
    return null;
  });
}

export async function addStageAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('addStage', async (staff) => {
    await addStage(staff, input);
    revalidatePath('/settings/pipelines');
    return null;
  });
}

export async function moveStageAction(stageId: string, direction: 'up' | 'down'): Promise<ActionResult<null>> {
  return staffAction('moveStage', async (staff) => {
    await moveStage(staff, stageId, direction);
    revalidatePath('/settings/pipelines');
    return null;
  });
}

export async function addPipelineAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('addPipeline', async (staff) => {
    await addPipeline(staff, input);
    revalidatePath('/settings/pipelines');
    return null;
  });
}

/** Adds a custom property to a kind of record (admins). */
export async function createPropertyAction(input: unknown): Promise<ActionResult<{ id: string; key: string }>> {
  return staffAction('createProperty', async (staff) => {
    const created = await createPropertyDefinition(staff, input);
    revalidatePath('/', 'layout');
    return created;
  });
}

/** Renames, re-options, reorders, archives or restores a custom property (admins). */
export async function updatePropertyAction(input: unknown): Promise<ActionResult<null>> {
  return staffAction('updateProperty', async (staff) => {
    await updatePropertyDefinition(staff, input);
    revalidatePath('/', 'layout');
    return null;
  });
}
