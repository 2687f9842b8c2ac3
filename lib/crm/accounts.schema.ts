/** Account (company) schemas, shared by forms and the service. */
import { z } from 'zod';
import { expectedUpdatedAt, id, optionalPhone, optionalText, ownerFilter, ownerId, requiredText } from './fields';
import { customFilterSchema, customValuesInput, listSortSchema } from './custom-properties.schema';
import { listParamsShape } from './pagination';

const accountFields = z.object({
  custom: customValuesInput,
  name: requiredText('Company name', 200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .nullish()
    .transform((value) => (value === undefined ? undefined : value || null))
    .pipe(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Enter a domain like northwind.com, without https://.').nullish()),
  industry: optionalText('Industry', 100),
  phone: optionalPhone,
  billing_address: optionalText('Billing address', 500),
  employee_count: z
    .union([z.literal(''), z.null(), z.coerce.number().int('Use a whole number.').min(0, 'Cannot be negative.')])
    .optional()
    .transform((value) => (value === '' ? null : value)),
  is_training_client: z.boolean(),
  owner_id: ownerId,
});

export const accountCreateSchema = accountFields.extend({ is_training_client: accountFields.shape.is_training_client.default(false) });
/** An edit changes exactly the fields it sends (no defaults). */
export const accountUpdateSchema = accountFields.partial().extend({ id: id('Account'), expected_updated_at: expectedUpdatedAt });

export const accountListSchema = z.object({
  ...listParamsShape,
  sort: listSortSchema(['created_at', 'updated_at', 'name']),
  owner: ownerFilter,
  custom: customFilterSchema,
  training_clients_only: z.coerce.boolean().optional(),
});
export type AccountListParams = z.input<typeof accountListSchema>;
