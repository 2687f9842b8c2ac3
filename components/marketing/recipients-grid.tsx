'use client';

import Link from 'next/link';
import { ListGrid } from '@/components/records/list-grid';
import { Badge } from '@/components/ui/badge';
import type { GridColumn } from '@/components/ui/data-grid';
import { recipientStatusLabels } from '@/lib/marketing/campaign-recipients.schema';
import type { RecipientListRow } from '@/lib/marketing/campaign-recipients';
import { formatDateTime, personName } from '@/lib/format';

const tones = { pending: 'slate', sent: 'green', suppressed: 'amber', failed: 'red', cancelled: 'slate' } as const;

// Column ids are the export's (lib/exports/columns.ts): "the columns shown" exports these.
const columns: GridColumn<RecipientListRow>[] = [
  {
    id: 'name',
    header: 'Recipient',
    cell: (r) => {
      const href = r.contact_id ? `/contacts/${r.contact_id}` : r.lead_id ? `/leads/${r.lead_id}` : null;
      const name = r.last_name || r.email ? personName(r) : 'Someone you cannot see';
      return href ? <Link href={href} className="font-medium text-brand-700 hover:underline">{name}</Link> : name;
    },
  },
  { id: 'email', header: 'Email', className: 'hidden md:table-cell', cell: (r) => r.email ?? '—' },
  { id: 'status', header: 'Status', cell: (r) => <Badge tone={tones[r.status]}>{recipientStatusLabels[r.status]}</Badge> },
  { id: 'error', header: 'Last error', className: 'hidden lg:table-cell', cell: (r) => r.last_error ?? '—' },
  { id: 'updated', header: 'Last change', className: 'hidden whitespace-nowrap sm:table-cell', cell: (r) => formatDateTime(r.updated_at) },
];

export function RecipientsGrid({ campaignId, rows, canExport }: { campaignId: string; rows: RecipientListRow[]; canExport: boolean }) {
  return <ListGrid list="campaign_recipients" rows={rows} columns={columns} canExport={canExport} scope={{ campaign_id: campaignId }} />;
}
