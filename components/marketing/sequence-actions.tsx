'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { enrollInSequenceAction, exitSequenceEnrollmentAction, removeSequenceStepAction } from '@/app/actions/marketing';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';

export function EnrollSegmentForm({ sequenceId, segments }: { sequenceId: string; segments: { id: string; name: string; audience: string }[] }) {
  const router = useRouter();
  const toast = useToast();
  const [segmentId, setSegmentId] = useState(segments[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  if (segments.length === 0) return <p className="text-sm text-slate-700">Build a segment to enroll people in bulk.</p>;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      data-testid="enroll-segment-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        const result = await enrollInSequenceAction(sequenceId, { segment_id: segmentId });
        setBusy(false);
        toast(result.ok ? { message: `${result.data.enrolled} people enrolled (people already in the sequence are left as they are).`, tone: 'info' } : { message: result.message, tone: 'error' });
        router.refresh();
      }}
    >
      <SelectField label="Enroll everyone in the segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
        {segments.map((s) => (
          <option key={s.id} value={s.id}>{s.name} ({s.audience})</option>
        ))}
      </SelectField>
      <Button type="submit" disabled={busy}>Enroll</Button>
    </form>
  );
}

export function ExitButtons({ sequenceId, enrollmentId, person }: { sequenceId: string; enrollmentId: string; person: string }) {
  const router = useRouter();
  const toast = useToast();
  const exit = async (reason: 'replied' | 'manual') => {
    const result = await exitSequenceEnrollmentAction(sequenceId, { enrollment_id: enrollmentId, reason });
    if (!result.ok) toast({ message: result.message, tone: 'error' });
    router.refresh();
  };
  return (
    <span className="flex flex-wrap gap-2">
      <Button variant="secondary" className="min-h-8 px-2 text-xs" aria-label={`${person} replied: take them out`} onClick={() => void exit('replied')}>Replied</Button>
      <Button variant="secondary" className="min-h-8 px-2 text-xs" aria-label={`Take ${person} out of the sequence`} onClick={() => void exit('manual')}>Take out</Button>
    </span>
  );
}

export function RemoveStepButton({ sequenceId, stepId, position }: { sequenceId: string; stepId: string; position: number }) {
  const router = useRouter();
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      className="min-h-8 px-2 text-xs"
      aria-label={`Remove step ${position}`}
      onClick={async () => {
        if (!window.confirm(`Remove step ${position}? People further on get the next step instead.`)) return;
        const result = await removeSequenceStepAction(sequenceId, stepId);
        if (!result.ok) toast({ message: result.message, tone: 'error' });
        router.refresh();
      }}
    >
      Remove
    </Button>
  );
}
