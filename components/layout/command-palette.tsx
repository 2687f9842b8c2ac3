'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { globalSearchAction } from '@/app/actions/search';
import type { SearchHit } from '@/lib/crm/search';

const kindLabel = { lead: 'Lead', contact: 'Contact', account: 'Account', opportunity: 'Opportunity' } as const;

/**
 * Ctrl/Cmd-K search across leads, contacts, accounts and opportunities. A native modal
 * <dialog> gives focus trapping and Escape; arrow keys move through the results.
 */
export function CommandPalette() {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [state, setState] = useState<'idle' | 'searching' | 'done' | 'error'>('idle');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        dialog.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (q.trim().length < 2) {
      setHits([]);
      setState('idle');
      return;
    }
    setState('searching');
    const timer = setTimeout(async () => {
      const result = await globalSearchAction(q);
      if (result.ok) {
        setHits(result.data);
        setActive(0);
        setState('done');
      } else setState('error');
    }, 200);
    return () => clearTimeout(timer);
  }, [q]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    dialog.current?.close();
    setQ('');
    router.push(hit.href);
  };

  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} className="min-h-10 rounded-md border border-slate-300 px-3 text-sm text-slate-700 hover:bg-slate-100">
        Search <kbd className="ml-1 rounded border border-slate-300 px-1 text-xs">Ctrl K</kbd>
      </button>
      <dialog ref={dialog} aria-label="Search records" className="m-auto mt-[10vh] w-[min(40rem,calc(100vw-2rem))] rounded-xl p-0 shadow-2xl backdrop:bg-slate-900/40" data-testid="command-palette">
        <div className="border-b border-slate-200 p-3">
          <label htmlFor="palette-input" className="sr-only">Search leads, contacts, accounts and opportunities</label>
          <input
            id="palette-input"
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(i + 1, hits.length - 1)); }
              if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)); }
              if (e.key === 'Enter') { e.preventDefault(); open(hits[active]); }
            }}
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls="palette-results"
            aria-activedescendant={hits[active] ? `hit-${hits[active].id}` : undefined}
            placeholder="Search by name, email or company…"
            className="block min-h-10 w-full rounded-md border border-slate-300 px-3"
          />
        </div>
        <p role="status" className="px-4 pt-2 text-xs text-slate-700">
          {state === 'searching' ? 'Searching…' : state === 'error' ? 'Search failed; try again.' : state === 'done' ? `${hits.length} result${hits.length === 1 ? '' : 's'}` : 'Type at least two characters.'}
        </p>
        <div id="palette-results" role="listbox" aria-label="Results" className="max-h-96 overflow-y-auto p-2">
          {hits.map((hit, index) => (
            <div
              key={`${hit.kind}-${hit.id}`}
              id={`hit-${hit.id}`}
              role="option"
              aria-selected={index === active}
              tabIndex={-1}
              onMouseEnter={() => setActive(index)}
              onClick={() => open(hit)}
              onKeyDown={(e) => e.key === 'Enter' && open(hit)}
              className={`flex min-h-10 cursor-pointer items-center gap-3 rounded-md px-3 text-sm ${index === active ? 'bg-blue-50' : ''}`}
            >
              <span className="w-24 shrink-0 text-xs font-medium text-slate-700">{kindLabel[hit.kind]}</span>
              <span className="grow font-medium">{hit.title}</span>
              {hit.detail ? <span className="truncate text-slate-700">{hit.detail}</span> : null}
            </div>
          ))}
        </div>
      </dialog>
    </>
  );
}
