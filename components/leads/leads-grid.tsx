'use client';

import Link from 'next/link';
import { MarketingConsentBadge } from '@/components/marketing/marketing-consent-badge';
import { RecordGrid, type RecordGridProps } from '@/components/records/record-grid';
import type { GridColumn } from '@/components/ui/data-grid';
import type { LeadListRow } from '@/lib/crm/leads';
import { leadStatusLabels } from '@/lib/crm/leads.labels';
import { formatDate, personName } from '@/lib/format';

const columns: GridColumn<LeadListRow>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: (lead) => (
      <>
        <Link href={`/leads/${lead.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{personName(lead)}</Link>
        {lead.company_name ? <span className="block text-xs text-slate-600 md:hidden">{lead.company_name}</span> : null}
      </>
    ),
  },
  { id: 'company', header: 'Company', className: 'hidden md:table-cell', cell: (lead) => lead.company_name ?? '—' },
  { id: 'email', header: 'Email', className: 'hidden xl:table-cell', cell: (lead) => lead.email ?? '—' },
  { id: 'status', header: 'Status', cell: (lead) => leadStatusLabels[lead.status] },
  { id: 'score', header: 'Score', align: 'right', cell: (lead) => lead.score },
  { id: 'owner', header: 'Owner', className: 'hidden lg:table-cell', cell: (lead) => lead.owner_name ?? 'Unassigned' },
  { id: 'marketing', header: 'Marketing email', className: 'hidden lg:table-cell whitespace-nowrap', cell: (lead) => <MarketingConsentBadge granted={lead.marketing_consent} /> },
  {
    id: 'created',
    header: 'Created',
    className: 'hidden whitespace-nowrap sm:table-cell',
    cell: (lead) => <time dateTime={new Date(lead.created_at).toISOString()}>{formatDate(lead.created_at)}</time>,
  },
];

const statuses = (['new', 'working', 'qualified'] as const).map((value) => ({ value, label: leadStatusLabels[value] }));

/** The leads list: grid, selection, bulk assign/status/tag/trash. */
export function LeadsGrid(props: Pick<RecordGridProps<LeadListRow>, 'rows' | 'members' | 'tags' | 'canWrite' | 'canTrash' | 'customProperties' | 'canExport'>) {
  return <RecordGrid entity="leads" columns={columns} nameOf={personName} statuses={statuses} {...props} />;
}
