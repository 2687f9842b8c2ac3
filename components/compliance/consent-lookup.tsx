'use client';

import { useState, useTransition } from 'react';
import { consentLookupAction } from '@/app/actions/compliance';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { formatDateTime, personName } from '@/lib/format';

type Result = Extract<Awaited<ReturnType<typeof consentLookupAction>>, { ok: true }>['data'];

/** Proves when and how a person consented: current state per purpose, then the whole ledger. */
export function ConsentLookup() {
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await consentLookupAction(email);
            if (r.ok) { setResult(r.data); setError(null); } else { setError(r.message); setResult(null); }
          });
        }}
      >
        <div className="grow">
          <label htmlFor="consent-email" className="block text-sm font-medium">Email address</label>
          <input id="consent-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} className="block min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
        </div>
        <Button type="submit" disabled={pending}>{pending ? 'Looking up…' : 'Look up'}</Button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {result ? (
        <div className="space-y-4" data-testid="consent-result">
          <p className="text-sm">
            {result.contacts.length + result.leads.length === 0
              ? `Nobody with ${result.email} is on record.`
              : `${[...result.contacts.map((c) => `contact ${personName(c)}`), ...result.leads.map((l) => `lead ${personName(l)}`)].join(', ')}.`}
          </p>
          <section aria-labelledby="current-consent" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="current-consent" className="mb-2 font-semibold">Current consent</h2>
            <ul className="space-y-1 text-sm">
              {result.current.map((c) => (
                <li key={c.purpose}><span className="font-medium">{c.purpose.replace('_', ' ')}</span>: <Badge tone={c.granted ? 'green' : 'red'}>{c.granted ? 'granted' : 'withdrawn'}</Badge> since {formatDateTime(c.occurred_at)} ({c.source.replace('_', ' ')}{c.confirmed ? ', double opt-in' : ''})</li>
              ))}
              {result.current.length === 0 ? <li>No consent recorded.</li> : null}
            </ul>
          </section>
          <section aria-labelledby="ledger" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="ledger" className="mb-2 font-semibold">Full history</h2>
            <ol className="space-y-2 text-sm">
              {result.events.map((e) => (
                <li key={e.id} className="border-b border-slate-100 pb-2">
                  <p>{formatDateTime(e.occurred_at)} — <span className="font-medium">{e.granted ? 'granted' : 'withdrew'}</span> {e.purpose.replace('_', ' ')} via {e.source.replace('_', ' ')}{e.double_opt_in_at ? `, confirmed by double opt-in ${formatDateTime(e.double_opt_in_at)}` : ''}{e.recorded_by_name ? `, entered by ${e.recorded_by_name}` : ''}</p>
                  <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{JSON.stringify(e.proof, null, 2)}</pre>
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </div>
  );
}
