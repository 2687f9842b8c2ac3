'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type HourPoint = { hour: string; opens: number; clicks: number };

const label = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Opens and clicks per hour (Recharts). The report's table holds the figures for screen readers. */
export default function EngagementChart({ points }: { points: HourPoint[] }) {
  return (
    <div role="img" aria-label="Line chart of opens and clicks per hour; the totals are in the report above." className="h-64 w-full" data-testid="engagement-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="hour" tickFormatter={label} tick={{ fontSize: 11, fill: 'var(--color-slate-700)' }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--color-slate-700)' }} width={40} tickLine={false} axisLine={false} />
          <Tooltip labelFormatter={(value) => label(String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="opens" name="Opens" stroke="var(--color-accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="clicks" name="Clicks" stroke="#B45309" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
