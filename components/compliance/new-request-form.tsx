'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { createRequestAction } from '@/app/actions/compliance';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { requestChannels, requestCreateSchema, requestTypeLabels, requestTypes } from '@/lib/compliance/requests.schema';

export function NewRequestForm() {
  const router = useRouter();
  const toast = useToast();
  const form = useForm({
    resolver: zodResolver(requestCreateSchema),
    defaultValues: { type: 'access' as const, received_via: 'email' as const, subject_email: '', received_at: new Date().toISOString().slice(0, 16) },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await createRequestAction(values);
    if (!result.ok) return toast({ tone: 'error', message: result.message });
    router.push(`/compliance/requests/${result.data.id}`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="new-request-form">
      <h2 className="font-semibold sm:col-span-2">Record a request</h2>
      <SelectField label="Type" {...form.register('type')}>
        {requestTypes.map((t) => <option key={t} value={t}>{requestTypeLabels[t]}</option>)}
      </SelectField>
      <TextField label="Subject’s email" type="email" error={errors.subject_email?.message} {...form.register('subject_email')} />
      <SelectField label="Received via" {...form.register('received_via')}>
        {requestChannels.map((c) => <option key={c} value={c}>{c.replace('_', ' ')}</option>)}
      </SelectField>
      <TextField label="Received at" type="datetime-local" error={errors.received_at?.message} {...form.register('received_at')} />
      <div className="sm:col-span-2"><Button type="submit" disabled={isSubmitting}>Record request</Button></div>
    </form>
  );
}
