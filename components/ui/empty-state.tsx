import type { ReactNode } from 'react';

/** Shown instead of an empty list: what is missing and the next useful action. */
export function EmptyState({ title, action }: { title: string; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
      <p className="font-medium">{title}</p>
      {action ? <p className="mt-1 text-sm text-slate-700">{action}</p> : null}
    </div>
  );
}
