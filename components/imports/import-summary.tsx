import { refusalLabels, warningLabels } from '@/lib/imports/fields';

type Counts = { rows?: number; created?: number; updated?: number; unchanged?: number; duplicates_in_file?: number; refused?: Record<string, number>; warnings?: Record<string, number> };

/** What a run (or a dry run: "would") did with the rows: counts, refusals by reason, warnings by kind. */
export function ImportSummary({ summary, dry, testId }: { summary: Counts; dry: boolean; testId: string }) {
  const refused = Object.entries(summary.refused ?? {});
  const warnings = Object.entries(summary.warnings ?? {});
  const total = refused.reduce((n, [, v]) => n + v, 0);
  const verb = (done: string, would: string) => (dry ? would : done);
  const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-GB');
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid={testId}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {(
          [
            [verb('Created', 'Would create'), summary.created],
            [verb('Updated', 'Would update'), summary.updated],
            ['Unchanged', summary.unchanged],
            ['Duplicates in the file', summary.duplicates_in_file],
            [verb('Refused', 'Would refuse'), total],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{n(value)}</dd>
          </div>
        ))}
      </dl>
      {refused.length ? (
        <div>
          <h3 className="font-medium">Refused rows, by reason</h3>
          <ul className="list-disc ps-5">
            {refused.map(([reason, count]) => (
              <li key={reason}>
                {n(count)} — {refusalLabels[reason] ?? reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length ? (
        <div>
          <h3 className="font-medium">Warnings (the row {dry ? 'would be' : 'was'} imported)</h3>
          <ul className="list-disc ps-5">
            {warnings.map(([kind, count]) => (
              <li key={kind}>
                {n(count)} — {warningLabels[kind] ?? kind}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
