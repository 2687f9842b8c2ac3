'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { globalSearchAction } from '@/app/actions/search';
import { useDebouncedSearch } from '@/lib/hooks/use-debounced-search';
import type { SearchHit } from '@/lib/crm/search';

const kindLabel = { lead: 'Lead', contact: 'Contact', account: 'Account', opportunity: 'Opportunity', command: 'Action' } as const;

const OPEN_EVENT = 'cohort:open-search';

/** Opens the palette from anywhere (the sidebar's search button, the "/" shortcut), optionally with a query. */
export function openCommandPalette(query = ''): void {
  window.dispatchEvent(new CustomEvent(OPEN_EVENT, { detail: query }));
}

/** Something the palette can do besides opening a record ("New contact…"), shown to those who may. */
export type PaletteCommand = { id: string; title: string; href: string };
type Entry = SearchHit | (PaletteCommand & { kind: 'command'; detail: null });

/**
 * Ctrl/Cmd-K search across leads, contacts, accounts and opportunities, with the create
 * commands the user may run. A native modal <dialog> gives focus trapping and Escape; arrow
 * keys move through the results.
 */
export function CommandPalette({ commands }: { commands: PaletteCommand[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        dialog.current?.showModal();
      }
    };
    const onOpen = (event: Event) => {
      setQ(String((event as CustomEvent<string>).detail ?? ''));
      setActive(0);
      dialog.current?.showModal();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, []);

  const { hits, state } = useDebouncedSearch(q, globalSearchAction);

  const term = q.trim().toLowerCase();
  const matching: Entry[] = commands.filter((c) => !term || c.title.toLowerCase().includes(term)).map((c) => ({ ...c, kind: 'command' as const, detail: null }));
  const entries: Entry[] = [...matching, ...hits];

  const open = (hit: Entry | undefined) => {
    if (!hit) return;
    dialog.current?.close();
    setQ('');
    router.push(hit.href);
  };

  return (
    <dialog ref={dialog} aria-label="Search records" className="m-auto mt-[10vh] w-[min(40rem,calc(100vw-2rem))] rounded-xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-black/50" data-testid="command-palette">
        <div className="border-b border-slate-200 p-3">
          <label htmlFor="palette-input" className="sr-only">Search leads, contacts, accounts and opportunities</label>
          <input
            id="palette-input"
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(i + 1, entries.length - 1)); }
              if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)); }
              if (e.key === 'Enter') { e.preventDefault(); open(entries[active]); }
            }}
            role="combobox"
            aria-expanded={entries.length > 0}
            aria-controls="palette-results"
            aria-activedescendant={entries[active] ? `hit-${entries[active].id}` : undefined}
            placeholder="Search, or type “new”…"
            className="block min-h-10 w-full rounded-md border border-slate-300 px-3"
          />
        </div>
        <p role="status" className="px-4 pt-2 text-xs text-slate-700">
          {state === 'searching' ? 'Searching…' : state === 'error' ? 'Search failed; try again.' : state === 'done' ? `${hits.length} record${hits.length === 1 ? '' : 's'} found` : 'Type at least two characters to search records.'}
        </p>
        <div id="palette-results" role="listbox" aria-label="Results" className="max-h-96 overflow-y-auto p-2">
          {entries.map((hit, index) => (
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
  );
}
