'use client';

import { type FieldSpec, RecordForm, type RecordFormProps } from '@/components/records/record-form';
import { accountCreateSchema } from '@/lib/crm/accounts.schema';

/** A new account (company). */
export function NewAccountForm({ owners, me, custom }: { custom: RecordFormProps['custom']; owners: [string, string][]; me: string }) {
  const fields: FieldSpec[] = [
    { name: 'name', label: 'Company name', kind: 'text' },
    { name: 'domain', label: 'Domain', kind: 'text', hint: 'Like northwind.com, without https://' },
    { name: 'industry', label: 'Industry', kind: 'text' },
    { name: 'phone', label: 'Phone', kind: 'tel' },
    { name: 'employee_count', label: 'Employees', kind: 'number' },
    { name: 'owner_id', label: 'Owner', kind: 'select', options: owners },
    { name: 'billing_address', label: 'Billing address', kind: 'textarea' },
    { name: 'is_training_client', label: 'Buys training for its people', kind: 'checkbox' },
  ];
  return (
    <RecordForm
      entity="accounts"
      schema={accountCreateSchema}
      fields={fields}
      defaults={{ owner_id: me }}
      custom={custom}
      submitLabel="Create account"
      duplicates={{ field: 'domain', kind: 'account', noun: 'account' }}
    />
  );
}
