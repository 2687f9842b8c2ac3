/** Lead schemas, shared by the create/edit forms (through zodResolver) and the service. */
import { z } from 'zod';
import {
  expectedUpdatedAt,
  id,
  optionalEmail,
  optionalPhone,
  optionalText,
  ownerFilter,
  optionalSource,
  ownerId,
  recordSources,
} from './fields';
import { customFilterSchema, customValuesInput, listSortSchema } from './custom-properties.schema';
import { listParamsShape } from './pagination';

import { leadStatuses } from './leads.labels';

export { leadStatuses, leadStatusLabels } from './leads.labels';

const leadFields = z.object({
  custom: customValuesInput,
  first_name: optionalText('First name', 100),
  last_name: optionalText('Last name', 100),
  email: optionalEmail,
  phone: optionalPhone,
  company_name: optionalText('Company', 200),
  job_title: optionalText('Job title', 150),
  source: optionalSource,
  score: z.coerce
    .number({ error: 'Score must be a number.' })
    .int('Score must be a whole number.')
    .min(0, 'Score is between 0 and 100.')
    .max(100, 'Score is between 0 and 100.'),
  owner_id: ownerId,
});

type NameAndEmail = { last_name?: string | null; email?: string | null };
const nameOrEmailIssue = { message: 'Give at least a last name or an email address.', path: ['last_name'] };

export const leadCreateSchema = leadFields
  .extend({ score: leadFields.shape.score.default(0) })
  .refine((lead: NameAndEmail) => Boolean(lead.last_name || lead.email), nameOrEmailIssue);
export type LeadCreateInput = z.input<typeof leadCreateSchema>;

/** An edit changes exactly the fields it sends (no defaults); it may not empty both name and email. */
export const leadUpdateSchema = leadFields
  .partial()
  .extend({ id: id('Lead'), expected_updated_at: expectedUpdatedAt })
  .refine((lead: NameAndEmail) => !('last_name' in lead && 'email' in lead) || Boolean(lead.last_name || lead.email), nameOrEmailIssue);
export type LeadUpdateInput = z.input<typeof leadUpdateSchema>;

export const leadDisqualifySchema = z.object({
  id: id('Lead'),
  reason: z.string().trim().min(3, 'Say briefly why this lead is disqualified.').max(500),
});

export const leadListSortColumns = ['created_at', 'updated_at', 'score'] as const;

export const leadListSchema = z.object({
  ...listParamsShape,
  sort: listSortSchema(leadListSortColumns),
  status: z
    .union([z.enum(leadStatuses), z.array(z.enum(leadStatuses))])
    .optional()
    .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value])),
  source: z.enum(recordSources).optional(),
  owner: ownerFilter,
  custom: customFilterSchema,
  score_min: z.coerce.number().int().min(0).max(100).optional(),
  score_max: z.coerce.number().int().min(0).max(100).optional(),
  created_from: z.coerce.date().optional(),
  created_to: z.coerce.date().optional(),
});
export type LeadListParams = z.input<typeof leadListSchema>;
