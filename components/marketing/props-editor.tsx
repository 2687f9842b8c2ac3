'use client';

import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

/**
 * The template's props as JSON. Brand, recipient and unsubscribe links are filled in per
 * message when sending, so they are not here; the rest is checked against the template when
 * saved, with every problem listed by its path.
 */
export function PropsEditor({ error, registration }: { error?: string; registration: UseFormRegisterReturn }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Template content (JSON)
      </label>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Starts from the template’s sample content: replace it with yours. Name, address, brand and unsubscribe links are added for each person.
      </p>
      <textarea
        id={id}
        rows={14}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className="block w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-xs aria-[invalid=true]:border-red-600"
        {...registration}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
