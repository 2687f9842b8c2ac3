import { z } from 'zod';

/** Optional fields a form may ask for, besides first name, last name and email. */
export const optionalFormFields = ['company_name', 'job_title', 'phone'] as const;
export const formFieldLabels: Record<(typeof optionalFormFields)[number], string> = { company_name: 'Company', job_title: 'Job title', phone: 'Phone' };

/** A site allowed to frame a form: its origin only, e.g. https://www.example.com. */
const webOrigin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^https?:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/, 'Enter a site as its origin, like https://www.example.com (no path).');

/** One origin per line (or separated by spaces or commas), as typed in the form settings. */
export const embedOriginsSchema = z
  .union([z.array(z.string()), z.string()])
  .default([])
  .transform((value) => (typeof value === 'string' ? value.split(/[\s,]+/) : value).map((v) => v.trim()).filter(Boolean))
  .pipe(z.array(webOrigin).max(20, 'List at most 20 sites.'));

export const leadFormDefinitionSchema = z.object({
  name: z.string().trim().min(1, 'Name the form (e.g. “Spring open day”).').max(120),
  fields: z.array(z.enum(optionalFormFields)).default([]),
  consent_text: z.string().trim().min(10, 'Write the consent sentence the visitor will see.').max(2000),
  thank_you_text: z.string().trim().max(1000).optional().transform((v) => v || undefined),
  embed_origins: embedOriginsSchema,
});

/** A visitor's submission. `website` is a honeypot people never see; `started_at` is when the form was shown. */
export const leadFormSubmissionSchema = z.object({
  first_name: z.string().trim().min(1, 'Enter your first name.').max(100),
  last_name: z.string().trim().min(1, 'Enter your last name.').max(100),
  email: z.email('Enter a valid email address.').max(254),
  company_name: z.string().trim().max(200).optional().transform((v) => v || undefined),
  job_title: z.string().trim().max(150).optional().transform((v) => v || undefined),
  phone: z.string().trim().max(40).regex(/^[+()\d\s.-]*$/, 'Use digits, spaces and + ( ) - only.').optional().transform((v) => v || undefined),
  consent: z.boolean().default(false),
  website: z.string().max(0, 'Leave this field empty.').optional(),
  started_at: z.coerce.number().int(),
});

export const embeddingUpdateSchema = z.object({ id: z.uuid('Choose a form.'), embed_origins: embedOriginsSchema });
