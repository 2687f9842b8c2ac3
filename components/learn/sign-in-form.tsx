'use client';
/** The learner portal's sign-in: an email address in, a one-time link out (the answer never says whether the address is known). */
import { useActionState } from 'react';
import { type LearnerFormState, requestSignInAction } from '@/app/actions/learn';

export function LearnerSignInForm() {
  const [state, action, pending] = useActionState<LearnerFormState, FormData>(requestSignInAction, { status: 'idle', message: '' });
  if (state.status === 'sent') {
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" data-testid="sign-in-link-sent">
        {state.message}
      </p>
    );
  }
  const invalid = state.status === 'error' && state.field === 'email';
  return (
    <form action={action} className="space-y-4" data-testid="learner-sign-in-form" noValidate>
      <div className="space-y-1">
        <label htmlFor="learner-email" className="block text-sm font-medium">
          Email address
        </label>
        <input
          id="learner-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          aria-invalid={invalid}
          aria-describedby={state.status === 'error' ? 'learner-email-error' : undefined}
          className="min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm"
        />
      </div>
      {state.status === 'error' ? (
        <p id="learner-email-error" role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-10 w-full rounded-md bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60">
        {pending ? 'Sending…' : 'Email me a sign-in link'}
      </button>
    </form>
  );
}
