'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, useTransition } from 'react';
import { moveOpportunityAction } from '@/app/actions/opportunities';
import { ReasonForm } from '@/components/ui/reason-form';
import type { Stage } from './board';

/**
 * An opportunity's stage on its own page: pick another stage to move it (won and lost stages
 * close it). A lost stage asks why first, and nothing moves until the reason is given.
 */
export function StageControl({ opportunityId, stages, stageId, canMove }: { opportunityId: string; stages: Stage[]; stageId: string; canMove: boolean }) {
  const router = useRouter();
  const id = useId();
  const [current, setCurrent] = useState(stageId);
  const [lostStage, setLostStage] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [pending, start] = useTransition();
  useEffect(() => setCurrent(stageId), [stageId]);

  /** Moves the deal; answers the server's refusal, if any. */
  const move = async (target: string, lostReason?: string): Promise<string | null> => {
    const result = await moveOpportunityAction({ id: opportunityId, stage_id: target, lost_reason: lostReason });
    if (!result.ok) return result.fieldErrors.lost_reason?.[0] ?? result.message;
    setCurrent(target);
    setLostStage(null);
    setMessage({ text: `Moved to ${stages.find((s) => s.id === target)?.name ?? 'the stage'}.`, error: false });
    router.refresh();
    return null;
  };

  const choose = (target: string) => {
    setMessage(null);
    if (stages.find((s) => s.id === target)?.is_lost) return setLostStage(target);
    setLostStage(null);
    const before = current;
    setCurrent(target); // shown at once, put back if refused
    start(async () => {
      const refused = await move(target);
      if (refused) {
        setCurrent(before);
        setMessage({ text: refused, error: true });
      }
    });
  };

  return (
    <div className="space-y-2" data-testid="stage-control">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Stage
      </label>
      <select
        id={id}
        value={lostStage ?? current}
        disabled={!canMove || pending}
        onChange={(e) => choose(e.target.value)}
        className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        {stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.is_won ? ' (won)' : s.is_lost ? ' (lost)' : ''}
          </option>
        ))}
      </select>
      {lostStage ? <ReasonForm label="Why was it lost?" submitLabel="Mark as lost" onSubmit={(reason) => move(lostStage, reason)} onCancel={() => setLostStage(null)} /> : null}
      <p role={message?.error ? 'alert' : 'status'} className={`text-sm ${message?.error ? 'text-red-700' : 'text-slate-700'}`}>
        {message?.text}
      </p>
    </div>
  );
}
