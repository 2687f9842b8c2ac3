'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { cancelBulkMergeAction, requestBulkMergeAction } from '@/app/actions/merges';
import { Button } from '@/components/ui/button';
import type { BulkMergeRun } from '@/lib/crm/bulk-merges';

/** "1 contact", "2,004 contacts". */
const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** Refusals shown, at most (the count says how many there were). */
const REFUSALS_SHOWN = 20;

/** What the run did, or is doing, in a sentence. */
function summary(run: BulkMergeRun): string {
  const kept = count(Math.max(0, run.groups_done - run.refused_count), 'kept contact');
  const left = run.refused_count ? `; ${count(run.refused_count, 'group')} ${run.dry_run ? 'would be ' : ''}left for you to compare (below)` : '';
  if (run.status === 'failed') return run.error ?? 'The merge stopped on an error.';
  if (run.status === 'done' && run.groups_done === 0) return 'No contacts share a mailbox: nothing to merge.';
  if (run.status === 'queued') return run.dry_run ? 'Dry run queued: it starts in a moment.' : 'Merge queued: it starts in a moment.';
  if (run.dry_run) {
    const head = run.status === 'done' ? 'Dry run:' : run.status === 'cancelled' ? 'Dry run stopped:' : 'Checking…';
    return `${head} ${count(run.merged, 'contact')} would be merged into ${kept}${left}. Nothing was changed.`;
  }
  const head = run.status === 'done' ? 'Done:' : run.status === 'cancelled' ? 'Stopped:' : 'Merging…';
  return `${head} ${count(run.merged, 'contact')} merged into ${kept}${left}.`;
}

/**
 * "Merge all exact email duplicates" (admins): a dry run first, which says how many contacts
 * would be merged into how many and which groups the database would refuse; then the real
 * run. The worker runs both in the background (closing the page stops nothing) a step at a
 * time; this panel shows the latest run's progress, re-read live, and can stop it — what was
 * merged by then stays merged, and a new run carries on with what is still duplicated.
 */
export function BulkMerge({ latest }: { latest: BulkMergeRun | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const act = (call: () => Promise<{ ok: true } | { ok: false; message: string }>) =>
    startTransition(async () => {
      setError(null);
      const result = await call();
      if (!result.ok) setError(result.message);
      router.refresh();
    });

  const running = latest !== null && (latest.status === 'queued' || latest.status === 'running');
  // The real run waits for a dry run that finished, with nothing run since.
  const checked = latest !== null && latest.dry_run && latest.status === 'done' && latest.groups_done > 0;
  const percent = latest?.groups_total ? Math.min(100, Math.round((latest.groups_done / latest.groups_total) * 100)) : 0;
  return (
    <section aria-labelledby="bulk-merge-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="bulk-merge">
      <h2 id="bulk-merge-title" className="font-semibold">Merge every duplicate by email address</h2>
      <p className="text-slate-700">
        Contacts with one mailbox (ignoring case, +tags and Gmail dots) are merged into the oldest of them, keeping its values (owner and account included) and filling the empty ones from the others; contacts of different owners are left for you to compare. It runs in the background: you can leave this page. Each merge can be undone from the kept contact’s page for 30 days.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => act(() => requestBulkMergeAction({ dryRun: true }))} disabled={running || pending}>
          Check first (dry run)
        </Button>
        <Button onClick={() => act(() => requestBulkMergeAction({ dryRun: false }))} disabled={running || pending || !checked}>
          Merge them
        </Button>
        {running ? (
          <Button variant="secondary" onClick={() => act(() => cancelBulkMergeAction(latest.id))} disabled={pending}>
            Stop
          </Button>
        ) : null}
      </div>
      {!checked && !running ? <p className="text-xs text-slate-600">Run the check first: it changes nothing and says what the merge would do.</p> : null}
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
      {latest ? (
        <div className="space-y-2" aria-live="polite">
          {running ? (
            <progress className="h-2 w-full accent-brand-600" max={100} value={percent} aria-label={latest.dry_run ? 'Dry run progress' : 'Merge progress'}>
              {percent}%
            </progress>
          ) : null}
          <p data-testid="bulk-merge-result">{summary(latest)}</p>
          {running && latest.groups_total ? (
            <p className="text-xs text-slate-600">
              {latest.groups_done.toLocaleString('en')} of {count(latest.groups_total, 'group')} done
            </p>
          ) : null}
          {latest.refused.length ? (
            <ul className="list-disc space-y-1 pl-5 text-slate-700">
              {latest.refused.slice(0, REFUSALS_SHOWN).map((r) => (
                <li key={r.email}>
                  {r.names} ({r.email}): {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {latest.refused_count > REFUSALS_SHOWN ? <p className="text-xs text-slate-600">…and {count(latest.refused_count - REFUSALS_SHOWN, 'more group')}.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
