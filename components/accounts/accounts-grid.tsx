'use client';

import Link from 'next/link';
import { RecordGrid, type RecordGridProps } from '@/components/records/record-grid';
import { Badge } from '@/components/ui/badge';
import type { GridColumn } from '@/components/ui/data-grid';
import type { AccountListRow } from '@/lib/crm/accounts';
import { formatDate } from '@/lib/format';

const columns: GridColumn<AccountListRow>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: (a) => (
      <>
        <Link href={`/accounts/${a.id}`} className="font-medium text-brand-700 hover:underline">{a.name}</Link>{' '}
        {a.is_training_client ? <Badge tone="green">Training client</Badge> : null}
        {a.domain ? <span className="block text-xs text-slate-600">{a.domain}</span> : null}
      </>
    ),
  },
  { id: 'industry', header: 'Industry', className: 'hidden md:table-cell', cell: (a) => a.industry ?? '—' },
  { id: 'owner', header: 'Owner', className: 'hidden lg:table-cell', cell: (a) => a.owner_name ?? 'Unassigned' },
  { id: 'created', header: 'Created', className: 'hidden whitespace-nowrap sm:table-cell', cell: (a) => formatDate(a.created_at) },
];

/** The accounts list: grid, selection, bulk assign/tag/trash. */
export function AccountsGrid(props: Pick<RecordGridProps<AccountListRow>, 'rows' | 'members' | 'tags' | 'canWrite' | 'canTrash' | 'customProperties' | 'canExport'>) {
  return <RecordGrid entity="accounts" columns={columns} nameOf={(a) => a.name} {...props} />;
}
