'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { checkCampaignAction, deleteCampaignAction, scheduleCampaignAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Problem = { kind: string; message: string };

/**
 * "Review and send": the final check (content, tokens, every link, size, audience), then a
 * confirmation that says how many people it goes to, now or at a time in the browser's zone.
 */
export function CampaignSend({ campaignId, ensureSaved }: { campaignId: string; ensureSaved: () => Promise<boolean> }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const whenId = useId();
  const [busy, setBusy] = useState<'checking' | 'sending' | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [receiving, setReceiving] = useState(0);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const people = `${receiving.toLocaleString('en-GB')} ${receiving === 1 ? 'person' : 'people'}`;

  const review = async () => {
    setBusy('checking');
    setFailure(null);
    setProblems(null);
    if (!(await ensureSaved())) {
      setBusy(null);
      setFailure('Fix the draft first: the check looks at what is saved.');
      return;
    }
    const result = await checkCampaignAction(campaignId);
    setBusy(null);
    if (!result.ok) return setFailure(result.message);
    if (result.data.problems.length) return setProblems(result.data.problems);
    setReceiving(result.data.receiving);
    dialog.current?.showModal();
  };

  const send = async () => {
    setBusy('sending');
    // datetime-local is the browser's local time; the server gets an exact instant.
    const result = await scheduleCampaignAction(campaignId, { when, scheduled_at: when === 'later' && at ? new Date(at).toISOString() : undefined });
    setBusy(null);
    if (!result.ok) {
      setFailure([result.message, ...Object.values(result.fieldErrors).flat()].join(' '));
      dialog.current?.close();
      return;
    }
    dialog.current?.close();
    router.refresh();
  };

  return (
    <section aria-labelledby="send-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="campaign-controls">
      <h2 id="send-heading" className="text-lg font-semibold">Send</h2>
      <p className="text-sm text-slate-600">Before it goes, Cohort checks the content, every link (each is opened once) and the size, and tells you how many people will receive it.</p>
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => void review()} disabled={busy !== null}>
          {busy === 'checking' ? 'Checking links and content…' : 'Review and send…'}
        </Button>
        <Button
          variant="secondary"
          disabled={busy !== null}
          onClick={async () => {
            if (!window.confirm('Delete this draft?')) return;
            const result = await deleteCampaignAction(campaignId);
            if (result.ok) router.push('/marketing/campaigns');
            else setFailure(result.message);
          }}
        >
          Delete draft
        </Button>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {problems ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="check-problems">
          <p className="font-semibold">This campaign cannot go yet:</p>
          <ul className="mt-1 list-inside list-disc">
            {problems.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dialog ref={dialog} aria-labelledby={`${whenId}-title`} className="m-auto w-full max-w-md rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40" data-testid="send-confirmation">
        <form
          method="dialog"
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <h2 id={`${whenId}-title`} className="text-lg font-semibold">
            {when === 'now' ? `Send to ${people} now?` : `Schedule for ${people}?`}
          </h2>
          <p className="text-sm text-slate-700">The check passed. People without consent, unsubscribed or suppressed are already left out.</p>
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-sm font-medium">When</legend>
            <label className="inline-flex min-h-8 items-center gap-2 text-sm">
              <input type="radio" name="when" value="now" checked={when === 'now'} onChange={() => setWhen('now')} /> Now
            </label>
            <label className="inline-flex min-h-8 items-center gap-2 text-sm">
              <input type="radio" name="when" value="later" checked={when === 'later'} onChange={() => setWhen('later')} /> At a time
            </label>
          </fieldset>
          {when === 'later' ? (
            <div className="space-y-1">
              <label htmlFor={whenId} className="block text-sm font-medium">Send at ({zone})</label>
              <input id={whenId} type="datetime-local" required value={at} onChange={(e) => setAt(e.target.value)} className="min-h-10 rounded-md border border-slate-300 px-3 text-sm" />
            </div>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>Not yet</Button>
            <Button type="submit" disabled={busy !== null}>
              {busy === 'sending' ? 'Sending…' : when === 'now' ? `Send to ${people}` : 'Schedule'}
            </Button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
