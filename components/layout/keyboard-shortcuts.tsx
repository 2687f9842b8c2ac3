'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { creatableLists, goToShortcuts } from '@/lib/navigation';
import { openCommandPalette } from './command-palette';

/** Keys typed into a field, or with a modifier, or while a dialog is open, are not shortcuts. */
function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [role="combobox"]')) return true;
  return Boolean(document.querySelector('dialog[open]'));
}

/**
 * The app's keyboard shortcuts: `?` lists them, `/` searches, `c` creates (on a list, a record
 * of that list), `g` then a letter goes to a list.
 */
export function KeyboardShortcuts({ canCreate }: { canCreate: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const help = useRef<HTMLDialogElement>(null);
  const awaitingGo = useRef<number | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (ignored(event)) return;
      if (awaitingGo.current !== null) {
        window.clearTimeout(awaitingGo.current);
        awaitingGo.current = null;
        const target = goToShortcuts[event.key.toLowerCase()];
        if (target) {
          event.preventDefault();
          router.push(target.href);
        }
        return;
      }
      if (event.key === '?') {
        event.preventDefault();
        help.current?.showModal();
      } else if (event.key === '/') {
        event.preventDefault();
        openCommandPalette();
      } else if (event.key === 'c' && canCreate) {
        event.preventDefault();
        const list = creatableLists.find((l) => pathname === l);
        if (list) router.push(`${list}/new`);
        else openCommandPalette('New ');
      } else if (event.key === 'g') {
        awaitingGo.current = window.setTimeout(() => {
          awaitingGo.current = null;
        }, 1500);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, pathname, canCreate]);

  return (
    <dialog ref={help} aria-labelledby="shortcuts-title" className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl bg-white p-5 text-slate-900 shadow-2xl backdrop:bg-black/50" data-testid="shortcuts-help">
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid grid-cols-[6rem_1fr] gap-x-3 gap-y-2 text-sm">
        <Shortcut keys={['?']} what="Show these shortcuts" />
        <Shortcut keys={['/']} what="Search" />
        <Shortcut keys={['Ctrl', 'K']} what="Search, or run a command" />
        {canCreate ? <Shortcut keys={['c']} what="Create: on a list, a new record of that list" /> : null}
        {Object.entries(goToShortcuts).map(([key, target]) => (
          <Shortcut key={key} keys={['g', key]} what={`Go to ${target.label}`} />
        ))}
        <Shortcut keys={['Esc']} what="Close a dialog, or cancel an edit" />
      </dl>
      <form method="dialog" className="mt-4 text-right">
        <button type="submit" className="min-h-10 rounded-md border border-slate-300 px-4 text-sm hover:bg-slate-100">
          Close
        </button>
      </form>
    </dialog>
  );
}

function Shortcut({ keys, what }: { keys: string[]; what: string }) {
  return (
    <>
      <dt className="flex gap-1">
        {keys.map((k) => (
          <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs">
            {k}
          </kbd>
        ))}
      </dt>
      <dd>{what}</dd>
    </>
  );
}
