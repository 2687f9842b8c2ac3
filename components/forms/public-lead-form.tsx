'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { submitLeadFormAction } from '@/app/actions/lead-forms';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { formFieldLabels, leadFormSubmissionSchema } from '@/lib/compliance/lead-forms.schema';

type Props = { formId: string; fields: string[]; consentText: string };

/** The visitor's side of a lead-capture form; the consent box starts unticked. */
export function PublicLeadForm({ formId, fields, consentText }: Props) {
  const [startedAt] = useState(() => Date.now());
  const [done, setDone] = useState<{ thankYou: string; confirmation: 'not_asked' | 'emailed' | 'not_sent'; email: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(leadFormSubmissionSchema),
    defaultValues: { first_name: '', last_name: '', email: '', consent: false, website: '', started_at: startedAt },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await submitLeadFormAction(formId, values);
    if (result.ok) return setDone({ thankYou: result.thankYou, confirmation: result.confirmation, email: values.email });
    for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof typeof values, { message: messages[0] });
    setFailure(result.message);
  });
  if (done) {
    return (
      <div className="space-y-3" role="status">
        <Alert tone="success">{done.thankYou}</Alert>
        {done.confirmation === 'emailed' ? (
          <p className="text-sm">
            One more step: we sent a link to <strong>{done.email}</strong>. Open it to confirm you want to hear from us; until then we send you nothing of
            the kind.
          </p>
        ) : null}
        {done.confirmation === 'not_sent' ? (
          <p className="text-sm">We could not send the email that confirms your subscription just now. Your details reached us; please subscribe again later.</p>
        ) : null}
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="public-lead-form">
      {failure ? <Alert>{failure}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="First name" autoComplete="given-name" error={errors.first_name?.message} {...form.register('first_name')} />
        <TextField label="Last name" autoComplete="family-name" error={errors.last_name?.message} {...form.register('last_name')} />
      </div>
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register('email')} />
      {fields.map((field) => (
        <TextField key={field} label={formFieldLabels[field as keyof typeof formFieldLabels]} error={errors[field as 'phone']?.message} {...form.register(field as 'phone')} />
      ))}
      {/* Invisible to people, tempting to bots: anything typed here marks the submission as spam. */}
      <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label htmlFor="website">Website</label>
        <input id="website" tabIndex={-1} autoComplete="off" {...form.register('website')} />
      </div>
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" className="mt-0.5 size-5 shrink-0" {...form.register('consent')} />
        <span>{consentText}</span>
      </label>
      <Button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Sending…' : 'Send'}</Button>
    </form>
  );
}
