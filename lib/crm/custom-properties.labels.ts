/**
 * Custom properties without zod: the kinds of records and types, their labels, a definition's
 * shape, and how a value reads. Lists and grids import these (the schemas stay out of their
 * JavaScript); custom-properties.schema.ts builds the validation on top.
 */
import type { PropertyObject, PropertyType } from '../db/types';
import { formatAmount, formatDate, formatDateTimeUtc } from '../format';

export const propertyObjects = ['contact', 'lead', 'account', 'opportunity', 'enrollment'] as const satisfies readonly PropertyObject[];
export const propertyObjectLabels: Record<PropertyObject, [one: string, many: string]> = {
  contact: ['Contact', 'Contacts'],
  lead: ['Lead', 'Leads'],
  account: ['Account', 'Accounts'],
  opportunity: ['Opportunity', 'Opportunities'],
  enrollment: ['Enrollment', 'Enrollments'],
};

export const propertyTypes = [
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'datetime',
  'boolean',
  'single_select',
  'multi_select',
  'url',
  'email',
  'phone',
  'user',
] as const satisfies readonly PropertyType[];
export const propertyTypeLabels: Record<PropertyType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  currency: 'Currency amount',
  date: 'Date',
  datetime: 'Date and time',
  boolean: 'Yes / no',
  single_select: 'Single select',
  multi_select: 'Multi-select',
  url: 'Web address',
  email: 'Email address',
  phone: 'Phone number',
  user: 'Team member',
};
/** Types whose values can be kept unique per organisation (the database agrees: property_definitions_unique_types). */
export const uniqueTypes: readonly PropertyType[] = ['text', 'number', 'email', 'url', 'phone'];
export const optionColors = ['slate', 'blue', 'green', 'amber', 'red', 'purple', 'pink', 'teal'] as const;
export type OptionColor = (typeof optionColors)[number];

export type PropertyOption = { value: string; label: string; color: OptionColor };
/** A definition as the app uses it. */
export type PropertyDefinition = {
  id: string;
  object: PropertyObject;
  key: string;
  label: string;
  type: PropertyType;
  required: boolean;
  is_unique: boolean;
  help_text: string | null;
  options: PropertyOption[];
  currency: string | null;
  position: number;
  archived: boolean;
};

/** A key from a label: "Preferred training format" → preferred_training_format. */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return /^[a-z]/.test(key) ? key : `p_${key}`.slice(0, 40);
}

/** The custom-property filters of a URL's search params ({ cp_format: 'online' } → { format: 'online' }). */
export function customFiltersOf(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('cp_')).map(([k, v]) => [k.slice(3), v]));
}

/** The value to show for a property ('' when not set). */
export function displayValue(def: PropertyDefinition, value: unknown, memberName: (id: string) => string | undefined = () => undefined): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  const optionLabel = (v: unknown) => def.options.find((o) => o.value === v)?.label ?? String(v);
  switch (def.type) {
    case 'boolean':
      return value === true ? 'Yes' : 'No';
    case 'single_select':
      return optionLabel(value);
    case 'multi_select':
      return (Array.isArray(value) ? value : [value]).map(optionLabel).join(', ');
    case 'currency':
      return formatAmount(Number(value), def.currency ?? 'EUR');
    case 'number':
      return Number(value).toLocaleString('en-GB');
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTimeUtc(String(value));
    case 'user':
      return memberName(String(value)) ?? 'Former member';
    default:
      return String(value);
  }
}

/** Types a list can sort by (a multi-select, a long text or a member has no useful order). */
const sortableTypes: readonly PropertyType[] = ['text', 'number', 'currency', 'date', 'datetime', 'boolean', 'single_select', 'url', 'email', 'phone'];
export const isSortable = (def: Pick<PropertyDefinition, 'type'>) => sortableTypes.includes(def.type);

/** A list's `sort` naming a custom property is `cp_<key>`, as its filters are. */
export const CUSTOM_SORT_PATTERN = /^cp_([a-z][a-z0-9_]{0,39})$/;
export function customSortKey(sort: string): string | null {
  return CUSTOM_SORT_PATTERN.exec(sort)?.[1] ?? null;
}

/** Sort choices for a list's custom properties: [`cp_<key>`, label]. */
export function customSortOptions(definitions: PropertyDefinition[]): [string, string][] {
  return definitions.filter((d) => !d.archived && isSortable(d)).map((d): [string, string] => [`cp_${d.key}`, d.label]);
}
