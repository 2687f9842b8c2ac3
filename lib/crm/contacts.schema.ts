/** Contact schemas, shared by forms and the service. */
import { z } from 'zod';
import { expectedUpdatedAt, id, optionalEmail, optionalPhone, optionalText, ownerFilter, ownerId, optionalSource, requiredText } from './fields';
import { customFilterSchema, customValuesInput, listSortSchema } from './custom-properties.schema';
import { listParamsShape } from './pagination';

export const lifecycleStages = ['subscriber', 'lead', 'prospect', 'customer', 'trainee', 'certified', 'alumni'] as const;

const contactFields = z.object({
  custom: customValuesInput,
  first_name: optionalText('First name', 100),
  last_name: requiredText('Last name', 100),
  email: optionalEmail,
  phone: optionalPhone,
  job_title: optionalText('Job title', 150),
  account_id: z
    .union([id('Account'), z.literal('')])
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null)),
  lifecycle_stage: z.enum(lifecycleStages, { error: 'Choose a lifecycle stage from the list.' }),
  source: optionalSource,
  owner_id: ownerId,
});

export const contactCreateSchema = contactFields.extend({ lifecycle_stage: contactFields.shape.lifecycle_stage.default('lead') });
export type ContactCreateInput = z.input<typeof contactCreateSchema>;

/** An edit changes exactly the fields it sends (no defaults). */
export const contactUpdateSchema = contactFields.partial().extend({ id: id('Contact'), expected_updated_at: expectedUpdatedAt });

export const contactListSchema = z.object({
  ...listParamsShape,
  sort: listSortSchema(['created_at', 'updated_at', 'last_name']),
  lifecycle_stage: z.enum(lifecycleStages).optional(),
  account_id: id('Account').optional(),
  owner: ownerFilter,
  custom: customFilterSchema,
});
export type ContactListParams = z.input<typeof contactListSchema>;
