import type { Metadata } from 'next';
import { DuplicatesScreen } from '@/components/records/duplicates-screen';
import type { PageSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate leads' };

/** Pairs of open leads that look like one person, newest first; each opens the side-by-side merge. */
export default function LeadDuplicatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  return <DuplicatesScreen object="leads" why="the same mailbox (ignoring case, +tags and Gmail dots), the same phone number, or a similar name at the same company; converted leads are left out" searchParams={searchParams} />;
}
