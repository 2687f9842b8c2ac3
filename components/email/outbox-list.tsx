import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { OutboxSummary } from '@/lib/email/outbox';
import { formatDateTime } from '@/lib/format';

/** The outbox, newest first; the selected message is highlighted. */
export function OutboxList({ rows, selectedId, cursor }: { rows: OutboxSummary[]; selectedId?: string; cursor?: string }) {
  const href = (id: string) => `/dev/inbox?${new URLSearchParams({ ...(cursor ? { cursor } : {}), message: id })}`;
  return (
    <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="outbox-list">
      {rows.map((row) => (
        <li key={row.id} className={row.id === selectedId ? 'bg-blue-50' : undefined}>
          <Link
            href={href(row.id)}
            aria-current={row.id === selectedId ? 'true' : undefined}
            className="block px-4 py-3 hover:bg-slate-50"
            data-testid="outbox-row"
          >
            <span className="flex items-baseline justify-between gap-3">
              <span className="truncate font-medium">{row.subject}</span>
              <span className="shrink-0 text-xs text-slate-600">{formatDateTime(row.created_at)}</span>
            </span>
            <span className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <span className="truncate">To {row.to_address}</span>
              {row.template ? <Badge>{row.template}</Badge> : null}
              {row.category === 'marketing' ? <Badge tone="amber">marketing</Badge> : null}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
