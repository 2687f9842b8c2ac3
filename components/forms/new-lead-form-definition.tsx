'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { createLeadFormAction } from '@/app/actions/lead-forms';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { formFieldLabels, leadFormDefinitionSchema, optionalFormFields } from '@/lib/compliance/lead-forms.schema';

export function NewLeadFormDefinition() {
  const router = useRouter();
  const toast = useToast();
  const form = useForm({
    resolver: zodResolver(leadFormDefinitionSchema),
    defaultValues: {
      name: '',
      fields: ['company_name'] as (typeof optionalFormFields)[number][],
      consent_text: 'Yes, email me news about courses, certification and events. I can unsubscribe at any time.',
      embed_origins: '' as string | string[],
    },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await createLeadFormAction(values);
    toast(result.ok ? { tone: 'info', message: 'Form created.' } : { tone: 'error', message: result.message });
    if (result.ok) { form.reset(); router.refresh(); }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">New form</h2>
      <TextField label="Form name" error={errors.name?.message} {...form.register('name')} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Also ask for</legend>
        {optionalFormFields.map((f) => (
          <label key={f} className="mr-4 inline-flex items-center gap-2 text-sm"><input type="checkbox" value={f} className="size-5" {...form.register('fields')} />{formFieldLabels[f]}</label>
        ))}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="consent-text" className="block text-sm font-medium">Consent sentence (shown next to an unticked box; stored as proof)</label>
        <textarea id="consent-text" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" {...form.register('consent_text')} />
        {errors.consent_text ? <p role="alert" className="text-sm text-red-700">{errors.consent_text.message}</p> : null}
      </div>
      <div className="space-y-1">
        <label htmlFor="embed-origins" className="block text-sm font-medium">Sites that may embed it (one per line, e.g. https://www.example.com; leave empty for none)</label>
        <textarea id="embed-origins" rows={2} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" {...form.register('embed_origins')} />
        {errors.embed_origins ? <p role="alert" className="text-sm text-red-700">{errors.embed_origins.message ?? 'Enter each site as its origin, like https://www.example.com.'}</p> : null}
      </div>
      <Button type="submit" disabled={isSubmitting}>Create form</Button>
    </form>
  );
}
