'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { assignLeadAction, disqualifyLeadAction, restoreLeadAction, trashLeadAction } from '@/app/actions/leads';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { Member } from '@/lib/crm/members';

/** Assign, disqualify with a reason, or move the lead to the trash. */
export function LeadActions({ leadId, ownerId, members, canDisqualify }: { leadId: string; ownerId: string | null; members: Member[]; canDisqualify: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [disqualifying, setDisqualifying] = useState(false);

  const run = (work: () => Promise<{ ok: boolean; message?: string }>, after?: () => void) =>
    start(async () => {
      const result = await work();
      setMessage(result.ok ? null : (result.message ?? 'That did not work.'));
      if (result.ok) after?.();
      router.refresh();
    });

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      {message ? <Alert>{message}</Alert> : null}
      <div className="space-y-1">
        <label htmlFor="lead-owner" className="block text-sm font-medium">
          Owner
        </label>
        <select
          id="lead-owner"
          defaultValue={ownerId ?? ''}
          disabled={pending}
          onChange={(event) => run(() => assignLeadAction(leadId, event.target.value || null))}
          className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
        >
          <option value="">Unassigned</option>
          {members.map((m) => (
            <option key={m.user_id} value={m.user_id}>
              {m.display_name}
            </option>
          ))}
        </select>
      </div>
      {canDisqualify ? (
        disqualifying ? (
          <form
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              run(() => disqualifyLeadAction({ id: leadId, reason }), () => setDisqualifying(false));
            }}
          >
            <label htmlFor="disqualify-reason" className="block text-sm font-medium">
              Why is this lead disqualified?
            </label>
            <input
              id="disqualify-reason"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              className="block min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm"
              placeholder="e.g. No training budget this year"
            />
            <div className="flex gap-2">
              <Button type="submit" variant="danger" disabled={pending}>
                Disqualify
              </Button>
              <Button variant="secondary" onClick={() => setDisqualifying(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <Button variant="secondary" onClick={() => setDisqualifying(true)}>
            Disqualify…
          </Button>
        )
      ) : null}
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          run(
            () => trashLeadAction(leadId),
            () => {
              toast({ tone: 'info', message: 'Lead moved to the trash.', action: { label: 'Undo', onClick: () => void restoreLeadAction(leadId).then(() => router.push(`/leads/${leadId}`)) } });
              router.push('/leads');
            },
          )
        }
      >
        Move to trash
      </Button>
    </div>
  );
}
