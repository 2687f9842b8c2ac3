/**
 * How each type of custom property is typed in: one mapping for the create forms
 * (record-form.tsx) and for editing in place (inline-properties.tsx).
 */
import type { PropertyDefinition } from '@/lib/crm/custom-properties.labels';
import type { Member } from '@/lib/crm/members';

export type CustomInput =
  | { kind: 'text' | 'textarea' | 'number' | 'date' | 'datetime' | 'checkbox' | 'url' | 'email' | 'tel' }
  | { kind: 'select' | 'multiselect'; options: [value: string, label: string][] };

export function customInputFor(def: PropertyDefinition, members: Pick<Member, 'user_id' | 'display_name'>[]): CustomInput {
  const choices = def.options.map((o): [string, string] => [o.value, o.label]);
  switch (def.type) {
    case 'long_text':
      return { kind: 'textarea' };
    case 'number':
    case 'currency':
      return { kind: 'number' };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
      return { kind: 'datetime' };
    case 'boolean':
      return { kind: 'checkbox' };
    case 'single_select':
      return { kind: 'select', options: [['', '—'], ...choices] };
    case 'multi_select':
      return { kind: 'multiselect', options: choices };
    case 'user':
      return { kind: 'select', options: [['', '—'], ...members.map((m): [string, string] => [m.user_id, m.display_name])] };
    case 'url':
      return { kind: 'url' };
    case 'email':
      return { kind: 'email' };
    case 'phone':
      return { kind: 'tel' };
    default:
      return { kind: 'text' };
  }
}
