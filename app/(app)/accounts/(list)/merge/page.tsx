import type { Metadata } from 'next';
import Link from 'next/link';
import { MergeForm } from '@/components/records/merge-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { type AccountMergeCandidate, type AccountMergeField, accountMergeCandidates, accountMergeFields, defaultAccountMergeChoice } from '@/lib/crm/account-merges';
import { CrmError } from '@/lib/crm/errors';
import { canMerge } from '@/lib/crm/merges';
import { formatDate } from '@/lib/format';

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
  const parts = [
    [r.contacts, 'contact', 'contacts'],
    [r.opportunities, 'deal', 'deals'],
    [r.activities, 'activity', 'activities'],
    [r.bookings, 'paid booking', 'paid bookings'],
    [r.leads, 'converted lead', 'converted leads'],
  ] as const;
  return parts.filter(([n]) => Number(n) > 0).map(([n, one, many]) => `${n} ${Number(n) === 1 ? one : many}`).join(', ') || 'Nothing else';
}

/** Two to five accounts side by side: choose the one to keep and each field's value, then merge. */
export default async function MergeAccountsPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const staff = await requireStaff();
  const ids = ((await searchParams).ids ?? '').split(',').filter(Boolean);
  const back = (
    <p className="text-sm">
      <Link href="/accounts/duplicates" className="text-brand-700 underline">
        ← Duplicate accounts
      </Link>
    </p>
  );
  const refused = (message: string) => (
    <div className="max-w-3xl space-y-4">
      {back}
      <PageHeader title="Merge accounts" />
      <Alert tone="info">{message}</Alert>
    </div>
  );
  if (!canMerge(staff.role)) return refused('Admins and managers merge accounts: a merge moves every contact, deal and booking of one company to another.');
  let candidates: AccountMergeCandidate[];
  try {
    candidates = await accountMergeCandidates(staff, ids);
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return refused(`${error.message} Open a pair from the duplicates list, or choose 2 to 5 accounts.`);
  }
  const defaults = Object.fromEntries(candidates.map((a) => [a.id, defaultAccountMergeChoice(a, candidates.filter((o) => o.id !== a.id))]));
  return (
    <div className="max-w-6xl space-y-4">
      {back}
      <PageHeader title={`Merge ${candidates.length} accounts`} subtitle="Choose the account to keep, and for each field the value it keeps. The oldest account is kept unless you choose another." />
      <MergeForm
        object="accounts"
        columns={candidates.map((a) => ({ id: a.id, name: a.name, added: formatDate(a.created_at), shown: shown(a), brings: brings(a) }))}
        fields={accountMergeFields.map((key) => ({ key, label: fieldLabels[key] }))}
        defaults={defaults}
      />
    </div>
  );
}
