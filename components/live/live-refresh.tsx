'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

export type Watch = { table: string; ids?: string[] };

// A page may watch with several LiveRefresh at once (a board and its totals): one says
// "reconnecting" for all of them — the first mounted that is still there.
const mounted: symbol[] = [];
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const changed = () => {
  for (const listener of listeners) listener();
};

/**
 * Re-renders the page (server components re-read under the user's RLS) when the live event
 * stream reports a change this page shows. When the stream drops (the server restarting, the
 * network gone) the page says it is reconnecting; once it is back, the page re-reads, so a
 * change made meanwhile is not missed.
 */
export function LiveRefresh({ watch, testId = 'live-status' }: { watch: Watch[]; testId?: string }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'ready' | 'signed-out'>('connecting');
  const [lost, setLost] = useState(false);
  const wasReady = useRef(false);
  const [me] = useState(() => Symbol('live'));
  useEffect(() => {
    mounted.push(me);
    changed();
    return () => {
      mounted.splice(mounted.indexOf(me), 1);
      changed();
    };
  }, [me]);
  const speaks = useSyncExternalStore(
    subscribe,
    () => mounted[0] === me,
    () => false,
  );
  const key = JSON.stringify(watch);
  useEffect(() => {
    const interests: Watch[] = JSON.parse(key);
    const source = new EventSource('/api/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('ready', () => {
      // Back after a drop: whatever changed meanwhile was not streamed, so read the page again.
      if (wasReady.current) router.refresh();
      wasReady.current = true;
      setLost(false);
      setState('ready');
    });
    source.addEventListener('error', () => {
      if (wasReady.current) setLost(true);
      setState((current) => (current === 'signed-out' ? current : 'connecting'));
    });
    // The session ended elsewhere (sign-out, deactivation): stop, and do not reconnect.
    source.addEventListener('signed-out', () => {
      source.close();
      setLost(false);
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
  // The marker is invisible: it lets tests (and curious developers) see whether the page is live.
  return (
    <>
      <span hidden data-testid={testId} data-state={state} />
      {speaks && lost && state !== 'signed-out' ? (
        <p role="status" className="fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-full bg-amber-100 px-4 py-2 text-sm text-amber-950 shadow" data-testid="live-reconnecting">
          Reconnecting… changes made elsewhere will show once the connection is back.
        </p>
      ) : null}
    </>
  );
}
