'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { createLeadAction, updateLeadAction } from '@/app/actions/leads';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { recordSourceLabels, recordSources } from '@/lib/crm/fields';
import { leadCreateSchema } from '@/lib/crm/leads.schema';

type ExistingLead = {
  id: string;
  updated_at: Date;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company_name: string | null;
  job_title: string | null;
  source: string | null;
  score: number;
};

/** Create a lead, or edit one (with a check that nobody saved it in between). */
export function LeadForm({ lead }: { lead?: ExistingLead }) {
  const router = useRouter();
  const toast = useToast();
  const [serverError, setServerError] = useState<{ text: string; stale: boolean } | null>(null);
  const [saved, setSaved] = useState(false);
  const [version, setVersion] = useState(lead?.updated_at);
  const form = useForm({
    resolver: zodResolver(leadCreateSchema),
    defaultValues: lead
      ? {
          first_name: lead.first_name ?? '',
          last_name: lead.last_name ?? '',
          email: lead.email ?? '',
          phone: lead.phone ?? '',
          company_name: lead.company_name ?? '',
          job_title: lead.job_title ?? '',
          source: (lead.source ?? undefined) as never,
          score: lead.score,
        }
      : { score: 0 },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    setSaved(false);
    const result = lead
      ? await updateLeadAction({ ...values, id: lead.id, expected_updated_at: version })
      : await createLeadAction(values);
    if (result.ok) {
      if (!lead) return router.push(`/leads/${(result.data as { id: string }).id}`);
      setVersion(new Date((result.data as { updatedAt: string }).updatedAt));
      setSaved(true);
      return router.refresh();
    }
    // Field errors from the server land next to their field; the rest in the banner.
    for (const [field, messages] of Object.entries(result.fieldErrors)) {
      form.setError(field as keyof typeof values, { message: messages[0] });
    }
    // A stale edit needs the reload offer beside the form; anything else is a toast.
    if (result.kind === 'conflict') setServerError({ text: result.message, stale: true });
    else toast({ tone: 'error', message: result.message });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="lead-form">
      {serverError ? (
        <Alert>
          {serverError.text}{' '}
          {serverError.stale ? (
            <button type="button" className="underline" onClick={() => window.location.reload()}>
              Reload
            </button>
          ) : null}
        </Alert>
      ) : null}
      {saved ? <Alert tone="success">Lead saved.</Alert> : null}
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
          {isSubmitting ? 'Saving…' : lead ? 'Save changes' : 'Create lead'}
        </Button>
        {lead ? null : (
          <Button variant="secondary" onClick={() => router.push('/leads')}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
