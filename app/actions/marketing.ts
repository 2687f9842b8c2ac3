'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import type { CampaignCommand } from '@/lib/marketing/campaign.schema';
import { checkCampaign, previewCampaign, sendCampaignTest } from '@/lib/marketing/campaign-editor';
import { commandCampaign, createCampaign, deleteCampaign, scheduleCampaign, startCampaign, updateCampaign } from '@/lib/marketing/campaigns';
import { createSegment, deleteSegment, previewSegmentCounts, updateSegment } from '@/lib/marketing/segments';
import {
  addSequenceStep,
  createSequence,
  enrollInSequence,
  exitSequenceEnrollment,
  removeSequenceStep,
  updateSequence,
} from '@/lib/marketing/sequences';

export async function previewSegmentCountAction(input: unknown): Promise<ActionResult<{ count: number; withoutConsent: number | null }>> {
  return staffAction('previewSegmentCount', (staff) => previewSegmentCounts(staff, input));
}

export async function saveSegmentAction(segmentId: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('saveSegment', async (staff) => {
    const saved = segmentId ? await updateSegment(staff, segmentId, input) : await createSegment(staff, input);
    revalidatePath('/marketing/segments');
    return { id: saved.id };
  });
}

export async function deleteSegmentAction(segmentId: string): Promise<ActionResult<null>> {
  return staffAction('deleteSegment', async (staff) => {
    await deleteSegment(staff, segmentId);
    revalidatePath('/marketing/segments');
    return null;
  });
}

export async function saveCampaignAction(campaignId: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('saveCampaign', async (staff) => {
    const saved = campaignId ? await updateCampaign(staff, campaignId, input) : await createCampaign(staff, input);
    revalidatePath('/marketing/campaigns');
    return { id: saved.id };
  });
}

/** The gallery's "Use this template": a draft from the organisation's own content. */
export async function startCampaignAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('startCampaign', async (staff) => {
    const saved = await startCampaign(staff, input);
    revalidatePath('/marketing/campaigns');
    return { id: saved.id };
  });
}

export async function previewCampaignAction(campaignId: string, input: unknown) {
  return staffAction('previewCampaign', (staff) => previewCampaign(staff, campaignId, input));
}

export async function sendCampaignTestAction(campaignId: string, input: unknown) {
  return staffAction('sendCampaignTest', (staff) => sendCampaignTest(staff, campaignId, input));
}

export async function checkCampaignAction(campaignId: string) {
  return staffAction('checkCampaign', (staff) => checkCampaign(staff, campaignId));
}

export async function scheduleCampaignAction(campaignId: string, input: unknown): Promise<ActionResult<null>> {
  return staffAction('scheduleCampaign', async (staff) => {
    await scheduleCampaign(staff, campaignId, input);
    revalidatePath(`/marketing/campaigns/${campaignId}`);
    return null;
  });
}

export async function commandCampaignAction(campaignId: string, command: CampaignCommand): Promise<ActionResult<null>> {
  return staffAction('commandCampaign', async (staff) => {
    await commandCampaign(staff, campaignId, command);
    revalidatePath(`/marketing/campaigns/${campaignId}`);
    return null;
  });
}

export async function deleteCampaignAction(campaignId: string): Promise<ActionResult<null>> {
  return staffAction('deleteCampaign', async (staff) => {
    await deleteCampaign(staff, campaignId);
    revalidatePath('/marketing/campaigns');
    return null;
  });
}

export async function saveSequenceAction(sequenceId: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('saveSequence', async (staff) => {
    const saved = sequenceId ? await updateSequence(staff, sequenceId, input) : await createSequence(staff, input);
    revalidatePath('/marketing/sequences');
    return { id: saved.id };
  });
}

export async function addSequenceStepAction(sequenceId: string, input: unknown): Promise<ActionResult<null>> {
  return staffAction('addSequenceStep', async (staff) => {
    await addSequenceStep(staff, sequenceId, input);
    revalidatePath(`/marketing/sequences/${sequenceId}`);
    return null;
  });
}

export async function removeSequenceStepAction(sequenceId: string, stepId: string): Promise<ActionResult<null>> {
  return staffAction('removeSequenceStep', async (staff) => {
    await removeSequenceStep(staff, stepId);
    revalidatePath(`/marketing/sequences/${sequenceId}`);
    return null;
  });
}

export async function enrollInSequenceAction(sequenceId: string, input: unknown): Promise<ActionResult<{ enrolled: number }>> {
  return staffAction('enrollInSequence', async (staff) => {
    const enrolled = await enrollInSequence(staff, sequenceId, input);
    revalidatePath(`/marketing/sequences/${sequenceId}`);
    return { enrolled };
  });
}

export async function exitSequenceEnrollmentAction(sequenceId: string, input: unknown): Promise<ActionResult<null>> {
  return staffAction('exitSequenceEnrollment', async (staff) => {
    await exitSequenceEnrollment(staff, input);
    revalidatePath(`/marketing/sequences/${sequenceId}`);
    return null;
  });
}
