/** Lead conversion: choose or create the contact and account, optionally open an opportunity. */
import { z } from 'zod';
import { id, optionalDate, requiredText } from './fields';

export const leadConversionSchema = z.object({
  lead_id: id('Lead'),
  expected_updated_at: z.coerce.date(),
  /** Link to an existing contact, or create one from the lead's details. */
  contact: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('existing'), contact_id: id('Contact') }),
    z.object({ mode: z.literal('create') }),
  ]),
  account: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('none') }),
    z.object({ mode: z.literal('existing'), account_id: id('Account') }),
    z.object({ mode: z.literal('create'), name: requiredText('Company name', 200) }),
  ]),
  opportunity: z
    .object({
      name: requiredText('Opportunity name', 200),
      pipeline_id: id('Pipeline'),
      stage_id: id('Stage'),
      amount: z.coerce.number().min(0, 'Amount cannot be negative.').default(0),
      currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code.').default('EUR'),
      expected_close_date: optionalDate('Close date'),
    })
    .optional(),
});
export type LeadConversionInput = z.input<typeof leadConversionSchema>;
