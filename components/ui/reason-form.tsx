'use client';

import { useId, useState, useTransition } from 'react';
import { Button } from './button';

type Props = {
  /** The question, as the label of the reason field ("Why is this lead disqualified?"). */
  label: string;
  submitLabel: string;
  placeholder?: string;
  /** Does the work; answers an error message to show, or null when done. */
  onSubmit: (reason: string) => Promise<string | null>;
  onCancel: () => void;
};

/**
 * Asks why before an action that needs a reason (disqualify, revoke, mark as lost). Nothing
 * happens until the reason is confirmed; the server's refusal shows under the field.
 */
export function ReasonForm({ label, submitLabel, placeholder, onSubmit, onCancel }: Props) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="w-full space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => setError(await onSubmit(reason)));
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={500}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" variant="danger" size="sm" disabled={pending}>
          {submitLabel}
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
