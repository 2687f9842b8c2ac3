import type { Metadata } from 'next';
import Link from 'next/link';
import { DuplicatePairs } from '@/components/records/duplicate-pairs';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { canMerge, duplicateQueue } from '@/lib/crm/merges';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate accounts' };

/** Pairs of accounts that look like one company, newest first; each opens the side-by-side merge. */
export default async function AccountDuplicatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const { rows: pairs, nextCursor } = await duplicateQueue(staff, undefined, params.cursor, 'accounts');
  const merges = canMerge(staff.role);
  return (
    <div className="max-w-5xl space-y-4">
      <p className="text-sm">
        <Link href="/accounts" className="text-brand-700 underline">
          ← Accounts
        </Link>
      </p>
      <PageHeader
        title="Duplicate accounts"
        subtitle={merges ? 'Accounts that look like the same company: the same website domain, or a similar name once “Ltd”, “GmbH”, “Inc” and the like are set aside. Compare a pair to merge it; a merge can be undone for 30 days.' : 'Accounts that look like the same company. Admins and managers merge them.'}
      />
      <DuplicatePairs object="accounts" pairs={pairs} canMerge={merges} emptyText="No likely duplicates among the accounts you can see." />
      <Pager basePath="/accounts/duplicates" params={params.cursor ? { cursor: params.cursor } : {}} nextCursor={nextCursor} />
    </div>
  );
}
