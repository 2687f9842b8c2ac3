/** Opportunity schemas, shared by forms and the service. */
import { z } from 'zod';
import { expectedUpdatedAt, id, optionalText, ownerFilter, ownerId, requiredText } from './fields';
import { listParamsShape } from './pagination';

const optionalId = (label: string) =>
  z
    .union([id(label), z.literal('')])
    .optional()
    .transform((value) => value || null);

const opportunityFields = z.object({
  name: requiredText('Opportunity name', 200),
  account_id: optionalId('Account'),
  primary_contact_id: optionalId('Contact'),
  pipeline_id: id('Pipeline'),
  stage_id: id('Stage'),
  amount: z.coerce
    .number({ error: 'Amount must be a number.' })
    .min(0, 'Amount cannot be negative.')
    .max(999_999_999_999.99, 'Amount is too large.')
    .multipleOf(0.01, 'Use at most two decimals.')
    .default(0),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as EUR.')
    .default('EUR'),
  expected_close_date: z.iso
    .date('Use a date like 2026-12-31.')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  probability: z.coerce.number().int().min(0, 'Probability is 0–100.').max(100, 'Probability is 0–100.').optional(),
  owner_id: ownerId,
});

export const opportunityCreateSchema = opportunityFields;
export const opportunityUpdateSchema = opportunityFields
  .omit({ stage_id: true, pipeline_id: true })
  .extend({ id: id('Opportunity'), expected_updated_at: expectedUpdatedAt });

/** Moving a card: to an open or won stage, or to a lost stage with a reason. */
export const opportunityMoveSchema = z.object({
  id: id('Opportunity'),
  stage_id: id('Stage'),
  lost_reason: optionalText('Lost reason', 500),
});

export const opportunityListSchema = z.object({
  ...listParamsShape,
  sort: z.enum(['created_at', 'updated_at', 'amount']).default('created_at'),
  pipeline_id: id('Pipeline').optional(),
  stage_id: id('Stage').optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  owner: ownerFilter,
});
export type OpportunityListParams = z.input<typeof opportunityListSchema>;
