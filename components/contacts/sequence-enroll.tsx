'use client';

import { useState, useTransition } from 'react';
import { enrollInSequenceAction } from '@/app/actions/marketing';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

/** Puts this contact into a nurture sequence by hand (segments and the sequence page do it in bulk). */
export function SequenceEnroll({ contactId, sequences }: { contactId: string; sequences: { id: string; name: string }[] }) {
  const toast = useToast();
  const [sequenceId, setSequenceId] = useState('');
  const [pending, start] = useTransition();
  if (sequences.length === 0) return null;
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="sequence-enroll">
      <h2 className="font-semibold">Nurture sequence</h2>
      <label htmlFor="sequence-choice" className="block text-sm font-medium">Add to sequence</label>
      <select id="sequence-choice" value={sequenceId} onChange={(e) => setSequenceId(e.target.value)} className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm">
        <option value="">Choose a sequence</option>
        {sequences.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
      </select>
      <Button
        disabled={pending || !sequenceId}
        onClick={() =>
          start(async () => {
            const result = await enrollInSequenceAction(sequenceId, { contact_id: contactId });
            toast(
              result.ok
                ? { tone: 'info', message: result.data.enrolled ? 'Added to the sequence: the first step goes out on schedule.' : 'Already active in this sequence.' }
                : { tone: 'error', message: result.message },
            );
          })
        }
      >
        Add
      </Button>
    </div>
  );
}
