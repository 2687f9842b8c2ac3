/**
 * A campaign's send progress from its counters. The page re-renders live (LiveRefresh on the
 * campaign row, which the worker updates once per batch), so this is plain server markup.
 */
type Counts = { recipients_total: number; sent_count: number; suppressed_count: number; failed_count: number; cancelled_count: number; queued: number };

const parts = [
  ['sent', 'Sent', 'bg-green-600'],
  ['suppressed', 'Suppressed (no consent or on the suppression list)', 'bg-amber-500'],
  ['failed', 'Failed', 'bg-red-600'],
  ['cancelled', 'Cancelled', 'bg-slate-400'],
  ['queued', 'Queued', 'bg-slate-200'],
] as const;

export function CampaignProgress({ counts, fannedOut }: { counts: Counts; fannedOut: boolean }) {
  const value = { sent: counts.sent_count, suppressed: counts.suppressed_count, failed: counts.failed_count, cancelled: counts.cancelled_count, queued: counts.queued };
  const total = Math.max(counts.recipients_total, 1);
  const done = counts.recipients_total - counts.queued;
  return (
    <section aria-labelledby="progress-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="campaign-progress">
      <h2 id="progress-heading" className="font-semibold">Progress</h2>
      <div
        role="progressbar"
        aria-label="Recipients answered"
        aria-valuemin={0}
        aria-valuemax={counts.recipients_total}
        aria-valuenow={done}
        className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100"
      >
        {parts.map(([key, , color]) => (
          <div key={key} className={color} style={{ width: `${(value[key] / total) * 100}%` }} />
        ))}
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-6">
        <div>
          <dt className="text-slate-700">Recipients</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="progress-total">{counts.recipients_total.toLocaleString('en-GB')}{fannedOut ? '' : '+'}</dd>
        </div>
        {parts.map(([key, label, color]) => (
          <div key={key}>
            <dt className="flex items-center gap-1 text-slate-700">
              <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${color}`} />
              {label.split(' (')[0]}
            </dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`progress-${key}`} title={label}>
              {value[key].toLocaleString('en-GB')}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
