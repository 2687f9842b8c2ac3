/** Sequence forms: the sequence, its steps (template, props, delay), enrolling and taking people out. */
import { z } from 'zod';
import { marketingTemplateSchema, propsJsonSchema } from './template-props';

/** The CRM events that can enroll people by themselves (public.sequence_enroll_trigger), as staff read them. */
export const enrollTriggers = {
  lead_created: 'When a lead is created',
  contact_created: 'When a contact is created (including by converting a lead)',
  exam_failed: 'When a trainee fails an exam',
  certification_issued: 'When a certification is issued',
} as const;
export type EnrollTrigger = keyof typeof enrollTriggers;

export const sequenceInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the sequence.').max(120),
  description: z.string().trim().max(500).optional(),
  exit_on_conversion: z.boolean().default(true),
  is_active: z.boolean().default(true),
  // '' from the form's "nobody automatically" choice.
  enroll_on: z.preprocess(
    (value) => (value === '' || value === undefined ? null : value),
    z.enum(Object.keys(enrollTriggers) as [EnrollTrigger, ...EnrollTrigger[]], { error: 'Choose one of the listed events.' }).nullable(),
  ),
});

export const sequenceStepInputSchema = z
  .object({
    template: marketingTemplateSchema,
    props: propsJsonSchema,
    delay_days: z.coerce.number().int().min(0, 'No negative delays.').max(365, 'At most a year.'),
    delay_hours: z.coerce.number().int().min(0, 'No negative delays.').max(23, 'Use days for 24 hours or more.'),
  })
  .transform(({ delay_days, delay_hours, ...step }) => ({ ...step, delay_minutes: delay_days * 1440 + delay_hours * 60 }));

export const sequenceEnrollSchema = z.union([
  z.object({ segment_id: z.uuid({ error: 'Choose a segment.' }) }),
  z.object({ contact_id: z.uuid() }),
  z.object({ lead_id: z.uuid() }),
]);

export const sequenceExitSchema = z.object({
  enrollment_id: z.uuid(),
  reason: z.enum(['replied', 'manual'], { error: 'Say why: they replied, or you are taking them out.' }),
});
