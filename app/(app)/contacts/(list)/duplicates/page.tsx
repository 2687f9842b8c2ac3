import type { Metadata } from 'next';
import { BulkMergeSection } from '@/components/contacts/bulk-merge-section';
import { DuplicatesScreen } from '@/components/records/duplicates-screen';
import type { PageSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate contacts' };

/** Pairs of contacts that look like one person, newest first; each opens the side-by-side merge. */
export default function DuplicatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  return (
    <DuplicatesScreen
      object="contacts"
      why="the same mailbox (ignoring case, +tags and Gmail dots), the same phone number, or a similar name at the same account"
      searchParams={searchParams}
      extra={(staff) => (staff.role === 'admin' ? <BulkMergeSection staff={staff} /> : null)}
    />
  );
}
