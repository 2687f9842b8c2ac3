'use client';

import { type RefObject, useEffect, useRef } from 'react';

/** Closes a popover (a menu, the bell) on Escape or on a press outside `box`, while it is open. */
export function useDismiss(open: boolean, box: RefObject<HTMLElement | null>, close: () => void): void {
  // The latest close, without re-subscribing on every render.
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!open) return;
    const dismiss = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) latest.current();
    };
    window.addEventListener('mousedown', dismiss);
    window.addEventListener('keydown', dismiss);
    return () => {
      window.removeEventListener('mousedown', dismiss);
      window.removeEventListener('keydown', dismiss);
    };
  }, [open, box]);
}
