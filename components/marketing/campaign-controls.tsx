'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { commandCampaignAction, deleteCampaignAction, scheduleCampaignAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { CampaignStatus } from '@/lib/db/types';
import type { CampaignCommand } from '@/lib/marketing/campaign.schema';

const commandLabels: Record<CampaignCommand, string> = { pause: 'Pause sending', resume: 'Resume sending', cancel: 'Cancel campaign', unschedule: 'Back to draft' };
const available: Partial<Record<CampaignStatus, CampaignCommand[]>> = {
  scheduled: ['unschedule', 'cancel'],
  sending: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
};

/** Schedule (drafts), pause / resume / cancel (while sending), delete (drafts). */
export function CampaignControls({ campaignId, status }: { campaignId: string; status: CampaignStatus }) {
  const router = useRouter();
  const whenId = useId();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');

  const run = async (work: () => Promise<{ ok: boolean; message?: string }>) => {
    setBusy(true);
    setFailure(null);
    const result = await work();
    setBusy(false);
    if (!result.ok) setFailure(result.message ?? 'That did not work.');
    router.refresh();
  };

  return (
    <section aria-label="Campaign actions" className="space-y-3" data-testid="campaign-controls">
      {failure ? <Alert>{failure}</Alert> : null}
      {status === 'draft' ? (
        <form
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
          onSubmit={(event) => {
            event.preventDefault();
            // datetime-local is the browser's local time; the server gets an exact instant.
            void run(() => scheduleCampaignAction(campaignId, { when, scheduled_at: when === 'later' && at ? new Date(at).toISOString() : undefined }));
          }}
        >
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-sm font-medium">When</legend>
            <label className="inline-flex min-h-8 items-center gap-2 text-sm">
              <input type="radio" name="when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} /> Send now
            </label>
            <label className="inline-flex min-h-8 items-center gap-2 text-sm">
              <input type="radio" name="when" value="later" checked={when === 'later'} onChange={() => setWhen('later')} /> Schedule
            </label>
          </fieldset>
          {when === 'later' ? (
            <div className="space-y-1">
              <label htmlFor={whenId} className="block text-sm font-medium">Send at</label>
              <input id={whenId} type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)} className="min-h-10 rounded-md border border-slate-300 px-3 text-sm" />
            </div>
          ) : null}
          <Button type="submit" disabled={busy}>{when === 'now' ? 'Send campaign' : 'Schedule campaign'}</Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              if (!window.confirm('Delete this draft?')) return;
              void run(async () => {
                const result = await deleteCampaignAction(campaignId);
                if (result.ok) router.push('/marketing/campaigns');
                return result;
              });
            }}
          >
            Delete draft
          </Button>
        </form>
      ) : null}
      {available[status]?.length ? (
        <div className="flex flex-wrap gap-2">
          {available[status]?.map((command) => (
            <Button
              key={command}
              variant={command === 'cancel' ? 'danger' : 'secondary'}
              disabled={busy}
              onClick={() => {
                if (command === 'cancel' && !window.confirm('Cancel this campaign? Nobody who has not received it yet will.')) return;
                void run(() => commandCampaignAction(campaignId, command));
              }}
            >
              {commandLabels[command]}
            </Button>
          ))}
        </div>
      ) : null}
    </section>
  );
}
