import type { UnsubscribeTarget } from '@/lib/email/unsubscribe';

/**
 * The body of the public preferences page. A plain HTML form (no JavaScript, no cookies)
 * posting to the one-click endpoint, so it works in any browser and from any mail client.
 */
export function UnsubscribePanel({ token, target, done }: { token: string; target: UnsubscribeTarget; done: boolean }) {
  return (
    <div id="preferences" className="space-y-4 text-sm text-slate-700">
      <p>
        For <strong className="text-slate-900">{target.maskedEmail}</strong> at {target.orgName}.
      </p>
      {target.receivesMarketing ? (
        <>
          <p>
            You receive news, course offers and certification advice from {target.orgName}. Unsubscribing stops them
            straight away.
          </p>
          <form method="post" action={`/api/unsubscribe/${encodeURIComponent(token)}`}>
            <input type="hidden" name="from" value="preferences-page" />
            <button
              type="submit"
              data-testid="unsubscribe-button"
              className="inline-flex min-h-10 w-full items-center justify-center rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700"
            >
              Unsubscribe from marketing email
            </button>
          </form>
        </>
      ) : (
        <p role="status" data-testid="unsubscribed" className="rounded-md border border-green-300 bg-green-50 px-4 py-3 text-green-800">
          {done ? 'Done: you' : 'You'} will not receive marketing email from {target.orgName}.
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
