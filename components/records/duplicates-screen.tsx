import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { requireStaff, type StaffSession } from '@/lib/auth/current-staff';
import { canMerge, duplicateQueue, duplicateReasonLabels, type DuplicatePair, type DuplicateSide, MERGE_UNDO_DAYS, type MergeObject } from '@/lib/crm/merges';
import { formatDate } from '@/lib/format';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

function Side({ object, side }: { object: MergeObject; side: DuplicateSide }) {
  return (
    <div className="min-w-0">
      <Link href={`/${object}/${side.id}`} className="font-medium text-brand-700 underline break-words">
        {side.name || side.details[0] || 'Unnamed'}
      </Link>
      <p className="text-slate-700 break-all">{side.details.join(' · ')}</p>
      <p className="text-xs text-slate-600">Added {formatDate(side.created_at)}</p>
    </div>
  );
}

/** A page of the duplicates queue: each pair, why it was found, and (for those who merge) the side-by-side merge. */
function DuplicatePairs({ object, pairs, canMerge, emptyText }: { object: MergeObject; pairs: DuplicatePair[]; canMerge: boolean; emptyText: string }) {
  if (pairs.length === 0) return <EmptyState title={emptyText} />;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="duplicate-pairs">
      {pairs.map((pair) => (
        <li key={`${pair.a.id}-${pair.b.id}`} className="grid gap-3 px-4 py-3 text-sm sm:grid-cols-[1fr_1fr_auto] sm:items-center" data-testid="duplicate-pair">
          <Side object={object} side={pair.a} />
          <Side object={object} side={pair.b} />
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={pair.confidence >= 0.9 ? 'amber' : 'slate'}>
              {duplicateReasonLabels[object][pair.reason] ?? pair.reason} · {Math.round(pair.confidence * 100)}%
            </Badge>
            {canMerge ? (
              <Link href={`/${object}/merge?ids=${pair.a.id},${pair.b.id}`} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 font-medium">
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
  );
}

const listLabels: Record<MergeObject, { list: string; noun: string; kind: string }> = {
  contacts: { list: 'Contacts', noun: 'contacts', kind: 'the same person' },
  accounts: { list: 'Accounts', noun: 'accounts', kind: 'the same company' },
  leads: { list: 'Leads', noun: 'leads', kind: 'the same person' },
};

/**
 * A duplicates page: the way back to the list, what makes a pair (`why`), the queue a page at
 * a time and, for admins, anything more the object offers (`extra`: the contacts' bulk merge).
 */
export async function DuplicatesScreen({ object, why, searchParams, extra }: { object: MergeObject; why: string; searchParams: PageSearchParams; extra?: (staff: StaffSession) => React.ReactNode }) {
  const staff = await requireStaff();
  const params = await readSearchParams(searchParams);
  const { rows: pairs, nextCursor } = await duplicateQueue(staff, undefined, params.cursor, object);
  const merges = canMerge(staff.role);
  const labels = listLabels[object];
  return (
    <div className="max-w-5xl space-y-4">
      <p className="text-sm">
        <Link href={`/${object}`} className="text-brand-700 underline">
          ← {labels.list}
        </Link>
      </p>
      <PageHeader
        title={`Duplicate ${labels.noun}`}
        subtitle={merges ? `${labels.list} that look like ${labels.kind}: ${why}. Compare a pair to merge it; a merge can be undone for ${MERGE_UNDO_DAYS} days.` : `${labels.list} that look like ${labels.kind}. Admins and managers merge them.`}
      />
      {extra?.(staff)}
      <DuplicatePairs object={object} pairs={pairs} canMerge={merges} emptyText={`No likely duplicates among the ${labels.noun} you can see.`} />
      <Pager basePath={`/${object}/duplicates`} params={params.cursor ? { cursor: params.cursor } : {}} nextCursor={nextCursor} />
    </div>
  );
}
