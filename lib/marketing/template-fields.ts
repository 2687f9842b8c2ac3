/**
 * The campaign editor's form, generated from a template's own zod schema: each prop becomes
 * a field of the kind its schema says (a link, a date, rich text, a list, a group of fields),
 * labelled by its `.meta({ title })` or its name. The schema stays the one definition of what
 * a template accepts — the form cannot drift from it, and what the form cannot represent
 * falls back to a JSON box instead of being lost.
 *
 * The descriptor is plain data, built on the server and rendered by
 * components/marketing/template-fields.tsx.
 */
import { z } from 'zod';
import { type EmailTemplateName, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';

export type FieldSpec = {
  key: string;
  label: string;
  required: boolean;
} & (
  | { kind: 'text' | 'textarea' | 'url' | 'email' | 'date' | 'datetime' | 'richText' | 'image'; max?: number }
  | { kind: 'number'; integer: boolean; min?: number }
  | { kind: 'boolean' }
  | { kind: 'select'; options: string[] }
  | { kind: 'lines'; max?: number; maxItems?: number }
  | { kind: 'group'; editor?: 'button' | 'session'; fields: FieldSpec[] }
  | { kind: 'repeat'; item: FieldSpec[]; minItems?: number; maxItems?: number }
  | { kind: 'json' }
);

/** Filled in per message by send-email, or edited beside the form (subject, preheader). */
const NOT_IN_FORM = new Set(['brand', 'recipient', 'unsubscribeUrl', 'preferencesUrl', 'subjectLine', 'preheaderText']);

type Meta = { title?: string; editor?: string };
type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; entries?: Record<string, string>; format?: string; checks?: unknown[] };

type Check = { check: string; minimum?: number; maximum?: number; value?: number; format?: string };
const defOf = (schema: z.ZodType) => {
  const { def } = (schema as unknown as { _zod: { def: Def } })._zod;
  const checks = ((def.checks ?? []) as { _zod: { def: Check } }[]).map((c) => c._zod.def);
  // What the checks say, read the way zod's own JSON Schema export reads them.
  const bag = {
    maxLength: checks.find((c) => c.check === 'max_length')?.maximum,
    minLength: checks.find((c) => c.check === 'min_length')?.minimum,
    integer: checks.some((c) => c.check === 'number_format' && c.format === 'safeint'),
    minimum: checks.find((c) => c.check === 'greater_than')?.value,
  };
  return { def, bag };
};
const metaOf = (schema: z.ZodType): Meta => (z.globalRegistry.get(schema) as Meta | undefined) ?? {};

/** "programmeUrl" → "Programme URL" */
export function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/\burl\b/g, 'URL');
}

/** Optional, default and pipe wrappers off, keeping the first title and editor met on the way. */
function unwrap(schema: z.ZodType): { core: z.ZodType; required: boolean; meta: Meta } {
  let core = schema;
  let required = true;
  const meta: Meta = {};
  for (;;) {
    const own = metaOf(core);
    meta.title ??= own.title;
    meta.editor ??= own.editor;
    const { def } = defOf(core);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      required = required && def.type !== 'optional' && def.type !== 'default';
      core = def.innerType as z.ZodType;
    } else if (def.type === 'pipe' && def.in) {
      core = def.in;
    } else {
      return { core, required, meta };
    }
  }
}

function fieldOf(key: string, schema: z.ZodType): FieldSpec {
  const { core, required, meta } = unwrap(schema);
  const label = meta.title ?? humanise(key);
  const { def, bag } = defOf(core);
  const base = { key, label, required };
  const max = bag.maxLength;
  switch (def.type) {
    case 'string': {
      if (meta.editor === 'richText') return { ...base, kind: 'richText', max };
      if (meta.editor === 'image') return { ...base, kind: 'image' };
      if (def.format === 'url') return { ...base, kind: 'url' };
      if (def.format === 'email') return { ...base, kind: 'email' };
      if (def.format === 'date') return { ...base, kind: 'date' };
      if (def.format === 'datetime') return { ...base, kind: 'datetime' };
      return { ...base, kind: max && max > 200 ? 'textarea' : 'text', max };
    }
    case 'number':
      return { ...base, kind: 'number', integer: bag.integer, min: bag.minimum };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'enum':
      return { ...base, kind: 'select', options: Object.values(def.entries ?? {}) };
    case 'object':
      return { ...base, kind: 'group', ...(meta.editor === 'button' || meta.editor === 'session' ? { editor: meta.editor } : {}), fields: fieldsOfShape(def.shape ?? {}) };
    case 'array': {
      const element = unwrap(def.element as z.ZodType).core;
      const items = { minItems: bag.minLength, maxItems: bag.maxLength };
      const elementDef = defOf(element);
      if (elementDef.def.type === 'string') return { ...base, kind: 'lines', max: elementDef.bag.maxLength, maxItems: items.maxItems };
      if (elementDef.def.type === 'object') return { ...base, kind: 'repeat', item: fieldsOfShape(elementDef.def.shape ?? {}), ...items };
      return { ...base, kind: 'json' };
    }
    default:
      return { ...base, kind: 'json' };
  }
}

function fieldsOfShape(shape: Record<string, z.ZodType>): FieldSpec[] {
  return Object.entries(shape).map(([key, schema]) => fieldOf(key, schema));
}

/** The form of a marketing template's props. */
export function templateFields(name: EmailTemplateName): FieldSpec[] {
  const { def } = defOf(emailTemplates[name].schema as z.ZodType);
  return fieldsOfShape(def.shape ?? {}).filter((field) => !NOT_IN_FORM.has(field.key));
}
