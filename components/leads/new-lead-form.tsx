'use client';

import { type FieldSpec, RecordForm, type RecordFormProps } from '@/components/records/record-form';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';
import { leadCreateSchema } from '@/lib/crm/leads.schema';

/** A new lead, typed in by a rep (forms and imports bring the others). */
export function NewLeadForm({ owners, me, custom }: { custom: RecordFormProps['custom']; owners: [string, string][]; me: string }) {
  const fields: FieldSpec[] = [
    { name: 'first_name', label: 'First name', kind: 'text' },
    { name: 'last_name', label: 'Last name', kind: 'text' },
    { name: 'email', label: 'Email', kind: 'email' },
    { name: 'phone', label: 'Phone', kind: 'tel' },
    { name: 'company_name', label: 'Company', kind: 'text' },
    { name: 'job_title', label: 'Job title', kind: 'text' },
    { name: 'source', label: 'Source', kind: 'select', options: [['', 'Not known'], ...recordSources.map((s): [string, string] => [s, recordSourceLabels[s]])] },
    { name: 'score', label: 'Score', kind: 'number', hint: '0–100: a starting score. When your organisation has lead scoring rules, they set it instead.' },
    { name: 'owner_id', label: 'Owner', kind: 'select', options: owners },
  ];
  return (
    <RecordForm
      entity="leads"
      schema={leadCreateSchema}
      fields={fields}
      defaults={{ score: 0, owner_id: me, source: '' }}
      custom={custom}
      submitLabel="Create lead"
      duplicates={{ field: 'email', kind: 'lead', noun: 'lead' }}
    />
  );
}
