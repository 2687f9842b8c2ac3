'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { deleteScoringRuleAction, saveScoringRuleAction } from '@/app/actions/scoring';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import type { ScoringDecay, ScoringEvent } from '@/lib/db/types';
import {
  operatorsFor,
  type ScoringField,
  type ScoringOperator,
  scoringDecayLabels,
  scoringDecays,
  scoringEventLabels,
  scoringEvents,
  scoringFieldLabels,
  scoringFields,
  scoringOperatorLabels,
} from '@/lib/marketing/scoring.schema';

export type RuleValues = {
  kind: 'property' | 'behaviour';
  name: string;
  field: ScoringField;
  operator: ScoringOperator;
  value: string;
  event: ScoringEvent;
  decay: ScoringDecay;
  decay_days: string;
  points: string;
  is_active: boolean;
};

export const emptyRule: RuleValues = { kind: 'behaviour', name: '', field: 'job_title', operator: 'contains', value: '', event: 'email_clicked', decay: 'none', decay_days: '30', points: '5', is_active: true };

/** What the form sends: only the fields of the chosen kind (the schema refuses the rest). */
function inputOf(v: RuleValues) {
  const common = { kind: v.kind, name: v.name, points: v.points, is_active: v.is_active };
  if (v.kind === 'property') return { ...common, field: v.field, operator: v.operator, value: v.operator === 'is_set' ? undefined : v.value };
  return { ...common, event: v.event, decay: v.decay, decay_days: v.decay === 'none' ? undefined : v.decay_days };
}

/** Adds a scoring rule, or edits one (with Delete). A saved change rescores everyone in the background. */
export function ScoringRuleForm({ ruleId, initial, onDone }: { ruleId: string | null; initial: RuleValues; onDone?: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState(initial);
  const [failure, setFailure] = useState<{ message: string; errors: Record<string, string | undefined> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RuleValues>) => setValues((current) => ({ ...current, ...patch }));
  const operators = operatorsFor(values.field);
  return (
    <form
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid={ruleId ? 'scoring-rule-edit' : 'scoring-rule-new'}
      aria-label={ruleId ? `Edit rule ${initial.name}` : 'New scoring rule'}
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const result = await saveScoringRuleAction(ruleId, inputOf(values));
        setBusy(false);
        if (!result.ok) {
          return setFailure({ message: result.message, errors: Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, v[0]])) });
        }
        setFailure(null);
        toast({ message: ruleId ? 'Rule saved. Scores are being recalculated.' : 'Rule added. Scores are being recalculated.', tone: 'info' });
        if (!ruleId) setValues(emptyRule);
        onDone?.();
        router.refresh();
      }}
    >
      {failure ? <Alert>{failure.message}</Alert> : null}
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 text-sm font-medium text-slate-800">Scores</legend>
        <label className="flex min-h-8 items-center gap-2">
          <input type="radio" name={`kind-${ruleId ?? 'new'}`} checked={values.kind === 'behaviour'} onChange={() => set({ kind: 'behaviour' })} />
          Something the person does
        </label>
        <label className="flex min-h-8 items-center gap-2">
          <input type="radio" name={`kind-${ruleId ?? 'new'}`} checked={values.kind === 'property'} onChange={() => set({ kind: 'property' })} />
          Something the person is
        </label>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
        <TextField label="Rule name" value={values.name} error={failure?.errors.name} placeholder={values.kind === 'behaviour' ? 'Clicked an email' : 'Decision maker'} onChange={(e) => set({ name: e.target.value })} />
        <TextField label="Points" type="number" inputMode="numeric" min={-100} max={100} step={1} value={values.points} error={failure?.errors.points} hint="−100 to 100; negative takes points away." onChange={(e) => set({ points: e.target.value })} />
      </div>
      {values.kind === 'property' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField
            label="Field"
            value={values.field}
            error={failure?.errors.field}
            onChange={(e) => {
              const field = e.target.value as ScoringField;
              set({ field, operator: operatorsFor(field).includes(values.operator) ? values.operator : (operatorsFor(field)[0] as ScoringOperator) });
            }}
          >
            {scoringFields.map((field) => (
              <option key={field} value={field}>{scoringFieldLabels[field]}</option>
            ))}
          </SelectField>
          <SelectField label="Condition" value={values.operator} error={failure?.errors.operator} onChange={(e) => set({ operator: e.target.value as ScoringOperator })}>
            {operators.map((operator) => (
              <option key={operator} value={operator}>{scoringOperatorLabels[operator]}</option>
            ))}
          </SelectField>
          {values.operator === 'is_set' ? null : (
            <TextField
              label="Value"
              value={values.value}
              error={failure?.errors.value}
              inputMode={values.field === 'account_employee_count' ? 'numeric' : undefined}
              hint={values.field === 'account_employee_count' ? 'A number of employees.' : 'Not case-sensitive.'}
              onChange={(e) => set({ value: e.target.value })}
            />
          )}
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label="When the person" value={values.event} error={failure?.errors.event} onChange={(e) => set({ event: e.target.value as ScoringEvent })}>
            {scoringEvents.map((event) => (
              <option key={event} value={event}>{scoringEventLabels[event]}</option>
            ))}
          </SelectField>
          <SelectField label="Points fade" value={values.decay} error={failure?.errors.decay} onChange={(e) => set({ decay: e.target.value as ScoringDecay })}>
            {scoringDecays.map((decay) => (
              <option key={decay} value={decay}>{scoringDecayLabels[decay].replace(' … days', '')}</option>
            ))}
          </SelectField>
          {values.decay === 'none' ? null : (
            <TextField
              label={values.decay === 'halve' ? 'Halves every (days)' : 'Expires after (days)'}
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              value={values.decay_days}
              error={failure?.errors.decay_days}
              onChange={(e) => set({ decay_days: e.target.value })}
            />
          )}
        </div>
      )}
      <label className="flex min-h-8 items-center gap-2 text-sm">
        <input type="checkbox" checked={values.is_active} onChange={(e) => set({ is_active: e.target.checked })} />
        Active (an inactive rule counts for nobody until it is switched on)
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>{ruleId ? 'Save rule' : 'Add rule'}</Button>
        {ruleId ? (
          <>
            <Button type="button" variant="secondary" onClick={() => onDone?.()}>
              Cancel
            </Button>
            <Button
              type="button"
              variant="danger"
              disabled={busy}
              onClick={async () => {
                if (!window.confirm(`Delete the rule “${initial.name}”? Its points leave everyone's score.`)) return;
                setBusy(true);
                const result = await deleteScoringRuleAction(ruleId);
                setBusy(false);
                if (!result.ok) return toast({ message: result.message, tone: 'error' });
                toast({ message: 'Rule deleted. Scores are being recalculated.', tone: 'info' });
                onDone?.();
                router.refresh();
              }}
            >
              Delete rule
            </Button>
          </>
        ) : null}
      </div>
    </form>
  );
}
