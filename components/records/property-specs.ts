/**
 * The properties each kind of record shows on its page, in order, with how each is edited in
 * place. The keys are the service's field names, so an edit sends { [key]: value } as is.
 */
import { lifecycleStages } from '@/lib/crm/contacts.schema';
import { recordSourceLabels } from '@/lib/crm/fields';
import { leadStatusLabels } from '@/lib/crm/leads.schema';
import type { Member } from '@/lib/crm/members';
import type { PropertyDefinition } from '@/lib/crm/custom-properties.labels';
import { customInputFor } from './custom-inputs';
import type { PropertySpec, PropertyValue } from './inline-properties';

const text = { kind: 'text' } as const;
const dateValue = (value: Date | string | null) => (value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));
const sourceLabel = (source: string | null) => (source ? (recordSourceLabels[source as keyof typeof recordSourceLabels] ?? source) : null);
const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');

function ownerSpec(ownerId: string | null, options: [string, string][], members: Member[]): PropertySpec {
  // A deactivated owner is not a choice any more, but still shows by name.
  const current = ownerId && !options.some(([v]) => v === ownerId) ? [[ownerId, members.find((m) => m.user_id === ownerId)?.display_name ?? 'Former member'] as [string, string]] : [];
  return { key: 'owner_id', label: 'Owner', value: ownerId ?? '', input: { kind: 'select', options: [...options, ...current] } };
}

type Person = { first_name: string | null; last_name: string | null; email: string | null; phone: string | null; job_title: string | null; owner_id: string | null };

/** Name, email and phone: how a lead or contact is called and reached. */
const nameAndReach = (p: Person): PropertySpec[] => [
  { key: 'first_name', label: 'First name', value: p.first_name, input: text },
  { key: 'last_name', label: 'Last name', value: p.last_name, input: text },
  { key: 'email', label: 'Email', value: p.email, input: { kind: 'email' } },
  { key: 'phone', label: 'Phone', value: p.phone, input: { kind: 'tel' } },
];

export function contactProperties(c: Person & { lifecycle_stage: string; source: string | null }, owners: [string, string][], members: Member[]): PropertySpec[] {
  return [
    ...nameAndReach(c),
    { key: 'job_title', label: 'Job title', value: c.job_title, input: text },
    { key: 'lifecycle_stage', label: 'Lifecycle stage', value: c.lifecycle_stage, input: { kind: 'select', options: lifecycleStages.map((s) => [s, capitalise(s)]) } },
    ownerSpec(c.owner_id, owners, members),
    { key: 'source', label: 'Source', value: sourceLabel(c.source), input: null },
  ];
}

export function leadProperties(l: Person & { company_name: string | null; score: number; source: string | null; status: string }, owners: [string, string][], members: Member[]): PropertySpec[] {
  return [
    ...nameAndReach(l),
    { key: 'company_name', label: 'Company', value: l.company_name, input: text },
    { key: 'job_title', label: 'Job title', value: l.job_title, input: text },
    { key: 'score', label: 'Score', value: l.score, input: { kind: 'number' }, hint: 'A whole number from 0 to 100.' },
    { key: 'source', label: 'Source', value: sourceLabel(l.source), input: null },
    ownerSpec(l.owner_id, owners, members),
    { key: 'status', label: 'Status', value: leadStatusLabels[l.status as keyof typeof leadStatusLabels] ?? l.status, input: null },
  ];
}

export function accountProperties(
  a: { name: string; domain: string | null; industry: string | null; phone: string | null; billing_address: string | null; employee_count: number | null; is_training_client: boolean; owner_id: string | null },
  owners: [string, string][],
  members: Member[],
): PropertySpec[] {
  return [
    { key: 'name', label: 'Company name', value: a.name, input: text },
    { key: 'domain', label: 'Domain', value: a.domain, input: text, hint: 'Like northwind.com, without https://.' },
    { key: 'industry', label: 'Industry', value: a.industry, input: text },
    { key: 'phone', label: 'Phone', value: a.phone, input: { kind: 'tel' } },
    { key: 'employee_count', label: 'Employees', value: a.employee_count, input: { kind: 'number' } },
    { key: 'billing_address', label: 'Billing address', value: a.billing_address, input: { kind: 'textarea' }, hint: 'Ctrl+Enter saves.' },
    { key: 'is_training_client', label: 'Training client', value: a.is_training_client, input: { kind: 'checkbox' } },
    ownerSpec(a.owner_id, owners, members),
  ];
}

export function opportunityProperties(
  o: { name: string; amount: string | number; currency: string; expected_close_date: Date | string | null; probability: number | null; owner_id: string | null; status: string },
  owners: [string, string][],
  members: Member[],
): PropertySpec[] {
  return [
    { key: 'name', label: 'Name', value: o.name, input: text },
    { key: 'amount', label: 'Amount', value: Number(o.amount), input: { kind: 'number' }, hint: 'In the currency below, up to two decimals.', currency: o.currency },
    { key: 'currency', label: 'Currency', value: o.currency, input: text, hint: 'A three-letter code such as EUR.' },
    {
      key: 'expected_close_date',
      label: o.status === 'open' ? 'Close date' : 'Closed on',
      value: dateValue(o.expected_close_date),
      input: { kind: 'date' },
      hint: o.status === 'open' ? 'When you expect to win or lose it; set to the day it closes when it is won or lost.' : undefined,
    },
    { key: 'probability', label: 'Probability (%)', value: o.probability, input: { kind: 'number' }, hint: '0–100; moving the deal to another stage resets it to that stage’s probability.' },
    ownerSpec(o.owner_id, owners, members),
  ];
}

/**
 * A record's custom properties, after its own: the live ones editable, archived ones that
 * still hold a value shown read-only (their data is kept).
 */
export function customPropertySpecs(definitions: PropertyDefinition[], custom: unknown, members: Member[]): PropertySpec[] {
  const values = (custom && typeof custom === 'object' ? custom : {}) as Record<string, PropertyValue>;
  return definitions
    .filter((def) => !def.archived || values[def.key] !== undefined)
    .map((def) => ({
      key: `custom.${def.key}`,
      label: def.archived ? `${def.label} (archived)` : def.label,
      value: values[def.key] ?? null,
      input: def.archived ? null : customInputFor(def, members),
      hint: def.help_text ?? (def.required ? 'Required.' : undefined),
      currency: def.type === 'currency' ? (def.currency ?? undefined) : undefined,
    }));
}
