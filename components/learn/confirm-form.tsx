'use client';
/** One button that asks the server to do a trainee's change, and says why when it cannot. */
import { type ReactNode, useActionState } from 'react';
import type { LearnerFormState } from '@/app/actions/learn';

export function LearnerConfirmForm({
  action,
  label,
  pendingLabel,
  tone = 'primary',
  children,
}: {
  action: (state: LearnerFormState, form: FormData) => Promise<LearnerFormState>;
  label: string;
  pendingLabel: string;
  tone?: 'primary' | 'danger';
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle', message: '' });
  const colours = tone === 'danger' ? 'bg-red-700 hover:bg-red-800 text-white' : 'bg-accent hover:bg-accent-strong text-on-accent';
  return (
    <form action={formAction} className="space-y-4">
      {children}
      {state.status === 'error' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`min-h-10 w-full rounded-md px-4 text-sm font-medium disabled:opacity-60 ${colours}`}>
        {pending ? pendingLabel : label}
      </button>
    </form>
  );
}
