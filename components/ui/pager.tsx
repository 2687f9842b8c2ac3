import Link from 'next/link';

/** Keyset pagination links that keep the current filters in the URL. */
export function Pager({ basePath, params, nextCursor }: { basePath: string; params: Record<string, string>; nextCursor: string | null }) {
  const { cursor, ...filters } = params;
  const href = (extra: Record<string, string>) => `${basePath}?${new URLSearchParams({ ...filters, ...extra })}`;
  if (!cursor && !nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="flex gap-3">
      {cursor ? (
        <Link href={href({})} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
          First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link href={href({ cursor: nextCursor })} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
