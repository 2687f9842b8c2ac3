'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { logActivityAction } from '@/app/actions/records';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { activityKindLabels, type ActivityLogInput, activityKinds, activityLogSchema } from '@/lib/crm/activities.schema';

type Target = Pick<ActivityLogInput, 'lead_id' | 'contact_id' | 'account_id' | 'opportunity_id'>;

/** Log a call, meeting, note or email, or plan a task, on the record this page shows. */
export function ActivityLogForm({ target }: { target: Target }) {
  const path = usePathname();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const form = useForm({ resolver: zodResolver(activityLogSchema), defaultValues: { kind: 'call' as const, subject: '', ...target } });
  const kind = form.watch('kind');

  const onSubmit = form.handleSubmit(async (values) => {
    const result = await logActivityAction(values, path);
    if (result.ok) {
      form.reset({ kind: values.kind, subject: '', body: '', ...target });
      setMessage({ tone: 'success', text: `${activityKindLabels[values.kind]} logged.` });
    } else {
      setMessage({ tone: 'error', text: result.message });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="activity-form">
      <h2 className="font-semibold">Log activity</h2>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
        <SelectField label="Kind" {...form.register('kind')}>
          {activityKinds.map((k) => (
            <option key={k} value={k}>
              {activityKindLabels[k]}
            </option>
          ))}
        </SelectField>
        <TextField label="Subject" error={form.formState.errors.subject?.message} {...form.register('subject')} />
      </div>
      <div className="space-y-1">
        <label htmlFor="activity-body" className="block text-sm font-medium">
          Details
        </label>
        <textarea id="activity-body" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" {...form.register('body')} />
      </div>
      {kind === 'task' ? (
        <TextField label="Due" type="datetime-local" error={form.formState.errors.due_at?.message} {...form.register('due_at', { setValueAs: (v) => v || undefined })} />
      ) : null}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : kind === 'task' ? 'Add task' : 'Log activity'}
      </Button>
    </form>
  );
}
