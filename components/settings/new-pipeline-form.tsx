'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { addPipelineAction } from '@/app/actions/settings';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export function NewPipelineForm() {
  const router = useRouter();
  const toast = useToast();
  const [name, setName] = useState('');
  const [pending, start] = useTransition();
  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await addPipelineAction({ name });
          toast(result.ok ? { tone: 'info', message: `Pipeline “${name}” created with New, Won and Lost stages.` } : { tone: 'error', message: result.message });
          if (result.ok) setName('');
          router.refresh();
        });
      }}
    >
      <div className="grow">
        <label htmlFor="new-pipeline" className="block text-sm font-medium">New pipeline</label>
        <input id="new-pipeline" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Apprenticeships" className="block min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
      </div>
      <Button type="submit" disabled={pending || !name.trim()}>Create pipeline</Button>
    </form>
  );
}
