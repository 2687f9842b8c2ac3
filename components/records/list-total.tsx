import type { ListTotal as Total } from '@/lib/crm/pagination';
import type { Member } from '@/lib/crm/members';

/** "1,204 contacts" (or "More than 10,000 contacts"): what the list's filters match, not just this page. */
export function ListTotal({ total, noun }: { total: Total | undefined; noun: [one: string, many: string] }) {
  if (!total) return null;
  const count = total.count.toLocaleString('en-GB');
  const word = total.count === 1 && !total.more ? noun[0] : noun[1];
  return (
    <p className="text-sm text-slate-700" data-testid="list-total" aria-live="polite">
      {total.more ? `More than ${count} ${word}` : `${count} ${word}`}
    </p>
  );
}

/** Owner filter choices of a list: anyone, me, nobody, or any member by name. */
export function ownerFilterOptions(members: Pick<Member, 'user_id' | 'display_name'>[]): [string, string][] {
  return [['', 'Anyone'], ['me', 'Me'], ['unassigned', 'Unassigned'], ...members.map((m): [string, string] => [m.user_id, m.display_name])];
}
