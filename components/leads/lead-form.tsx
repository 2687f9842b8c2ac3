'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { createLeadAction } from '@/app/actions/leads';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';
import { leadCreateSchema } from '@/lib/crm/leads.schema';

export function LeadForm() {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(leadCreateSchema), defaultValues: { score: 0 } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const result = await createLeadAction(values);
    if (result.ok) {
      router.push(`/leads?created=${result.data.id}`);
      return;
    }
    // Field errors from the server land next to their field; the rest in the banner.
    for (const [field, messages] of Object.entries(result.fieldErrors)) {
      form.setError(field as keyof typeof values, { message: messages[0] });
    }
    setServerError(result.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="lead-form">
      {serverError ? <Alert>{serverError}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="First name" autoComplete="off" error={errors.first_name?.message} {...form.register('first_name')} />
        <TextField label="Last name" autoComplete="off" error={errors.last_name?.message} {...form.register('last_name')} />
        <TextField label="Email" type="email" autoComplete="off" error={errors.email?.message} {...form.register('email')} />
        <TextField label="Phone" type="tel" autoComplete="off" error={errors.phone?.message} {...form.register('phone')} />
        <TextField label="Company" error={errors.company_name?.message} {...form.register('company_name')} />
        <TextField label="Job title" error={errors.job_title?.message} {...form.register('job_title')} />
        <SelectField label="Source" error={errors.source?.message} {...form.register('source', { setValueAs: (v) => v || undefined })}>
          <option value="">Not known</option>
          {recordSources.map((source) => (
            <option key={source} value={source}>
              {recordSourceLabels[source]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Score"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          hint="0–100: how likely this lead is to book."
          error={errors.score?.message}
          {...form.register('score')}
        />
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Create lead'}
        </Button>
        <Button variant="secondary" onClick={() => router.push('/leads')}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
