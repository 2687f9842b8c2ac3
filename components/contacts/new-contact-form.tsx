'use client';

import { type FieldSpec, RecordForm, type RecordFormProps } from '@/components/records/record-form';
import type { Picked } from '@/components/records/record-picker';
import { contactCreateSchema, lifecycleStages } from '@/lib/crm/contacts.schema';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';

const capitalised = (s: string) => s[0]?.toUpperCase() + s.slice(1);

/** A new contact, possibly at a given account (from the account's page). */
export function NewContactForm({ owners, me, account, custom }: { custom: RecordFormProps['custom']; owners: [string, string][]; me: string; account: Picked }) {
  const fields: FieldSpec[] = [
    { name: 'first_name', label: 'First name', kind: 'text' },
    { name: 'last_name', label: 'Last name', kind: 'text' },
    { name: 'email', label: 'Email', kind: 'email' },
    { name: 'phone', label: 'Phone', kind: 'tel' },
    { name: 'job_title', label: 'Job title', kind: 'text' },
    { name: 'account_id', label: 'Account', kind: 'record', recordKind: 'account', initial: account },
    { name: 'lifecycle_stage', label: 'Lifecycle stage', kind: 'select', options: lifecycleStages.map((s) => [s, capitalised(s)]) },
    { name: 'source', label: 'Source', kind: 'select', options: [['', '—'], ...recordSources.map((s): [string, string] => [s, recordSourceLabels[s]])] },
    { name: 'owner_id', label: 'Owner', kind: 'select', options: owners },
  ];
  return (
    <RecordForm
      entity="contacts"
      schema={contactCreateSchema}
      fields={fields}
      defaults={{ lifecycle_stage: 'lead', owner_id: me, source: '' }}
      custom={custom}
      submitLabel="Create contact"
      duplicates={{ field: 'email', kind: 'contact', noun: 'contact' }}
    />
  );
}
