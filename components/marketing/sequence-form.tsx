'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { saveSequenceAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { type EnrollTrigger, enrollTriggers } from '@/lib/marketing/sequence.schema';

type Values = { name: string; description: string; exit_on_conversion: boolean; is_active: boolean; enroll_on: EnrollTrigger | '' };

/** Creates a sequence, or edits its name, description, automatic enrollment and switches. */
export function SequenceForm({ sequenceId, initial }: { sequenceId: string | null; initial: Values }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [failure, setFailure] = useState<{ message: string; name?: string; enroll_on?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="sequence-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const result = await saveSequenceAction(sequenceId, values);
        setBusy(false);
        if (!result.ok) return setFailure({ message: result.message, name: result.fieldErrors.name?.[0], enroll_on: result.fieldErrors.enroll_on?.[0] });
        setFailure(null);
        if (!sequenceId) router.push(`/marketing/sequences/${result.data.id}`);
        router.refresh();
      }}
    >
      {failure ? <Alert>{failure.message}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" value={values.name} error={failure?.name} onChange={(e) => setValues({ ...values, name: e.target.value })} />
        <TextField label="Description (optional)" value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />
      </div>
      <SelectField
        label="Enroll automatically"
        hint="Besides enrolling people by hand or by segment. Only people with an email address join, and marketing consent is checked before every step."
        value={values.enroll_on}
        error={failure?.enroll_on}
        onChange={(e) => setValues({ ...values, enroll_on: e.target.value as Values['enroll_on'] })}
      >
        <option value="">Nobody automatically</option>
        {Object.entries(enrollTriggers).map(([value, label]) => (
          <option key={value} value={value}>{label}</option>
        ))}
      </SelectField>
      <label className="flex min-h-8 items-center gap-2 text-sm">
        <input type="checkbox" checked={values.exit_on_conversion} onChange={(e) => setValues({ ...values, exit_on_conversion: e.target.checked })} />
        Take people out when they convert (a lead converts, or a contact books a course)
      </label>
      {sequenceId ? (
        <label className="flex min-h-8 items-center gap-2 text-sm">
          <input type="checkbox" checked={values.is_active} onChange={(e) => setValues({ ...values, is_active: e.target.checked })} />
          Active (a paused sequence sends nothing until it is active again)
        </label>
      ) : null}
      <Button type="submit" disabled={busy}>{sequenceId ? 'Save sequence' : 'Create sequence'}</Button>
    </form>
  );
}
