'use client';

import { usePathname } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { logActivityAction } from '@/app/actions/records';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { SearchKind } from '@/lib/crm/search';
import { type Picked, RecordPicker } from './record-picker';

const kinds: [SearchKind, string, 'contact_id' | 'lead_id' | 'account_id' | 'opportunity_id'][] = [
  ['contact', 'Contact', 'contact_id'],
  ['lead', 'Lead', 'lead_id'],
  ['account', 'Account', 'account_id'],
  ['opportunity', 'Opportunity', 'opportunity_id'],
];

/** A task of one's own from the tasks page: about a record chosen by name, with a due date. */
export function NewTaskForm() {
  const path = usePathname();
  const id = useId();
  const [kind, setKind] = useState<SearchKind>('contact');
  const [record, setRecord] = useState<Picked>(null);
  const [subject, setSubject] = useState('');
  const [due, setDue] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, start] = useTransition();
  const column = kinds.find(([k]) => k === kind)?.[2] ?? 'contact_id';
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="new-task-form"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await logActivityAction({ kind: 'task', subject, due_at: due ? new Date(due) : undefined, ...(record ? { [column]: record.id } : {}) }, path);
          if (!result.ok) return setMessage({ tone: 'error', text: Object.values(result.fieldErrors)[0]?.[0] ?? result.message });
          setMessage({ tone: 'success', text: `Task “${subject}” added.` });
          setSubject('');
          setDue('');
          setRecord(null);
        });
      }}
    >
      <h2 id={`${id}-title`} className="font-semibold">
        New task
      </h2>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <SelectField
          label="About a"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as SearchKind);
            setRecord(null);
          }}
        >
          {kinds.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
        <RecordPicker key={kind} kind={kind} label={kinds.find(([k]) => k === kind)?.[1] ?? 'Record'} value={record} onChange={setRecord} />
      </div>
      <div className="grid gap-3 sm:grid-cols-[1fr_14rem]">
        <TextField label="Task" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} />
        <TextField label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add task'}
      </Button>
    </form>
  );
}
