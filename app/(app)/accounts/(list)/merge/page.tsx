import type { Metadata } from 'next';
import { countsText, MergeScreen } from '@/components/records/merge-screen';
import { type AccountMergeCandidate, type AccountMergeField, accountMergeCandidates, accountMergeFields, defaultAccountMergeChoice } from '@/lib/crm/account-merges';

export const metadata: Metadata = { title: 'Merge accounts' };

const fieldLabels: Record<AccountMergeField, string> = {
  name: 'Name',
  domain: 'Domain',
  industry: 'Industry',
  phone: 'Phone',
  billing_address: 'Billing address',
  employee_count: 'Employees',
  is_training_client: 'Training client',
  owner_id: 'Owner',
};

function shown(a: AccountMergeCandidate): Record<AccountMergeField, string> {
  return {
    name: a.name,
    domain: a.domain ?? '',
    industry: a.industry ?? '',
    phone: a.phone ?? '',
    billing_address: a.billing_address ?? '',
    employee_count: a.employee_count === null ? '' : a.employee_count.toLocaleString('en-GB'),
    is_training_client: a.is_training_client ? 'Yes' : 'No',
    owner_id: a.owner_name ?? '',
  };
}

function brings(a: AccountMergeCandidate): string {
  const r = a.related;
  return countsText([
    [r.contacts, 'contact', 'contacts'],
    [r.opportunities, 'deal', 'deals'],
    [r.activities, 'activity', 'activities'],
    [r.bookings, 'paid booking', 'paid bookings'],
    [r.leads, 'converted lead', 'converted leads'],
  ]);
}

/** Two to five accounts side by side: choose the one to keep and each field's value, then merge. */
export default function MergeAccountsPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  return (
    <MergeScreen
      object="accounts"
      searchParams={searchParams}
      load={accountMergeCandidates}
      defaults={defaultAccountMergeChoice}
      fields={accountMergeFields.map((key) => ({ key, label: fieldLabels[key] }))}
      name={(a) => a.name}
      shown={shown}
      brings={brings}
    />
  );
}
