'use client';

import { useState } from 'react';
import { sendCampaignTestAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { TEST_SEND_MAX_ADDRESSES } from '@/lib/marketing/campaign.schema';

type Sent = { to: string; ok: boolean; status: string; error: string | null };

/** "Send a test": the saved draft to a few members (you by default), marked [Test]. */
export function TestSendForm({ campaignId, sampleId, ensureSaved, defaultAddress = '' }: { campaignId: string; sampleId?: string; ensureSaved: () => Promise<boolean>; defaultAddress?: string }) {
  const [addresses, setAddresses] = useState(defaultAddress);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent[] | null>(null);

  return (
    <section aria-labelledby="test-send-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="test-send">
      <h2 id="test-send-heading" className="text-lg font-semibold">Send a test</h2>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setFailure(null);
          setSent(null);
          if (await ensureSaved()) {
            const list = addresses.split(/[,;\s]+/).filter(Boolean);
            const result = await sendCampaignTestAction(campaignId, { addresses: list, sample_id: sampleId });
            if (result.ok) setSent(result.data);
            else setFailure([result.message, ...Object.values(result.fieldErrors).flat()].join(' '));
          } else setFailure('Fix the draft first: the test sends what is saved.');
          setBusy(false);
        }}
      >
        <div className="min-w-64 flex-1">
          <TextField
            label="Send to"
            value={addresses}
            onChange={(e) => setAddresses(e.target.value)}
            hint={`Up to ${TEST_SEND_MAX_ADDRESSES} members of your organisation (the addresses they sign in with), separated by commas. The subject starts with [Test], and the campaign’s statistics leave it out.`}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={busy || !addresses.trim()}>
          {busy ? 'Sending test…' : 'Send test'}
        </Button>
      </form>
      {failure ? <Alert>{failure}</Alert> : null}
      <div role="status" data-testid="test-send-result">
        {sent ? (
          <ul className="text-sm">
            {sent.map((s) => (
              <li key={s.to}>
                {s.to}: {s.ok && s.status !== 'suppressed' ? 'test sent.' : s.status === 'suppressed' ? 'not sent: this address does not receive your email.' : `failed: ${s.error}`}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
