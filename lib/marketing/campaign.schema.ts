/** Campaign forms: content (a draft), schedule, and the status a campaign may be moved to. */
import { z } from 'zod';
import { tokenIssues } from '../../supabase/functions/_shared/emails/components/tokens';
import { marketingTemplateSchema } from './template-props';

/** A subject line or preheader: optional (the template's own then), tokens checked. */
const personalisedLine = (max: number, what: string) =>
  z
    .string({ error: `Write the ${what} as text.` })
    .trim()
    .max(max, { error: `Keep the ${what} under ${max} characters.`, abort: true })
    .superRefine((value, ctx) => {
      for (const message of tokenIssues(value)) ctx.addIssue({ code: 'custom', message });
    })
    .transform((value) => value || null);

/** An A/B test of the subject line: subject B, the test's share, what wins, and the wait. */
export const abTestSchema = z.object({
  subject_b: z
    .string({ error: 'Write subject B.' })
    .trim()
    .min(1, 'Write subject B: the test sends it to half the test group.')
    .max(150, { error: 'Keep subject B under 150 characters.', abort: true })
    .superRefine((value, ctx) => {
      for (const message of tokenIssues(value)) ctx.addIssue({ code: 'custom', message });
    }),
  percent: z.coerce.number({ error: 'Choose the test’s share.' }).int().min(10, 'Test on at least 10 % of the audience.').max(50, 'Test on at most 50 % of the audience.'),
  metric: z.enum(['opens', 'clicks'], { error: 'Choose how the winner is picked.' }),
  wait_hours: z.coerce.number({ error: 'Choose how long the test runs.' }).int().min(1, 'Let the test run at least an hour.').max(168, 'Let the test run at most a week.'),
});
export type AbTestInput = z.input<typeof abTestSchema>;

/** Campaigns.props is capped at 50,000 characters of JSON (the table's check). */
const PROPS_MAX_CHARS = 50_000;

export const campaignInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the campaign.').max(200, 'Keep the name under 200 characters.'),
  segment_id: z.uuid({ error: 'Choose a segment.' }),
  template: marketingTemplateSchema,
  subject: personalisedLine(150, 'subject line').prefault(''),
  preheader: personalisedLine(200, 'preheader').prefault(''),
  /** Null: no A/B test. */
  ab: abTestSchema.nullable().prefault(null),
  /** The template's fields, as the editor holds them; checked against the template's schema when saved. */
  props: z
    .record(z.string(), z.unknown(), { error: 'The content must be an object of the template’s fields.' })
    .refine((props) => JSON.stringify(props).length <= PROPS_MAX_CHARS, { error: 'The content is too long: shorten the text.' }),
});
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignOutput = z.output<typeof campaignInputSchema>;

/** "Use this template" in the gallery: a draft that starts from the organisation's own content. */
export const campaignStartSchema = z.object({ template: marketingTemplateSchema });

/** At most this many addresses per test send. */
export const TEST_SEND_MAX_ADDRESSES = 5;
export const testSendSchema = z.object({
  addresses: z
    .array(z.string().trim().toLowerCase().pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' })), { error: 'Enter at least one address.' })
    .min(1, 'Enter at least one address.')
    .max(TEST_SEND_MAX_ADDRESSES, `Send a test to at most ${TEST_SEND_MAX_ADDRESSES} addresses at a time.`)
    .transform((addresses) => [...new Set(addresses)]),
});

export const campaignScheduleSchema = z
  .object({
    when: z.enum(['now', 'later']),
    scheduled_at: z.string().optional(),
  })
  .transform((value, ctx) => {
    if (value.when === 'now') return { scheduledAt: new Date() };
    const at = value.scheduled_at ? new Date(value.scheduled_at) : null;
    if (!at || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick the date and time to send.' });
      return z.NEVER;
    }
    if (at.getTime() < Date.now() - 60_000) {
      ctx.addIssue({ code: 'custom', path: ['scheduled_at'], message: 'Pick a time in the future, or send now.' });
      return z.NEVER;
    }
    return { scheduledAt: at };
  });

/** What the pause / resume / cancel buttons ask for, and the status each needs first. */
export const campaignCommands = {
  pause: { from: ['sending'], to: 'paused' },
  resume: { from: ['paused'], to: 'sending' },
  cancel: { from: ['scheduled', 'sending', 'paused'], to: 'cancelled' },
  unschedule: { from: ['scheduled'], to: 'draft' },
} as const;
export type CampaignCommand = keyof typeof campaignCommands;
export const campaignCommandSchema = z.enum(Object.keys(campaignCommands) as [CampaignCommand, ...CampaignCommand[]]);

