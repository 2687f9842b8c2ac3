/**
 * Lead scoring rules as the rules page edits them (client) and the service stores them
 * (server): a property rule compares one field of the person, a behaviour rule counts what
 * they did with optional decay. The database checks the same shapes (scoring_rules_shape).
 */
import { z } from 'zod';
import type { ScoringDecay, ScoringEvent } from '../db/types';

export const scoringFields = ['job_title', 'lifecycle_stage', 'lead_status', 'source', 'company_name', 'email_domain', 'account_industry', 'account_employee_count'] as const;
export type ScoringField = (typeof scoringFields)[number];
export const scoringFieldLabels: Record<ScoringField, string> = {
  job_title: 'Job title',
  lifecycle_stage: 'Lifecycle stage (contacts)',
  lead_status: 'Lead status (leads)',
  source: 'Source',
  company_name: 'Company or account name',
  email_domain: 'Email domain',
  account_industry: 'Account industry (contacts)',
  account_employee_count: 'Account employees (contacts)',
};

export const textOperators = ['contains', 'equals', 'is_set'] as const;
export const numberOperators = ['at_least', 'at_most', 'is_set'] as const;
export const scoringOperators = ['contains', 'equals', 'is_set', 'at_least', 'at_most'] as const;
export type ScoringOperator = (typeof scoringOperators)[number];
export const scoringOperatorLabels: Record<ScoringOperator, string> = {
  contains: 'contains',
  equals: 'is',
  is_set: 'is filled in',
  at_least: 'is at least',
  at_most: 'is at most',
};
export const operatorsFor = (field: ScoringField): readonly ScoringOperator[] => (field === 'account_employee_count' ? numberOperators : textOperators);

export const scoringEvents = ['email_opened', 'email_clicked', 'form_submitted', 'enrollment_created', 'unsubscribed'] as const satisfies readonly ScoringEvent[];
export const scoringEventLabels: Record<ScoringEvent, string> = {
  email_opened: 'Opened an email',
  email_clicked: 'Clicked a link in an email',
  form_submitted: 'Submitted a web form',
  enrollment_created: 'Booked a course',
  unsubscribed: 'Unsubscribed from marketing',
};
export const scoringDecays = ['none', 'halve', 'expire'] as const satisfies readonly ScoringDecay[];
export const scoringDecayLabels: Record<ScoringDecay, string> = {
  none: 'Never fades',
  halve: 'Halves every … days',
  expire: 'Expires after … days',
};

const name = z.string().trim().min(1, 'Give the rule a name.').max(120, 'At most 120 characters.');
const points = z.coerce
  .number({ error: 'Points must be a whole number.' })
  .int('Points must be a whole number.')
  .min(-100, 'At least −100.')
  .max(100, 'At most 100.')
  .refine((n) => n !== 0, 'A rule worth 0 points does nothing: give it points or delete it.');

const propertyRule = z
  .object({
    kind: z.literal('property'),
    name,
    field: z.enum(scoringFields, 'Choose a field.'),
    operator: z.enum(scoringOperators, 'Choose how to compare.'),
    value: z.string().trim().max(200, 'At most 200 characters.').optional(),
    points,
    is_active: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if (!operatorsFor(rule.field).includes(rule.operator)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `${scoringFieldLabels[rule.field]} cannot be compared with “${scoringOperatorLabels[rule.operator]}”.` });
    }
    if (rule.operator !== 'is_set' && !rule.value) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the value to compare with.' });
    if ((rule.operator === 'at_least' || rule.operator === 'at_most') && rule.value && !/^[0-9]{1,9}$/.test(rule.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a whole number of employees.' });
    }
  })
  .transform((rule) => ({ ...rule, value: rule.operator === 'is_set' ? null : (rule.value ?? null) }));

const behaviourRule = z
  .object({
    kind: z.literal('behaviour'),
    name,
    event: z.enum(scoringEvents, 'Choose what the person did.'),
    decay: z.enum(scoringDecays).default('none'),
    decay_days: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter a whole number of days.').min(1, 'At least 1 day.').max(3650, 'At most 3,650 days.').optional(),
    points,
    is_active: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if (rule.decay !== 'none' && rule.decay_days === undefined) ctx.addIssue({ code: 'custom', path: ['decay_days'], message: 'Enter after how many days.' });
  })
  .transform((rule) => ({ ...rule, decay_days: rule.decay === 'none' ? null : (rule.decay_days ?? null) }));

export const scoringRuleSchema = z.discriminatedUnion('kind', [propertyRule, behaviourRule], { error: 'Choose a property rule or a behaviour rule.' });
export type ScoringRuleInput = z.input<typeof scoringRuleSchema>;
export type ScoringRule = z.output<typeof scoringRuleSchema>;

export const scoringThresholdSchema = z.object({
  mql_threshold: z.coerce.number({ error: 'Enter a score from 1 to 100.' }).int('Enter a whole number.').min(1, 'At least 1.').max(100, 'At most 100.'),
});

/** One line of "why 72", as stored in person_scores.breakdown. */
export type ScoreReason = { rule: string; name: string; kind: 'property' | 'behaviour'; points: number; hits: number };

/** The threshold a new organisation starts with (the column default). */
export const DEFAULT_MQL_THRESHOLD = 60;

/** A rule as a sentence: "Job title contains “manager”", "Clicked a link in an email, halving every 7 days". */
export function describeRule(rule: { kind: 'property' | 'behaviour'; field: string | null; operator: string | null; value: string | null; event: string | null; decay: string; decay_days: number | null }): string {
  if (rule.kind === 'property') {
    const field = scoringFieldLabels[rule.field as ScoringField] ?? rule.field;
    const operator = scoringOperatorLabels[rule.operator as ScoringOperator] ?? rule.operator;
    return rule.operator === 'is_set' ? `${field} ${operator}` : `${field} ${operator} “${rule.value}”`;
  }
  const event = scoringEventLabels[rule.event as ScoringEvent] ?? rule.event;
  if (rule.decay === 'halve') return `${event}, each time; halves every ${rule.decay_days} days`;
  if (rule.decay === 'expire') return `${event}, each time; expires after ${rule.decay_days} days`;
  return `${event}, each time`;
}
