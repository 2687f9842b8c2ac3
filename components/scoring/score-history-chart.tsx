'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ScorePoint = { day: string; score: number };

const label = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A person's score per day (Recharts), with the marketing-qualified threshold as a line. The card's figures say the same in text. */
export default function ScoreHistoryChart({ points, threshold }: { points: ScorePoint[]; threshold: number }) {
  return (
    <div role="img" aria-label={`Line chart of the score over the last 90 days, from ${points[0]?.score ?? 0} to ${points.at(-1)?.score ?? 0}; the qualified threshold is ${threshold}.`} className="h-40 w-full" data-testid="score-history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="day" tickFormatter={label} tick={{ fontSize: 11, fill: 'var(--color-slate-700)' }} minTickGap={24} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 100]} tick={{ fontSize: 11, fill: 'var(--color-slate-700)' }} width={28} tickLine={false} axisLine={false} />
          <Tooltip labelFormatter={(value) => label(String(value))} formatter={(value) => [value, 'Score']} />
          <ReferenceLine y={threshold} stroke="#B45309" strokeDasharray="4 4" />
          <Line type="stepAfter" dataKey="score" stroke="var(--color-accent)" strokeWidth={2} dot={points.length < 3} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
