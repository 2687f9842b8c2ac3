'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

export type Watch = { table: string; ids?: string[] };

/**
 * Re-renders the page (server components re-read under the user's RLS) when the live event
 * stream reports a change this page shows.
 */
export function LiveRefresh({ watch, testId = 'live-status' }: { watch: Watch[]; testId?: string }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'ready' | 'signed-out'>('connecting');
  const key = JSON.stringify(watch);
  useEffect(() => {
    const interests: Watch[] = JSON.parse(key);
    const source = new EventSource('/api/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('ready', () => setState('ready'));
    source.addEventListener('error', () => setState((current) => (current === 'signed-out' ? current : 'connecting')));
    // The session ended elsewhere (sign-out, deactivation): stop, and do not reconnect.
    source.addEventListener('signed-out', () => {
      source.close();
      setState('signed-out');
    });
    source.addEventListener('change', (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as { t: string; ids: string[] | null };
      const relevant = interests.some((w) => w.table === change.t && (!w.ids || !change.ids || w.ids.some((id) => change.ids?.includes(id))));
      if (!relevant) return;
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 150);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [key, router]);
  // Invisible; lets tests (and curious developers) see whether the page is live.
  return <span hidden data-testid={testId} data-state={state} />;
}
