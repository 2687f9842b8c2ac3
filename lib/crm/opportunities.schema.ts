/** Opportunity schemas, shared by forms and the service. */
import { z } from 'zod';
import { expectedUpdatedAt, id, optionalDate, optionalText, ownerFilter, ownerId, requiredText } from './fields';
import { customFilterSchema, customValuesInput, listSortSchema } from './custom-properties.schema';
import { listParamsShape } from './pagination';

const optionalId = (label: string) =>
  z
    .union([id(label), z.literal('')])
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null));

const opportunityFields = z.object({
  custom: customValuesInput,
  name: requiredText('Opportunity name', 200),
  account_id: optionalId('Account'),
  primary_contact_id: optionalId('Contact'),
  pipeline_id: id('Pipeline'),
  stage_id: id('Stage'),
  amount: z.coerce
    .number({ error: 'Amount must be a number.' })
    .min(0, 'Amount cannot be negative.')
    .max(999_999_999_999.99, 'Amount is too large.')
    .multipleOf(0.01, 'Use at most two decimals.'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as EUR.'),
  expected_close_date: optionalDate('Close date'),
  probability: z
    .union([z.literal(''), z.null(), z.coerce.number().int().min(0, 'Probability is 0–100.').max(100, 'Probability is 0–100.')])
    .optional()
    .transform((value) => (value === '' ? null : value)),
  owner_id: ownerId,
});

export const opportunityCreateSchema = opportunityFields.extend({
  amount: opportunityFields.shape.amount.default(0),
  currency: opportunityFields.shape.currency.default('EUR'),
});
/** An edit changes exactly the fields it sends (no defaults); the stage moves through opportunityMoveSchema. */
export const opportunityUpdateSchema = opportunityFields
  .omit({ stage_id: true, pipeline_id: true })
  .partial()
  .extend({ id: id('Opportunity'), expected_updated_at: expectedUpdatedAt });

/** Moving a card: to an open or won stage, or to a lost stage with a reason. */
export const opportunityMoveSchema = z.object({
  id: id('Opportunity'),
  stage_id: id('Stage'),
  lost_reason: optionalText('Lost reason', 500),
});

export const opportunityListSchema = z.object({
  ...listParamsShape,
  sort: listSortSchema(['created_at', 'updated_at', 'amount']),
  pipeline_id: id('Pipeline').optional(),
  stage_id: id('Stage').optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  owner: ownerFilter,
  custom: customFilterSchema,
});
export type OpportunityListParams = z.input<typeof opportunityListSchema>;
