'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { addStageAction, moveStageAction, updateStageAction } from '@/app/actions/settings';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

type Stage = { id: string; name: string; probability: number; is_won: boolean; is_lost: boolean };

/** Rename stages, set their default probability, reorder open stages and add new ones. */
export function StageEditor({ pipelineId, stages }: { pipelineId: string; stages: Stage[] }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const [newName, setNewName] = useState('');
  const [newProbability, setNewProbability] = useState('50');
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, done: string) =>
    start(async () => {
      const result = await work();
      toast(result.ok ? { tone: 'info', message: done } : { tone: 'error', message: result.message ?? 'That did not work.' });
      router.refresh();
    });
  const input = 'min-h-10 rounded-md border border-slate-300 px-2 text-sm';
  return (
    <div className="space-y-3">
      <ol className="space-y-2">
        {stages.map((stage, index) => (
          <li key={stage.id} className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 bg-white p-2">
            <form
              className="flex grow flex-wrap items-end gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                const data = new FormData(event.currentTarget);
                run(() => updateStageAction({ id: stage.id, name: data.get('name'), probability: data.get('probability') }), `Stage “${data.get('name')}” saved.`);
              }}
            >
              <div className="grow">
                <label htmlFor={`stage-name-${stage.id}`} className="block text-xs font-medium">Stage {index + 1}</label>
                <input id={`stage-name-${stage.id}`} name="name" defaultValue={stage.name} className={`${input} w-full`} />
              </div>
              <div>
                <label htmlFor={`stage-p-${stage.id}`} className="block text-xs font-medium">Probability %</label>
                <input id={`stage-p-${stage.id}`} name="probability" type="number" min={0} max={100} defaultValue={stage.probability} readOnly={stage.is_won || stage.is_lost} className={`${input} w-24`} />
              </div>
              <Button type="submit" variant="secondary" disabled={pending}>Save</Button>
            </form>
            {stage.is_won || stage.is_lost ? (
              <span className="px-2 text-xs text-slate-700">{stage.is_won ? 'Closes as won' : 'Closes as lost'}</span>
            ) : (
              <>
                <Button variant="secondary" aria-label={`Move ${stage.name} up`} disabled={pending || index === 0} onClick={() => run(() => moveStageAction(stage.id, 'up'), 'Stage moved.')}>↑</Button>
                <Button variant="secondary" aria-label={`Move ${stage.name} down`} disabled={pending} onClick={() => run(() => moveStageAction(stage.id, 'down'), 'Stage moved.')}>↓</Button>
              </>
            )}
          </li>
        ))}
      </ol>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => addStageAction({ pipeline_id: pipelineId, name: newName, probability: newProbability }), `Stage “${newName}” added.`);
          setNewName('');
        }}
      >
        <div>
          <label htmlFor={`new-stage-${pipelineId}`} className="block text-xs font-medium">New stage</label>
          <input id={`new-stage-${pipelineId}`} value={newName} onChange={(e) => setNewName(e.target.value)} className={input} placeholder="e.g. Trial session booked" />
        </div>
        <div>
          <label htmlFor={`new-stage-p-${pipelineId}`} className="block text-xs font-medium">Probability %</label>
          <input id={`new-stage-p-${pipelineId}`} type="number" min={0} max={100} value={newProbability} onChange={(e) => setNewProbability(e.target.value)} className={`${input} w-24`} />
        </div>
        <Button type="submit" disabled={pending || !newName.trim()}>Add stage</Button>
      </form>
    </div>
  );
}
