import { z } from 'zod';

export const requestTypes = ['access', 'erasure', 'rectification', 'restriction', 'objection'] as const;
export const requestTypeLabels: Record<(typeof requestTypes)[number], string> = {
  access: 'Access / export',
  erasure: 'Erasure',
  rectification: 'Rectification',
  restriction: 'Restriction',
  objection: 'Objection',
};
export const requestChannels = ['email', 'web_form', 'phone', 'letter', 'in_person'] as const;

export const requestCreateSchema = z.object({
  type: z.enum(requestTypes, { error: 'Choose the type of request.' }),
  subject_email: z.email('Enter the email address of the person making the request.').transform((v) => v.toLowerCase()),
  received_via: z.enum(requestChannels, { error: 'Say how the request was received.' }),
  received_at: z.coerce.date({ error: 'Enter when the request was received.' }).refine((d) => d.getTime() <= Date.now() + 60_000, 'A request cannot be received in the future.'),
  notes: z.string().trim().max(5000).optional().transform((v) => v || undefined),
});

export const requestExtendSchema = z.object({
  id: z.uuid(),
  months: z.coerce.number().int().min(1, 'Extend by one or two months.').max(2, 'GDPR allows at most two more months.'),
  reason: z.string().trim().min(10, 'Explain why the request needs more time (complexity or number of requests).').max(1000),
  subject_told: z.literal(true, { error: 'The subject must be told of the extension and why, within the first month.' }),
});

export const requestRejectSchema = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(10, 'Give the reason for refusing, as you will tell the subject.').max(1000),
});
