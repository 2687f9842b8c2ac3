'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { setScoringThresholdAction } from '@/app/actions/scoring';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/lib/format';
import type { RescoringProgress, StoredScoringRule } from '@/lib/marketing/scoring';
import { describeRule } from '@/lib/marketing/scoring.schema';
import { emptyRule, type RuleValues, ScoringRuleForm } from './scoring-rule-form';

const valuesOf = (rule: StoredScoringRule): RuleValues => ({
  ...emptyRule,
  kind: rule.kind,
  name: rule.name,
  field: rule.field ?? emptyRule.field,
  operator: rule.operator ?? emptyRule.operator,
  value: rule.value ?? '',
  event: rule.event ?? emptyRule.event,
  decay: rule.decay,
  decay_days: rule.decay_days === null ? emptyRule.decay_days : String(rule.decay_days),
  points: String(rule.points),
  is_active: rule.is_active,
});

/** The organisation's rules as sentences with their points; those who may set them edit in place. */
export function ScoringRuleList({ rules, canEdit }: { rules: StoredScoringRule[]; canEdit: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (rules.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">No rules yet: everyone scores 0.{canEdit ? ' Add the first rule below.' : ''}</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="scoring-rules">
      {rules.map((rule) => (
        <li key={rule.id} className="space-y-3 px-4 py-3">
          <div className="flex flex-wrap items-center gap-3">
            <span className={`w-14 text-right text-lg font-semibold tabular-nums ${rule.points < 0 ? 'text-red-700' : 'text-green-800'}`}>
              {rule.points > 0 ? '+' : '−'}
              {Math.abs(rule.points)}
            </span>
            <div className="min-w-0 flex-1">
              <p className="font-medium">{rule.name}</p>
              <p className="text-sm text-slate-700">{describeRule(rule)}</p>
            </div>
            {rule.is_active ? null : <Badge>Inactive</Badge>}
            {canEdit && editing !== rule.id ? (
              <Button variant="secondary" size="sm" onClick={() => setEditing(rule.id)} aria-label={`Edit rule ${rule.name}`}>
                Edit
              </Button>
            ) : null}
          </div>
          {editing === rule.id ? <ScoringRuleForm ruleId={rule.id} initial={valuesOf(rule)} onDone={() => setEditing(null)} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The score at which a person becomes marketing-qualified (and their owner is told). */
export function ScoringThresholdForm({ threshold }: { threshold: number }) {
  const router = useRouter();
  const toast = useToast();
  const [value, setValue] = useState(String(threshold));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const result = await setScoringThresholdAction({ mql_threshold: value });
        setBusy(false);
        if (!result.ok) return setError(result.fieldErrors.mql_threshold?.[0] ?? result.message);
        setError(undefined);
        toast({ message: `People qualify at ${result.data.mql_threshold} from now on.`, tone: 'info' });
        router.refresh();
      }}
    >
      <div className="w-40">
        <TextField label="Qualified at score" type="number" inputMode="numeric" min={1} max={100} value={value} error={error} onChange={(e) => setValue(e.target.value)} />
      </div>
      <Button type="submit" variant="secondary" disabled={busy}>
        Save threshold
      </Button>
    </form>
  );
}

/** How far the organisation's rescoring is; it refreshes the page until the rescoring ends (or ten minutes pass). */
export function RescoringStatus({ progress }: { progress: RescoringProgress }) {
  const router = useRouter();
  const busy = progress.state !== 'idle';
  useEffect(() => {
    if (!busy) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > 10 * 60_000) clearInterval(timer);
      else router.refresh();
    }, 2_000);
    return () => clearInterval(timer);
  }, [busy, router]);
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <div role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="rescoring-status" data-state={progress.state}>
      {progress.state === 'waiting' ? <p>Scores will be recalculated for everyone in a moment…</p> : null}
      {progress.state === 'running' ? (
        <div className="space-y-1">
          <p>
            Recalculating scores: {progress.done.toLocaleString('en-GB')} of {progress.total.toLocaleString('en-GB')} people ({percent}%)
          </p>
          <progress className="h-2 w-full max-w-md" value={progress.done} max={Math.max(progress.total, 1)} aria-label="Rescoring progress" />
        </div>
      ) : null}
      {progress.state === 'idle' ? <p>{progress.rescoredAt ? `Scores are up to date (last full recalculation ${formatDateTime(progress.rescoredAt)} UTC).` : 'Scores are up to date.'}</p> : null}
    </div>
  );
}
