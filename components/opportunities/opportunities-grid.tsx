'use client';

import Link from 'next/link';
import { RecordGrid, type RecordGridProps } from '@/components/records/record-grid';
import type { GridColumn } from '@/components/ui/data-grid';
import type { OpportunityListRow } from '@/lib/crm/opportunities';
import { formatDate, formatMoney } from '@/lib/format';

const columns: GridColumn<OpportunityListRow>[] = [
  { id: 'name', header: 'Name', cell: (o) => <Link href={`/opportunities/${o.id}`} className="font-medium text-brand-700 hover:underline">{o.name}</Link> },
  { id: 'stage', header: 'Stage', cell: (o) => o.stage_name },
  { id: 'amount', header: 'Amount', align: 'right', cell: (o) => formatMoney(o.amount, o.currency) },
  { id: 'account', header: 'Account', className: 'hidden md:table-cell', cell: (o) => o.account_name ?? '—' },
  { id: 'owner', header: 'Owner', className: 'hidden lg:table-cell', cell: (o) => o.owner_name ?? 'Unassigned' },
  { id: 'close', header: 'Close date', className: 'hidden sm:table-cell', cell: (o) => formatDate(o.expected_close_date) },
];

/** The opportunities list view: grid, selection, bulk assign/tag/trash (stages move on the board). */
export function OpportunitiesGrid(props: Pick<RecordGridProps<OpportunityListRow>, 'rows' | 'members' | 'tags' | 'canWrite' | 'canTrash' | 'customProperties' | 'canExport'>) {
  return <RecordGrid entity="opportunities" columns={columns} nameOf={(o) => o.name} {...props} />;
}
