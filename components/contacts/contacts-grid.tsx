'use client';

import Link from 'next/link';
import { MarketingConsentBadge } from '@/components/marketing/marketing-consent-badge';
import { RecordGrid, type RecordGridProps } from '@/components/records/record-grid';
import type { GridColumn } from '@/components/ui/data-grid';
import type { ContactListRow } from '@/lib/crm/contacts';
import { formatDate, personName } from '@/lib/format';

const columns: GridColumn<ContactListRow>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: (contact) => (
      <>
        <Link href={`/contacts/${contact.id}`} className="font-medium text-brand-700 hover:underline">{personName(contact)}</Link>
        {contact.job_title ? <span className="block text-xs text-slate-600">{contact.job_title}</span> : null}
      </>
    ),
  },
  { id: 'account', header: 'Account', className: 'hidden md:table-cell', cell: (contact) => contact.account_name ?? '—' },
  { id: 'email', header: 'Email', className: 'hidden xl:table-cell', cell: (contact) => contact.email ?? '—' },
  { id: 'stage', header: 'Stage', className: 'capitalize', cell: (contact) => contact.lifecycle_stage },
  { id: 'owner', header: 'Owner', className: 'hidden lg:table-cell', cell: (contact) => contact.owner_name ?? 'Unassigned' },
  { id: 'marketing', header: 'Marketing email', className: 'hidden lg:table-cell whitespace-nowrap', cell: (contact) => <MarketingConsentBadge granted={contact.marketing_consent} /> },
  { id: 'created', header: 'Created', className: 'hidden whitespace-nowrap sm:table-cell', cell: (contact) => formatDate(contact.created_at) },
];

/** The contacts list: grid, selection, bulk assign/tag/trash. */
export function ContactsGrid(props: Pick<RecordGridProps<ContactListRow>, 'rows' | 'members' | 'tags' | 'canWrite' | 'canTrash' | 'customProperties' | 'canExport'>) {
  return <RecordGrid entity="contacts" columns={columns} nameOf={personName} {...props} />;
}
