'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '@/lib/format';

export type StageValue = { name: string; total: number; weighted: number };

const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * A stage name under its bars, slanted so that neighbours never run into each other however
 * narrow the chart (a phone shows seven stages in ~300 px), and shortened past 14 characters
 * (the full name is in the table below).
 */
function StageTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value: string } }) {
  const name = String(payload?.value ?? '');
  const label = name.length > 14 ? `${name.slice(0, 13)}…` : name;
  return (
    <text x={Number(x)} y={Number(y) + 10} textAnchor="end" fontSize={11} fill="var(--color-slate-700)" transform={`rotate(-35 ${Number(x)} ${Number(y) + 10})`}>
      <title>{name}</title>
      {label}
    </text>
  );
}

/**
 * Pipeline value per stage, total beside weighted (Recharts). The table under it carries the
 * same figures for screen readers and copy-paste, so the chart itself is an image to them.
 */
export default function PipelineChart({ stages, currency }: { stages: StageValue[]; currency: string }) {
  return (
    <div role="img" aria-label="Bar chart of total and weighted pipeline value per stage; the figures are in the table below." className="h-72 w-full" data-testid="pipeline-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={stages} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
          <XAxis dataKey="name" tick={<StageTick />} height={72} interval={0} tickLine={false} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} tick={{ fontSize: 12, fill: 'var(--color-slate-700)' }} width={48} tickLine={false} axisLine={false} />
          <Tooltip formatter={(value) => formatMoney(Number(value), currency)} cursor={{ fill: 'var(--color-slate-100)' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="total" name="Total" fill="var(--color-accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="weighted" name="Weighted" fill="var(--color-blue-400, #60a5fa)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
