import type { Metadata } from 'next';
import Link from 'next/link';
import { BulkMerge } from '@/components/contacts/bulk-merge';
import { DuplicatePairs } from '@/components/records/duplicate-pairs';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { canMerge, duplicateQueue } from '@/lib/crm/merges';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate contacts' };

/** Pairs of contacts that look like one person, newest first; each opens the side-by-side merge. */
export default async function DuplicatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const { rows: pairs, nextCursor } = await duplicateQueue(staff, undefined, params.cursor);
  const merges = canMerge(staff.role);
  return (
    <div className="max-w-5xl space-y-4">
      <p className="text-sm">
        <Link href="/contacts" className="text-brand-700 underline">
          ← Contacts
        </Link>
      </p>
      <PageHeader
        title="Duplicate contacts"
        subtitle={merges ? 'Contacts that look like the same person: the same mailbox (ignoring case, +tags and Gmail dots), the same phone number, or a similar name at the same account. Compare a pair to merge it; a merge can be undone for 30 days.' : 'Contacts that look like the same person. Admins and managers merge them.'}
      />
      {staff.role === 'admin' ? <BulkMerge /> : null}
      <DuplicatePairs object="contacts" pairs={pairs} canMerge={merges} emptyText="No likely duplicates among the contacts you can see." />
      <Pager basePath="/contacts/duplicates" params={params.cursor ? { cursor: params.cursor } : {}} nextCursor={nextCursor} />
    </div>
  );
}
