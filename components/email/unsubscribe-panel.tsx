import { consentPurposes, type UnsubscribeTarget } from '@/lib/email/unsubscribe';

/** What the page says after a form came back: `all`, or the purpose withdrawn. */
export type PanelNotice = { done?: string; error?: string };

const button =
  'inline-flex min-h-10 items-center justify-center rounded-md px-4 font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600';

/**
 * The body of the public preferences page. Plain HTML forms (no JavaScript, no cookies)
 * posting to the one-click endpoint, so it works in any browser and from any mail client:
 * one per purpose the person said yes to, and one to unsubscribe from everything.
 */
export function UnsubscribePanel({ token, target, notice }: { token: string; target: UnsubscribeTarget; notice: PanelNotice }) {
  const action = `/api/unsubscribe/${encodeURIComponent(token)}`;
  const withdrawnOne = notice.done && notice.done in consentPurposes ? consentPurposes[notice.done as keyof typeof consentPurposes].label : null;
  const subscribed = target.purposes.filter((p) => p.granted);
  return (
    <div id="preferences" className="space-y-4 text-sm text-slate-700">
      <p>
        For <strong className="text-slate-900">{target.maskedEmail}</strong> at {target.orgName}.
      </p>
      {notice.error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-red-800">
          That choice was not recognised, so nothing changed. Please choose again below.
        </p>
      ) : null}
      {withdrawnOne ? (
        <p role="status" data-testid="purpose-withdrawn" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-800">
          Done: no more “{withdrawnOne}” from {target.orgName}.
        </p>
      ) : null}
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="purposes">
        {target.purposes.map(({ purpose, granted }) => {
          const { label, detail } = consentPurposes[purpose];
          const on = purpose === 'marketing_email' ? target.receivesMarketing : granted;
          return (
            <li key={purpose} className="flex flex-wrap items-center gap-3 px-3 py-3" data-testid={`purpose-${purpose}`}>
              <div className="min-w-0 flex-1">
                <p className="font-medium text-slate-900">{label}</p>
                <p>{detail}</p>
                <p className="mt-1 font-medium" data-state={on ? 'subscribed' : 'unsubscribed'}>{on ? 'You receive these.' : 'You do not receive these.'}</p>
              </div>
              {on ? (
                <form method="post" action={action}>
                  <input type="hidden" name="from" value="preferences-page" />
                  <input type="hidden" name="purpose" value={purpose} />
                  <button type="submit" className={`${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50`}>
                    Stop<span className="sr-only"> {label}</span>
                  </button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
      {target.receivesMarketing || subscribed.length ? (
        <form method="post" action={action}>
          <input type="hidden" name="from" value="preferences-page" />
          <button type="submit" data-testid="unsubscribe-button" className={`${button} w-full bg-accent text-on-accent hover:bg-accent-strong`}>
            Unsubscribe from all marketing email
          </button>
        </form>
      ) : (
        <p role="status" data-testid="unsubscribed" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-800">
          {notice.done === 'all' ? 'Done: you' : 'You'} will not receive marketing email from {target.orgName}.
        </p>
      )}
      <p>
        Emails about your bookings, exams and certificates are not marketing: you will keep receiving them while you
        train with {target.orgName}.
      </p>
      <p>Changed your mind later? Subscribing again needs your consent again, for example on {target.orgName}’s website.</p>
    </div>
  );
}
