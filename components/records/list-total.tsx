import { Suspense } from 'react';
import type { ListTotal as Total } from '@/lib/crm/pagination';
import type { Member } from '@/lib/crm/members';

/**
 * "1,204 contacts" (or "More than 10,000 contacts"): what the list's filters match, not just
 * this page. When a search or custom filter had more candidates than it considers, it says so
 * rather than pass the rows it can show off as all of them. Counted by its own query, streamed in after the rows, so a slow count never holds
 * up the list.
 */
export function ListTotal({ total, noun }: { total: Promise<Total>; noun: [one: string, many: string] }) {
  return (
    <Suspense fallback={<p className="text-sm text-slate-600">Counting…</p>}>
      <CountedTotal total={total} noun={noun} />
    </Suspense>
  );
}

async function CountedTotal({ total, noun }: { total: Promise<Total>; noun: [one: string, many: string] }) {
  const counted = await total.catch(() => null);
  if (!counted) return null;
  const count = counted.count.toLocaleString('en-GB');
  const word = counted.count === 1 && !counted.more ? noun[0] : noun[1];
  return (
    <p className="text-sm text-slate-700" data-testid="list-total" aria-live="polite">
      {counted.partial
        ? `${count} ${noun[1]} found — there may be more: narrow the search or filters to see them`
        : counted.more
          ? `More than ${count} ${word}`
          : `${count} ${word}`}
    </p>
  );
}

/** Owner filter choices of a list: anyone, me, nobody, or any member by name. */
export function ownerFilterOptions(members: Pick<Member, 'user_id' | 'display_name'>[]): [string, string][] {
  return [['', 'Anyone'], ['me', 'Me'], ['unassigned', 'Unassigned'], ...members.map((m): [string, string] => [m.user_id, m.display_name])];
}
