'use client';
/** "Booking for a team?": a company asks for a group date or price; the sales team gets it as a lead. */
import { useActionState } from 'react';
import { type EnquiryFormState, groupEnquiryAction } from '@/app/actions/learn';
import { PortalField } from './field';

export function GroupEnquiryForm({ courseId }: { courseId: string }) {
  const [state, action, pending] = useActionState<EnquiryFormState, FormData>(groupEnquiryAction, { status: 'idle' });
  if (state.status === 'sent') {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="enquiry-sent">
        Thank you. Our team will reply by email within two working days.
      </p>
    );
  }
  const errors = state.status === 'error' ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-4" data-testid="group-enquiry-form" noValidate>
      <input type="hidden" name="course_id" value={courseId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <PortalField name="first_name" label="First name" autoComplete="given-name" required maxLength={100} errors={errors.first_name} />
        <PortalField name="last_name" label="Last name" autoComplete="family-name" required maxLength={100} errors={errors.last_name} />
      </div>
      <PortalField name="email" label="Work email" type="email" autoComplete="email" required maxLength={254} errors={errors.email} />
      <div className="grid gap-4 sm:grid-cols-2">
        <PortalField name="company" label="Company" autoComplete="organization" required maxLength={200} errors={errors.company} />
        <PortalField name="seats" label="How many people" type="number" required errors={errors.seats} />
      </div>
      <div className="space-y-1">
        <label htmlFor="field-message" className="block text-sm font-medium">
          Anything we should know <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <textarea id="field-message" name="message" maxLength={2000} rows={3} className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      </div>
      {state.status === 'error' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-10 w-full rounded-md border border-slate-300 px-4 text-sm font-medium hover:bg-slate-50 disabled:opacity-60">
        {pending ? 'Sending…' : 'Ask for a group booking'}
      </button>
    </form>
  );
}
