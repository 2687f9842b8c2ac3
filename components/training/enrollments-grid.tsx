'use client';

import Link from 'next/link';
import { ListGrid } from '@/components/records/list-grid';
import { Badge } from '@/components/ui/badge';
import type { GridColumn } from '@/components/ui/data-grid';
import type { EnrollmentListRow } from '@/lib/crm/training-lists';
import { enrollmentStatusLabels } from '@/lib/crm/training.schema';
import { formatDate, formatDateTime, personName } from '@/lib/format';

const tones = { enrolled: 'green', waitlisted: 'amber', attended: 'blue', completed: 'blue', cancelled: 'red', no_show: 'red' } as const;

// Column ids are the export's (lib/exports/columns.ts): "the columns shown" exports these.
const columns: GridColumn<EnrollmentListRow>[] = [
  {
    id: 'trainee',
    header: 'Trainee',
    cell: (e) => (
      <Link href={`/contacts/${e.contact_id}`} className="font-medium text-brand-700 hover:underline">
        {e.last_name ? personName(e) : 'A contact you cannot see'}
      </Link>
    ),
  },
  { id: 'email', header: 'Email', className: 'hidden xl:table-cell', cell: (e) => e.email ?? '—' },
  { id: 'course', header: 'Course', cell: (e) => `${e.course_code} · ${e.course_title}` },
  {
    id: 'session',
    header: 'Session',
    className: 'whitespace-nowrap',
    cell: (e) => (
      <Link href={`/training/sessions/${e.session_id}`} className="text-brand-700 hover:underline">
        {formatDateTime(e.starts_at)}
      </Link>
    ),
  },
  { id: 'status', header: 'Status', cell: (e) => <Badge tone={tones[e.status]}>{enrollmentStatusLabels[e.status]}</Badge> },
  { id: 'paying_account', header: 'Paying account', className: 'hidden lg:table-cell', cell: (e) => e.paying_account_name ?? '—' },
  { id: 'created', header: 'Booked', className: 'hidden whitespace-nowrap sm:table-cell', cell: (e) => formatDate(e.created_at) },
];

export function EnrollmentsGrid({ rows, canExport }: { rows: EnrollmentListRow[]; canExport: boolean }) {
  return <ListGrid list="enrollments" rows={rows} columns={columns} canExport={canExport} />;
}
