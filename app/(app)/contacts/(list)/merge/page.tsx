import type { Metadata } from 'next';
import { countsText, MergeScreen } from '@/components/records/merge-screen';
import { recordSourceLabels } from '@/lib/crm/fields';
import { defaultMergeChoice, type MergeCandidate, mergeCandidates, mergeFields } from '@/lib/crm/merges';
import { personName } from '@/lib/format';

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
  return countsText([
    [r.activities, 'activity', 'activities'],
    [r.emails, 'email', 'emails'],
    [r.enrollments, 'booking', 'bookings'],
    [r.certifications, 'certificate', 'certificates'],
    [r.opportunities, 'deal', 'deals'],
    [r.consents, 'consent record', 'consent records'],
  ]);
}

/** Two to five contacts side by side: choose the one to keep and each field's value, then merge. */
export default function MergePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  return (
    <MergeScreen
      object="contacts"
      searchParams={searchParams}
      load={mergeCandidates}
      defaults={defaultMergeChoice}
      fields={mergeFields.map((key) => ({ key, label: fieldLabels[key] }))}
      name={personName}
      shown={shown}
      brings={brings}
    />
  );
}
