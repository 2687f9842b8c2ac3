'use client';

import dynamic from 'next/dynamic';

/**
 * Recharts is the heaviest thing on the dashboard and only draws in a browser, so it loads
 * after the page (which is usable at once: the table holds the figures), in a box of the
 * chart's own size so nothing moves when it arrives.
 */
export const PipelineChart = dynamic(() => import('./pipeline-chart'), {
  ssr: false,
  loading: () => <div className="h-56 w-full animate-pulse rounded bg-slate-100" aria-hidden="true" />,
});
