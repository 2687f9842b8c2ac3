'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { commandCampaignAction } from '@/app/actions/marketing';
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

/** Back to draft and cancel (scheduled), pause / resume / cancel (while sending). Drafts go through CampaignSend. */
export function CampaignControls({ campaignId, status }: { campaignId: string; status: CampaignStatus }) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
