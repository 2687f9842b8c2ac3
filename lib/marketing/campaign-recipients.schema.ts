/**
 * A campaign's recipients list (Campaign → Recipients): how a status and an outcome read, and
 * the list's filters — without campaign.schema.ts's template checks, so an import or export
 * process that shows these labels does not load the email templates (react-email, ~40 MB).
 */
import { z } from 'zod';
import { id } from '../crm/fields';
import { listParamsShape } from '../crm/pagination';
import type { CampaignRecipientStatus } from '../db/types';

/** How a recipient's status reads (see campaign_recipients.status). */
export const recipientStatusLabels = { pending: 'Queued', sent: 'Sent', suppressed: 'Suppressed', failed: 'Failed', cancelled: 'Cancelled' } as const satisfies Record<CampaignRecipientStatus, string>;
export const recipientStatuses = Object.keys(recipientStatusLabels) as (keyof typeof recipientStatusLabels)[];

/** What became of a recipient's message, as the provider reported it (the report's figures). */
export const recipientOutcomeLabels = {
  delivered: 'Delivered',
  opened: 'Opened',
  clicked: 'Clicked',
  bounced: 'Bounced (hard)',
  complained: 'Marked as spam',
} as const;
export type RecipientOutcome = keyof typeof recipientOutcomeLabels;

/** A campaign's recipients (Campaign → Recipients), the last added first. */
export const recipientListSchema = z.object({
  ...listParamsShape,
  campaign_id: id('Campaign'),
  sort: z.enum(['created_at', 'updated_at'], { error: 'Choose a column to sort by.' }).default('created_at'),
  status: z.enum(recipientStatuses as [string, ...string[]], { error: 'Choose a recipient status from the list.' }).optional(),
  outcome: z.enum(Object.keys(recipientOutcomeLabels) as [RecipientOutcome, ...RecipientOutcome[]], { error: 'Choose an outcome from the list.' }).optional(),
});
export type RecipientListParams = z.input<typeof recipientListSchema>;
