'use client';

import dynamic from 'next/dynamic';

/** Recharts draws only in a browser: it loads after the report, in a box of its own size. */
export const EngagementChart = dynamic(() => import('./engagement-chart'), {
  ssr: false,
  loading: () => <div className="h-64 w-full animate-pulse rounded bg-slate-100" aria-hidden="true" />,
});
