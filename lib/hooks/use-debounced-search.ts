'use client';

import { useEffect, useRef, useState } from 'react';
import type { ActionResult } from '../actions';

export type SearchState = 'idle' | 'searching' | 'done' | 'error';

/**
 * Results of a server search for what the user is typing, asked for once typing pauses and
 * only from two characters on. A failed call shows as 'error', never as an unhandled rejection.
 * `scope` names anything else the search depends on (e.g. the kind of record).
 */
export function useDebouncedSearch<T>(q: string, search: (term: string) => Promise<ActionResult<T[]>>, scope = '', delay = 200): { hits: T[]; state: SearchState } {
  const [hits, setHits] = useState<T[]>([]);
  const [state, setState] = useState<SearchState>('idle');
  const latest = useRef(search);
  latest.current = search;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scope is what else the search depends on (the kind of record, say)
  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setHits([]);
      setState('idle');
      return;
    }
    setState('searching');
    let current = true;
    const timer = setTimeout(() => {
      latest.current(term).then(
        (result) => {
          if (!current) return;
          setHits(result.ok ? result.data : []);
          setState(result.ok ? 'done' : 'error');
        },
        () => current && setState('error'),
      );
    }, delay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, scope, delay]);
  return { hits, state };
}
