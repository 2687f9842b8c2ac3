'use client';

import { type ReactNode, useId, useState } from 'react';

/**
 * A list's filters: always shown from tablet width; on a phone behind a "Filters" button
 * (with how many are set), so the list itself is on the first screen.
 */
export function FiltersDisclosure({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm hover:bg-slate-100 sm:hidden"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        Filters{active ? ` (${active})` : ''}
      </button>
      <div id={id} className={`${open ? 'flex w-full flex-wrap items-end gap-3' : 'hidden'} sm:contents`}>
        {children}
      </div>
    </>
  );
}
