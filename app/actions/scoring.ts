'use server';

import { revalidatePath } from 'next/cache';
import { type ActionResult, staffAction } from '@/lib/actions';
import { createScoringRule, deleteScoringRule, setScoringThreshold, updateScoringRule } from '@/lib/marketing/scoring';

export async function saveScoringRuleAction(ruleId: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  return staffAction('saveScoringRule', async (staff) => {
    const saved = ruleId ? await updateScoringRule(staff, ruleId, input) : await createScoringRule(staff, input);
    revalidatePath('/marketing/scoring');
    return saved;
  });
}

export async function deleteScoringRuleAction(ruleId: string): Promise<ActionResult<null>> {
  return staffAction('deleteScoringRule', async (staff) => {
    await deleteScoringRule(staff, ruleId);
    revalidatePath('/marketing/scoring');
    return null;
  });
}

export async function setScoringThresholdAction(input: unknown): Promise<ActionResult<{ mql_threshold: number }>> {
  return staffAction('setScoringThreshold', async (staff) => {
    const saved = await setScoringThreshold(staff, input);
    revalidatePath('/marketing/scoring');
    return saved;
  });
}
