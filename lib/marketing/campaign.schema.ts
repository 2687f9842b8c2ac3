/** Campaign forms: content (a draft), schedule, and the status a campaign may be moved to. */
import { z } from 'zod';
import { id } from '../crm/fields';
import { listParamsShape } from '../crm/pagination';
import type { CampaignRecipientStatus } from '../db/types';
import { marketingTemplateSchema, propsJsonSchema } from './template-props';

export const campaignInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the campaign.').max(200),
  segment_id: z.uuid({ error: 'Choose a segment.' }),
  template: marketingTemplateSchema,
  /** JSON text from the props editor. */
  props: propsJsonSchema,
});
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignOutput = z.output<typeof campaignInputSchema>;

export const campaignScheduleSchema = z
  .object({
    when: z.enum(['now', 'later']),
    scheduled_at: z.string().optional(),
  })
  .transform((value, ctx) => {
    if (value.when === 'now') return { scheduledAt: new Date() };
    const at = value.scheduled_at ? new Date(value.scheduled_at) : null;
    if (!at || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick the date and time to send.' });
      return z.NEVER;
    }
    if (at.getTime() < Date.now() - 60_000) {
      ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick a time in the future, or send now.' });
      return z.NEVER;
    }
    return { scheduledAt: at };
  });

/** What the pause / resume / cancel buttons ask for, and the status each needs first. */
export const campaignCommands = {
  pause: { from: ['sending'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['scheduled', 'sending', 'paused'], to: 'cancelled' },
  unschedule: { from: ['scheduled'], to: 'draft' },
} as const;
export type CampaignCommand = keyof typeof campaignCommands;
export const campaignCommandSchema = z.enum(Object.keys(campaignCommands) as [CampaignCommand, ...CampaignCommand[]]);

/** How a recipient's status reads (see campaign_recipients.status). */
export const recipientStatusLabels = { pending: 'Queued', sent: 'Sent', suppressed: 'Suppressed', failed: 'Failed', cancelled: 'Cancelled' } as const satisfies Record<CampaignRecipientStatus, string>;
export const recipientStatuses = Object.keys(recipientStatusLabels) as (keyof typeof recipientStatusLabels)[];

/** A campaign's recipients (Campaign → Recipients), the last added first. */
export const recipientListSchema = z.object({
  ...listParamsShape,
  campaign_id: id('Campaign'),
  sort: z.enum(['created_at', 'updated_at'], { error: 'Choose a column to sort by.' }).default('created_at'),
  status: z.enum(recipientStatuses as [string, ...string[]], { error: 'Choose a recipient status from the list.' }).optional(),
});
export type RecipientListParams = z.input<typeof recipientListSchema>;
