'use client';

import dynamic from 'next/dynamic';

/** Recharts draws only in a browser: it loads after the record page, in a box of its own size. */
export const ScoreHistoryChart = dynamic(() => import('./score-history-chart'), {
  ssr: false,
  loading: () => <div className="h-40 w-full animate-pulse rounded bg-slate-100" aria-hidden="true" />,
});
