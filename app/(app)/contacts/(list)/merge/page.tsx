import type { Metadata } from 'next';
import Link from 'next/link';
import { MergeForm } from '@/components/records/merge-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { recordSourceLabels } from '@/lib/crm/fields';
import { canMerge, defaultMergeChoice, type MergeCandidate, mergeCandidates, mergeFields } from '@/lib/crm/merges';
import { formatDate, personName } from '@/lib/format';

export const metadata: Metadata = { title: 'Merge contacts' };

const fieldLabels: Record<(typeof mergeFields)[number], string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  job_title: 'Job title',
  lifecycle_stage: 'Lifecycle stage',
  source: 'Source',
  owner_id: 'Owner',
  account_id: 'Account',
};

function shown(c: MergeCandidate): Record<string, string> {
  const capital = (s: string | null) => (s ? `${s[0]?.toUpperCase()}${s.slice(1)}` : '');
  return {
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    job_title: c.job_title ?? '',
    lifecycle_stage: capital(c.lifecycle_stage),
    source: c.source ? (recordSourceLabels[c.source as keyof typeof recordSourceLabels] ?? c.source) : '',
    owner_id: c.owner_name ?? '',
    account_id: c.account_name ?? '',
  };
}

function brings(c: MergeCandidate): string {
  const r = c.related;
  const parts = [
    [r.activities, 'activity', 'activities'],
    [r.emails, 'email', 'emails'],
    [r.enrollments, 'booking', 'bookings'],
    [r.certifications, 'certificate', 'certificates'],
    [r.opportunities, 'deal', 'deals'],
    [r.consents, 'consent record', 'consent records'],
  ] as const;
  return parts.filter(([n]) => Number(n) > 0).map(([n, one, many]) => `${n} ${Number(n) === 1 ? one : many}`).join(', ') || 'Nothing else';
}

/** Two to five contacts side by side: choose the one to keep and each field's value, then merge. */
export default async function MergePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const staff = await requireStaff();
  const ids = ((await searchParams).ids ?? '').split(',').filter(Boolean);
  const back = (
    <p className="text-sm">
      <Link href="/contacts/duplicates" className="text-brand-700 underline">
        ← Duplicate contacts
      </Link>
    </p>
  );
  if (!canMerge(staff.role)) {
    return (
      <div className="max-w-3xl space-y-4">
        {back}
        <PageHeader title="Merge contacts" />
        <Alert tone="info">Admins and managers merge contacts: a merge rewrites several people’s history into one.</Alert>
      </div>
    );
  }
  let candidates: MergeCandidate[];
  try {
    candidates = await mergeCandidates(staff, ids);
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return (
      <div className="max-w-3xl space-y-4">
        {back}
        <PageHeader title="Merge contacts" />
        <Alert>{error.message} Open a pair from the duplicates list, or choose 2 to 5 contacts.</Alert>
      </div>
    );
  }
  const defaults = Object.fromEntries(candidates.map((c) => [c.id, defaultMergeChoice(c, candidates.filter((o) => o.id !== c.id))]));
  return (
    <div className="max-w-6xl space-y-4">
      {back}
      <PageHeader title={`Merge ${candidates.length} contacts`} subtitle="Choose the contact to keep, and for each field the value it keeps. The oldest contact is kept unless you choose another." />
      <MergeForm
        object="contacts"
        columns={candidates.map((c) => ({ id: c.id, name: personName(c), added: formatDate(c.created_at), shown: shown(c), brings: brings(c) }))}
        fields={mergeFields.map((key) => ({ key, label: fieldLabels[key] }))}
        defaults={defaults}
      />
    </div>
  );
}
