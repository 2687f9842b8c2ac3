import type { Metadata } from 'next';
import { DuplicatesScreen } from '@/components/records/duplicates-screen';
import type { PageSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate accounts' };

/** Pairs of accounts that look like one company, newest first; each opens the side-by-side merge. */
export default function AccountDuplicatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  return <DuplicatesScreen object="accounts" why="the same website domain, or a similar name once “Ltd”, “GmbH”, “Inc” and the like are set aside" searchParams={searchParams} />;
}
