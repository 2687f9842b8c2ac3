import type { Metadata } from 'next';
import { countsText, MergeScreen } from '@/components/records/merge-screen';
import { recordSourceLabels } from '@/lib/crm/fields';
import { defaultLeadMergeChoice, type LeadMergeCandidate, type LeadMergeField, leadMergeCandidates, leadMergeFields } from '@/lib/crm/lead-merges';
import { leadStatusLabels } from '@/lib/crm/leads.labels';
import { personName } from '@/lib/format';

export const metadata: Metadata = { title: 'Merge leads' };

const fieldLabels: Record<LeadMergeField, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company_name: 'Company',
  job_title: 'Job title',
  status: 'Status',
  source: 'Source',
  score: 'Score',
  owner_id: 'Owner',
};

function shown(l: LeadMergeCandidate): Record<LeadMergeField, string> {
  return {
    first_name: l.first_name ?? '',
    last_name: l.last_name ?? '',
    email: l.email ?? '',
    phone: l.phone ?? '',
    company_name: l.company_name ?? '',
    job_title: l.job_title ?? '',
    status: leadStatusLabels[l.status],
    source: l.source ? (recordSourceLabels[l.source as keyof typeof recordSourceLabels] ?? l.source) : '',
    score: l.score === null ? '' : String(l.score),
    owner_id: l.owner_name ?? '',
  };
}

function brings(l: LeadMergeCandidate): string {
  const r = l.related;
  return countsText([
    [r.activities, 'activity', 'activities'],
    [r.emails, 'email', 'emails'],
    [r.consents, 'consent record', 'consent records'],
    [r.sequences, 'sequence place', 'sequence places'],
  ]);
}

/** Two to five leads side by side: choose the one to keep and each field's value, then merge. */
export default function MergeLeadsPage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  return (
    <MergeScreen
      object="leads"
      searchParams={searchParams}
      load={leadMergeCandidates}
      defaults={defaultLeadMergeChoice}
      fields={leadMergeFields.map((key) => ({ key, label: fieldLabels[key] }))}
      name={personName}
      shown={shown}
      brings={brings}
    />
  );
}
