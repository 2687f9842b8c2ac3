'use client';

import Link from 'next/link';
import { ListGrid } from '@/components/records/list-grid';
import { Badge } from '@/components/ui/badge';
import type { GridColumn } from '@/components/ui/data-grid';
import type { CertificationListRow } from '@/lib/crm/training-lists';
import { certificationStatusLabels } from '@/lib/crm/training.schema';
import { formatDate, personName } from '@/lib/format';

const tones = { active: 'green', expired: 'amber', revoked: 'red' } as const;

// Column ids are the export's (lib/exports/columns.ts): "the columns shown" exports these.
const columns: GridColumn<CertificationListRow>[] = [
  { id: 'number', header: 'Number', cell: (c) => <span className="font-medium tabular-nums">{c.certificate_number}</span> },
  {
    id: 'holder',
    header: 'Holder',
    cell: (c) => (
      <Link href={`/contacts/${c.contact_id}`} className="text-brand-700 hover:underline">
        {c.last_name ? personName(c) : 'A contact you cannot see'}
      </Link>
    ),
  },
  { id: 'course', header: 'Course', className: 'hidden md:table-cell', cell: (c) => `${c.course_code} · ${c.course_title}` },
  { id: 'issued', header: 'Issued', className: 'whitespace-nowrap', cell: (c) => formatDate(c.issued_at) },
  { id: 'expires', header: 'Expires', className: 'whitespace-nowrap', cell: (c) => (c.expires_at ? formatDate(c.expires_at) : 'Never') },
  { id: 'status', header: 'Status', cell: (c) => <Badge tone={tones[c.status]}>{certificationStatusLabels[c.status]}</Badge> },
];

export function CertificationsGrid({ rows, canExport }: { rows: CertificationListRow[]; canExport: boolean }) {
  return <ListGrid list="certifications" rows={rows} columns={columns} canExport={canExport} />;
}
