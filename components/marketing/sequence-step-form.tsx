'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { addSequenceStepAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';

/** Adds a step at the end: template, its content, and how long after the previous step it goes. */
export function SequenceStepForm({ sequenceId, templates, first }: { sequenceId: string; templates: { name: string; defaultProps: string }[]; first: boolean }) {
  const router = useRouter();
  const propsId = useId();
  const [template, setTemplate] = useState(templates[0]?.name ?? '');
  const [props, setProps] = useState(templates[0]?.defaultProps ?? '{}');
  const [days, setDays] = useState(first ? '0' : '3');
  const [hours, setHours] = useState('0');
  const [failure, setFailure] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="sequence-step-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const result = await addSequenceStepAction(sequenceId, { template, props, delay_days: days, delay_hours: hours });
        setBusy(false);
        if (!result.ok) return setFailure([result.message, ...Object.values(result.fieldErrors).flat()]);
        setFailure(null);
        router.refresh();
      }}
    >
      <h2 className="font-semibold">Add a step</h2>
      {failure ? <Alert>{failure.join(' ')}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Template"
          value={template}
          onChange={(e) => {
            setTemplate(e.target.value);
            setProps(templates.find((t) => t.name === e.target.value)?.defaultProps ?? '{}');
          }}
        >
          {templates.map((t) => (
            <option key={t.name} value={t.name}>{t.name}</option>
          ))}
        </SelectField>
        <TextField label={first ? 'Days after enrolling' : 'Days after the previous step'} type="number" min={0} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
        <TextField label="and hours" type="number" min={0} max={23} value={hours} onChange={(e) => setHours(e.target.value)} />
      </div>
      <div className="space-y-1">
        <label htmlFor={propsId} className="block text-sm font-medium">Template content (JSON)</label>
        <textarea id={propsId} rows={10} spellCheck={false} value={props} onChange={(e) => setProps(e.target.value)} className="block w-full rounded-md border border-slate-300 p-3 font-mono text-xs" />
      </div>
      <Button type="submit" disabled={busy}>Add step</Button>
    </form>
  );
}
