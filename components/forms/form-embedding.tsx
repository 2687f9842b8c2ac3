'use client';

import { useState, useTransition } from 'react';
import { updateLeadFormEmbeddingAction } from '@/app/actions/lead-forms';
import { Button } from '@/components/ui/button';

/** The sites allowed to show a form in a frame; anywhere else browsers refuse to frame it. */
export function FormEmbedding({ formId, formName, origins }: { formId: string; formName: string; origins: string[] }) {
  const [value, setValue] = useState(origins.join('\n'));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const id = `embed-${formId}`;
  return (
    <form
      className="mt-2 space-y-1"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await updateLeadFormEmbeddingAction({ id: formId, embed_origins: value });
          if (!result.ok) return setMessage({ error: true, text: Object.values(result.fieldErrors).flat()[0] ?? result.message });
          setValue(result.data.embed_origins.join('\n'));
          setMessage({ error: false, text: result.data.embed_origins.length ? 'Saved: only these sites may embed the form.' : 'Saved: no other site may embed the form.' });
        });
      }}
    >
      <label htmlFor={id} className="block font-medium">
        Sites that may embed “{formName}” (one per line)
      </label>
      <textarea id={id} rows={2} value={value} onChange={(event) => setValue(event.target.value)} placeholder="https://www.example.com" className="block w-full rounded-md border border-slate-300 px-3 py-2" />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>Save sites</Button>
        {message ? <p role={message.error ? 'alert' : 'status'} className={message.error ? 'text-red-700' : 'text-slate-700'}>{message.text}</p> : null}
      </div>
    </form>
  );
}
