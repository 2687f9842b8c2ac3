/**
 * Custom properties: the definitions admins write, and the zod schema of a record's values
 * built from them — one schema for the forms (client) and the services (server). The database
 * checks the same rules again on every write (migration 20261202000200), for every path.
 */
import { z } from 'zod';
import { CUSTOM_SORT_PATTERN, keyFromLabel, optionColors, type PropertyDefinition, propertyObjects, propertyTypes, uniqueTypes } from './custom-properties.labels';
import { id } from './fields';

export * from './custom-properties.labels';

const optionSchema = z.object({
  value: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'An option value uses lower-case letters, digits, - and _.')
    .optional(),
  label: z.string().trim().min(1, 'Name the option.').max(80, 'An option can be at most 80 characters.'),
  color: z.enum(optionColors).default('slate'),
});

/** Options as typed: each gets a value from its label unless it has one; values must differ. */
const optionsSchema = z
  .array(optionSchema)
  .max(200, 'At most 200 options.')
  .transform((options) => options.map((o) => ({ value: o.value || keyFromLabel(o.label).replace(/_/g, '-'), label: o.label, color: o.color })))
  .refine((options) => new Set(options.map((o) => o.value)).size === options.length, 'Two options have the same name: give each its own.');

const definitionFields = {
  label: z.string({ error: 'Name the property.' }).trim().min(1, 'Name the property.').max(80, 'A name can be at most 80 characters.'),
  required: z.boolean().default(false),
  is_unique: z.boolean().default(false),
  help_text: z
    .string()
    .trim()
    .max(300, 'Help text can be at most 300 characters.')
    .nullish()
    .transform((v) => v || null),
  options: optionsSchema.default([]),
};

export const propertyCreateSchema = z
  .object({
    object: z.enum(propertyObjects, { error: 'Choose the kind of record.' }),
    type: z.enum(propertyTypes, { error: 'Choose a type.' }),
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'A key starts with a letter and uses lower-case letters, digits and _ (at most 40).')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as EUR.')
      .nullish()
      .or(z.literal('').transform(() => null)),
    ...definitionFields,
  })
  .superRefine((p, ctx) => {
    const select = p.type === 'single_select' || p.type === 'multi_select';
    if (select && p.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select needs at least one option.' });
    if (!select && p.options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only selects have options.' });
    if (p.type === 'currency' && !p.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'Choose the currency of the amounts.' });
    if (p.is_unique && !uniqueTypes.includes(p.type)) ctx.addIssue({ code: 'custom', path: ['is_unique'], message: 'Only text, numbers, emails, web addresses and phone numbers can be unique.' });
  })
  .transform((p) => ({ ...p, key: p.key ?? keyFromLabel(p.label), currency: p.type === 'currency' ? (p.currency ?? null) : null }));
export type PropertyCreateInput = z.input<typeof propertyCreateSchema>;

/** What can change after creation: never the object, key or type (records hold values under them). */
export const propertyUpdateSchema = z.object({
  id: id('Property'),
  label: definitionFields.label.optional(),
  required: z.boolean().optional(),
  is_unique: z.boolean().optional(),
  help_text: definitionFields.help_text,
  options: optionsSchema.optional(),
  /** One place earlier or later among the live properties of its object. */
  move: z.enum(['up', 'down']).optional(),
  archived: z.boolean().optional(),
});

/** Custom values as a service receives them; checked against the definitions inside its transaction. */
export const customValuesInput = z.record(z.string().max(40), z.unknown(), { error: 'Custom properties are an object of values by key.' }).optional();

/** A list's filters on custom properties, from the URL (cp_<key>=<value>; "__set"/"__unset" for (not) empty). */
export const customFilterSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Unknown property.'), z.string().trim().min(1).max(200))
  .refine((filters) => Object.keys(filters).length <= 10, 'At most 10 property filters.')
  .optional();

/** A list's sort: one of its columns, or `cp_<key>` for a custom property (checked against the definitions when the list runs). */
export function listSortSchema<const C extends readonly [string, ...string[]]>(columns: C) {
  return z
    .union([z.enum(columns), z.string().regex(CUSTOM_SORT_PATTERN, 'Choose a column or property to sort by.')])
    .default(columns[0]);
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/** "Not set", as forms send it: the key is removed. */
const blank = z.union([z.literal(''), z.null(), z.array(z.unknown()).length(0)]).transform(() => null);

export function valueSchema(def: PropertyDefinition, memberIds: readonly string[] | null): z.ZodType<unknown> {
  const label = def.label;
  switch (def.type) {
    case 'text':
      return z.string().trim().max(500, `${label}: at most 500 characters.`);
    case 'long_text':
      return z.string().trim().max(10_000, `${label}: at most 10,000 characters.`);
    case 'number':
      return z.coerce.number({ error: `${label}: enter a number.` }).refine((n) => Number.isFinite(n) && Math.abs(n) < 1e15, `${label}: enter a number.`);
    case 'currency':
      return z.coerce
        .number({ error: `${label}: enter an amount.` })
        .refine((n) => Number.isFinite(n) && Math.abs(n) < 1e13, `${label}: enter an amount.`)
        .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${label}: use at most two decimals.`);
    case 'boolean':
      return z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: `${label}: choose yes or no.` });
    case 'date':
      return z.iso.date(`${label}: enter a date like 2027-03-31.`);
    case 'datetime':
      // A form's datetime-local has no zone: the browser sends it as an instant (record-form asInstant).
      return z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })], { error: `${label}: enter a date and time.` });
    case 'single_select':
      return z.enum(def.options.map((o) => o.value) as [string, ...string[]], { error: `${label}: choose one of its options.` });
    case 'multi_select': {
      const values = def.options.map((o) => o.value) as [string, ...string[]];
      return z
        .union([z.array(z.enum(values, { error: `${label}: choose among its options.` })), z.enum(values).transform((v) => [v])])
        .refine((list) => new Set(list).size === list.length, `${label}: choose each option at most once.`);
    }
    case 'url':
      return z.url({ protocol: /^https?$/, error: `${label}: enter a web address starting with https://.` }).max(2000);
    case 'email':
      return z.email(`${label}: enter an email address like name@company.com.`).max(254);
    case 'phone':
      return z.string().trim().regex(/^[+()0-9 .-]{3,40}$/, `${label}: use digits, spaces and + ( ) - only.`);
    case 'user':
      return memberIds ? z.enum(memberIds as [string, ...string[]], { error: `${label}: choose a member of the team.` }) : z.uuid(`${label}: choose a member of the team.`);
  }
}

/**
 * The schema of a record's custom values (an object keyed by property key). On `create`,
 * required properties must be given; on an edit (a patch of the keys sent) a required one may
 * not be emptied. Blank values ('' or null) mean "remove". Archived and unknown keys are refused.
 */
export function customValuesSchema(definitions: PropertyDefinition[], mode: 'create' | 'patch', memberIds: readonly string[] | null = null) {
  const live = definitions.filter((d) => !d.archived);
  const shape: Record<string, z.ZodType<unknown>> = {};
  for (const def of live) {
    const value = valueSchema(def, memberIds);
    const notBlank = z.union([blank.refine(() => !def.required, `${def.label} is required.`), value]);
    shape[def.key] = mode === 'create' && def.required ? z.union([notBlank, z.undefined().refine(() => false, `${def.label} is required.`)]) : notBlank.optional();
  }
  return z
    .strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Not a property you can set: ${issue.keys.join(', ')}.` : undefined) })
    .transform((values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, unknown>);
}

