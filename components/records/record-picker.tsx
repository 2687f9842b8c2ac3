'use client';

import { useId, useState } from 'react';
import { searchKindAction } from '@/app/actions/search';
import { useDebouncedSearch } from '@/lib/hooks/use-debounced-search';
import type { SearchHit, SearchKind } from '@/lib/crm/search';

export type Picked = { id: string; title: string } | null;

/**
 * Choose a related record by typing part of its name (an accessible combobox: arrow keys move,
 * Enter picks, Escape closes). Suggestions are the records the user may see.
 */
export function RecordPicker({ kind, label, value, onChange, error }: { kind: SearchKind; label: string; value: Picked; onChange: (picked: Picked) => void; error?: string }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const { hits, state } = useDebouncedSearch(q, (term) => searchKindAction(kind, term), kind);

  const pick = (hit: SearchHit) => {
    onChange({ id: hit.id, title: hit.title });
    setQ('');
    setOpen(false);
  };

  if (value) {
    return (
      <div className="space-y-1">
        <span className="block text-sm font-medium text-slate-800" id={`${id}-label`}>
          {label}
        </span>
        <div className="flex min-h-10 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm">
          <span className="grow">{value.title}</span>
          <button type="button" className="text-brand-700 underline" onClick={() => onChange(null)} aria-label={`Change ${label.toLowerCase()} (now ${value.title})`}>
            Change
          </button>
        </div>
      </div>
    );
  }
  const listId = `${id}-list`;
  return (
    <div className="relative space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && hits[active] ? `${listId}-${hits[active].id}` : undefined}
        aria-invalid={error ? true : undefined}
        value={q}
        placeholder="Type to search"
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && open && hits[active]) {
            e.preventDefault();
            pick(hits[active]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
      />
      {open && q.trim().length >= 2 ? (
        <div id={listId} role="listbox" aria-label={`${label} suggestions`} className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white shadow-lg">
          {hits.map((hit, i) => (
            <div
              key={hit.id}
              id={`${listId}-${hit.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? 'bg-blue-50' : ''}`}
            >
              <span className="font-medium">{hit.title}</span>
              {hit.detail ? <span className="text-slate-600"> · {hit.detail}</span> : null}
            </div>
          ))}
          {state === 'done' && hits.length === 0 ? <p className="px-3 py-2 text-sm text-slate-700">No match you can see.</p> : null}
          {state === 'searching' ? <p className="px-3 py-2 text-sm text-slate-700">Searching…</p> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
