'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney } from '@/lib/format';

export type StageValue = { name: string; total: number; weighted: number };

const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * Pipeline value per stage, total beside weighted (Recharts). The table under it carries the
 * same figures for screen readers and copy-paste, so the chart itself is an image to them.
 */
export default function PipelineChart({ stages, currency }: { stages: StageValue[]; currency: string }) {
  return (
    <div role="img" aria-label="Bar chart of total and weighted pipeline value per stage; the figures are in the table below." className="h-56 w-full" data-testid="pipeline-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={stages} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#334155' }} interval={0} tickLine={false} />
          <YAxis tickFormatter={(v: number) => compact.format(v)} tick={{ fontSize: 12, fill: '#334155' }} width={48} tickLine={false} axisLine={false} />
          <Tooltip formatter={(value) => formatMoney(Number(value), currency)} cursor={{ fill: '#f1f5f9' }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="total" name="Total" fill="#1d4ed8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="weighted" name="Weighted" fill="#60a5fa" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
