/** Account (company) schemas, shared by forms and the service. */
import { z } from 'zod';
import { expectedUpdatedAt, id, optionalPhone, optionalText, ownerFilter, ownerId, requiredText } from './fields';
import { listParamsShape } from './pagination';

const accountFields = z.object({
  name: requiredText('Company name', 200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Enter a domain like northwind.com, without https://.').optional()),
  industry: optionalText('Industry', 100),
  phone: optionalPhone,
  billing_address: optionalText('Billing address', 500),
  employee_count: z.coerce.number().int('Use a whole number.').min(0, 'Cannot be negative.').optional(),
  is_training_client: z.boolean().default(false),
  owner_id: ownerId,
});

export const accountCreateSchema = accountFields;
export const accountUpdateSchema = accountFields.extend({ id: id('Account'), expected_updated_at: expectedUpdatedAt });

export const accountListSchema = z.object({
  ...listParamsShape,
  sort: z.enum(['created_at', 'updated_at', 'name']).default('created_at'),
  owner: ownerFilter,
  training_clients_only: z.coerce.boolean().optional(),
});
export type AccountListParams = z.input<typeof accountListSchema>;
