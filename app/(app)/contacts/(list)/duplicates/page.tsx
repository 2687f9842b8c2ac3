import type { Metadata } from 'next';
import Link from 'next/link';
import { BulkMerge } from '@/components/contacts/bulk-merge';
import { Badge } from '@/components/ui/badge';
import { Pager } from '@/components/ui/pager';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { canMerge, duplicateQueue, duplicateReasonLabels, type DuplicateSide } from '@/lib/crm/merges';
import { formatDate } from '@/lib/format';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicate contacts' };

function Side({ side }: { side: DuplicateSide }) {
  return (
    <div className="min-w-0">
      <Link href={`/contacts/${side.id}`} className="font-medium text-brand-700 underline break-words">
        {side.name || side.email || 'Unnamed'}
      </Link>
      <p className="text-slate-700 break-all">{[side.email, side.phone].filter(Boolean).join(' · ')}</p>
      <p className="text-xs text-slate-600">Added {formatDate(side.created_at)}</p>
    </div>
  );
}

/** Pairs of contacts that look like one person, most certain first; each opens the side-by-side merge. */
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
      {pairs.length === 0 ? <EmptyState title="No likely duplicates among the contacts you can see." /> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="duplicate-pairs">
        {pairs.map((pair) => (
          <li key={`${pair.a.id}-${pair.b.id}`} className="grid gap-3 px-4 py-3 text-sm sm:grid-cols-[1fr_1fr_auto] sm:items-center" data-testid="duplicate-pair">
            <Side side={pair.a} />
            <Side side={pair.b} />
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={pair.confidence >= 0.9 ? 'amber' : 'slate'}>
                {duplicateReasonLabels[pair.reason]} · {Math.round(pair.confidence * 100)}%
              </Badge>
              {merges ? (
                <Link href={`/contacts/merge?ids=${pair.a.id},${pair.b.id}`} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 font-medium">
                  Compare and merge
                  <span className="sr-only">
                    {' '}
                    {pair.a.name} and {pair.b.name}
                  </span>
                </Link>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <Pager basePath="/contacts/duplicates" params={params.cursor ? { cursor: params.cursor } : {}} nextCursor={nextCursor} />
    </div>
  );
}
