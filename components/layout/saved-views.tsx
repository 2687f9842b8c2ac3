'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition } from 'react';
import { deleteViewAction, saveViewAction } from '@/app/actions/views';
import { useToast } from '@/components/ui/toast';

type View = { id: string; name: string; query: string };

/** The user's saved views of a list, and saving the current filters under a name. */
export function SavedViews({ list, views }: { list: string; views: View[] }) {
  const router = useRouter();
  const search = useSearchParams();
  const toast = useToast();
  const [name, setName] = useState('');
  const [pending, start] = useTransition();
  const save = () =>
    start(async () => {
      const result = await saveViewAction({ list, name, query: search.toString() });
      toast(result.ok ? { tone: 'info', message: `View “${name}” saved.` } : { tone: 'error', message: result.message });
      if (result.ok) setName('');
      router.refresh();
    });
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="saved-views">
      <summary className="min-h-8 cursor-pointer font-medium">Saved views{views.length ? ` (${views.length})` : ''}</summary>
      <ul className="mt-2 space-y-1">
        {views.map((view) => (
          <li key={view.id} className="flex items-center gap-2">
            <Link href={`/${list}?${view.query}`} className="grow text-brand-700 underline">{view.name}</Link>
            <button type="button" className="min-h-8 rounded px-2 text-slate-700 hover:bg-slate-100" aria-label={`Delete view ${view.name}`} onClick={() => start(async () => { await deleteViewAction(view.id, list); router.refresh(); })}>
              Delete
            </button>
          </li>
        ))}
        {views.length === 0 ? <li className="text-slate-700">No saved views yet.</li> : null}
      </ul>
      <form className="mt-3 flex flex-wrap items-end gap-2" onSubmit={(event) => { event.preventDefault(); save(); }}>
        <div className="grow">
          <label htmlFor={`view-name-${list}`} className="block text-xs font-medium">Save the current filters as</label>
          <input id={`view-name-${list}`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. My hot webinar leads" className="block min-h-10 w-full rounded-md border border-slate-300 px-3" />
        </div>
        <button type="submit" disabled={pending || !name.trim()} className="min-h-10 rounded-md border border-slate-300 px-3 hover:bg-slate-100 disabled:text-slate-500">Save view</button>
      </form>
    </details>
  );
}
