'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { saveCampaignAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { type CampaignInput, type CampaignOutput, campaignInputSchema } from '@/lib/marketing/campaign.schema';
import { PropsEditor } from './props-editor';

export type CampaignFormProps = {
  campaignId: string | null;
  initial: CampaignInput;
  segments: { id: string; name: string; audience: string }[];
  /** Marketing templates and the props each starts with (JSON text). */
  templates: { name: string; defaultProps: string }[];
};

export function CampaignForm({ campaignId, initial, segments, templates }: CampaignFormProps) {
  const router = useRouter();
  const [failure, setFailure] = useState<string[] | null>(null);
  const form = useForm<CampaignInput, unknown, CampaignOutput>({ resolver: zodResolver(campaignInputSchema), defaultValues: initial });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit(async () => {
    setFailure(null);
    const result = await saveCampaignAction(campaignId, form.getValues());
    if (result.ok) {
      router.push(`/marketing/campaigns/${result.data.id}`);
      router.refresh();
    } else {
      setFailure([result.message, ...Object.values(result.fieldErrors).flat()]);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="campaign-form">
      {failure ? (
        <Alert>
          {failure[0]}
          {failure.length > 1 ? (
            <ul className="mt-1 list-inside list-disc">
              {failure.slice(1).map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <TextField label="Campaign name" error={errors.name?.message} {...form.register('name')} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Segment (who receives it)" error={errors.segment_id?.message} {...form.register('segment_id')}>
          <option value="">Choose a segment…</option>
          {segments.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.audience})
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Template"
          error={errors.template?.message}
          {...form.register('template', {
            onChange: (event: { target: { value: string } }) => {
              const chosen = templates.find((t) => t.name === event.target.value);
              if (chosen) form.setValue('props', chosen.defaultProps);
            },
          })}
        >
          {templates.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </SelectField>
      </div>
      <PropsEditor error={errors.props?.message} registration={form.register('props')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : campaignId ? 'Save draft' : 'Create draft'}
      </Button>
    </form>
  );
}
