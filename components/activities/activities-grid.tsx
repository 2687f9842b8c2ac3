'use client';

import Link from 'next/link';
import { ListGrid } from '@/components/records/list-grid';
import type { GridColumn } from '@/components/ui/data-grid';
import type { ActivityListRow } from '@/lib/crm/activities';
import { activityKindLabels } from '@/lib/crm/activities.schema';
import { formatDateTime } from '@/lib/format';

const recordPaths = { contact: '/contacts', lead: '/leads', account: '/accounts', opportunity: '/opportunities' } as const;

// Column ids are the export's (lib/exports/columns.ts): "the columns shown" exports these.
const columns: GridColumn<ActivityListRow>[] = [
  { id: 'subject', header: 'Subject', cell: (a) => <span className="font-medium">{a.subject}</span> },
  { id: 'kind', header: 'Kind', cell: (a) => activityKindLabels[a.kind] },
  {
    id: 'record',
    header: 'Record',
    className: 'hidden md:table-cell',
    cell: (a) =>
      a.record_type && a.record_id ? (
        <Link href={`${recordPaths[a.record_type]}/${a.record_id}`} className="text-brand-700 hover:underline">
          {a.record_name ?? `A ${a.record_type} you cannot see`}
        </Link>
      ) : (
        '—'
      ),
  },
  { id: 'owner', header: 'Owner', className: 'hidden lg:table-cell', cell: (a) => a.owner_name ?? 'Unassigned' },
  { id: 'occurred', header: 'Date', className: 'whitespace-nowrap', cell: (a) => formatDateTime(a.occurred_at) },
  { id: 'due', header: 'Due', className: 'hidden whitespace-nowrap sm:table-cell', cell: (a) => (a.kind === 'task' ? `${formatDateTime(a.due_at)}${a.completed_at ? ' · done' : ''}` : '—') },
];

export function ActivitiesGrid({ rows, canExport }: { rows: ActivityListRow[]; canExport: boolean }) {
  return <ListGrid list="activities" rows={rows} columns={columns} canExport={canExport} />;
}
