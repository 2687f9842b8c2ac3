'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Refreshes the page every few seconds while an export is still being written: the live
 * feed tells the page about progress as it happens, and this covers what it cannot — a
 * change made before the page's stream connected, or a stream that is down.
 */
export function RefreshWhilePending({ pending, everyMs = 2000 }: { pending: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [pending, everyMs, router]);
  return null;
}
