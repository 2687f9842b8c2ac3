import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatDate } from '@/lib/format';
import type { PersonScore } from '@/lib/marketing/scoring';
import { ScoreHistoryChart } from './score-history-chart-lazy';

const signed = (points: number) => `${points > 0 ? '+' : points < 0 ? '−' : ''}${Math.abs(points).toLocaleString('en-GB', { maximumFractionDigits: 1 })}`;

/**
 * A lead's or contact's score on its record page: the number, whether it qualified, why
 * ("why 72": every rule that counted, largest first) and the last 90 days. `fallback` is a
 * lead's own score while its organisation has no scoring rules.
 */
export function ScoreCard({ score, fallback }: { score: PersonScore; fallback?: number }) {
  const value = score.scoredAt || fallback === undefined ? score.score : fallback;
  const sum = score.breakdown.reduce((total, reason) => total + reason.points, 0);
  return (
    <section aria-labelledby="score-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="score-card">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="score-heading" className="text-sm font-semibold text-slate-700">
          Lead score
        </h2>
        {score.qualifiedAt ? <Badge tone="green">Marketing-qualified since {formatDate(score.qualifiedAt)}</Badge> : null}
      </div>
      <p className="text-3xl font-semibold tabular-nums" data-testid="score-value">
        {value}
        <span className="text-base font-normal text-slate-700"> / 100</span>
      </p>
      {score.breakdown.length ? (
        <div>
          <h3 className="text-sm font-medium">Why {value}</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="score-breakdown">
            {score.breakdown.map((reason) => (
              <li key={reason.rule} className="flex items-baseline justify-between gap-3 py-1">
                <span>
                  {reason.name}
                  {reason.kind === 'behaviour' && reason.hits > 1 ? <span className="text-slate-700"> · {reason.hits} times</span> : null}
                </span>
                <span className={`tabular-nums font-medium ${reason.points < 0 ? 'text-red-700' : 'text-green-800'}`}>{signed(reason.points)}</span>
              </li>
            ))}
          </ul>
          {Math.round(sum) !== value ? <p className="mt-1 text-xs text-slate-700">The points add up to {signed(sum)}; a score stays between 0 and 100.</p> : null}
        </div>
      ) : (
        <p className="text-sm text-slate-700">{score.scoredAt ? 'No scoring rule counts for this person yet.' : 'Not scored by rules yet.'}</p>
      )}
      {score.history.length ? (
        <div>
          <h3 className="text-sm font-medium">Last 90 days</h3>
          <ScoreHistoryChart points={score.history} threshold={score.threshold} />
        </div>
      ) : null}
      <p className="text-xs text-slate-700">
        Qualified at {score.threshold}.{' '}
        <Link href="/marketing/scoring" className="text-brand-700 underline">
          How scores are calculated
        </Link>
      </p>
    </section>
  );
}
