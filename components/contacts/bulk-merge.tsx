'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { mergeEmailDuplicatesAction } from '@/app/actions/merges';
import { Button } from '@/components/ui/button';
import type { BulkMergeStep } from '@/lib/crm/merges';

type Run = { dryRun: boolean; total: number; groups: number; merged: number; refused: BulkMergeStep['refused']; done: boolean; error: string | null };

/** "1 contact", "2,004 contacts". */
const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** Refusals shown, at most (the count says how many there were). */
const REFUSALS_SHOWN = 20;

/**
 * "Merge all exact email duplicates" (admins): a dry run first, which says how many contacts
 * would be merged into how many and which groups the database would refuse; then the real
 * run. Both go through the groups a step (one transaction) at a time with a progress bar;
 * leaving the page stops after the current step, and running again carries on with what is
 * still duplicated — nothing is merged twice.
 */
export function BulkMerge() {
  const router = useRouter();
  const [run, setRun] = useState<Run | null>(null);
  const [checked, setChecked] = useState(false);
  const busy = useRef(false);

  const start = async (dryRun: boolean) => {
    if (busy.current) return;
    busy.current = true;
    let state: Run = { dryRun, total: 0, groups: 0, merged: 0, refused: [], done: false, error: null };
    setRun(state);
    let after: string | null = null;
    for (;;) {
      const result = await mergeEmailDuplicatesAction({ dryRun, after });
      if (!result.ok) {
        state = { ...state, error: result.message, done: true };
        break;
      }
      const step = result.data;
      state = { ...state, total: state.total || step.remaining, groups: state.groups + step.groups, merged: state.merged + step.merged, refused: [...state.refused, ...step.refused] };
      setRun(state);
      if (step.next === null) {
        state = { ...state, done: true };
        break;
      }
      after = step.next;
    }
    setRun(state);
    busy.current = false;
    if (dryRun) setChecked(!state.error);
    else {
      setChecked(false);
      router.refresh();
    }
  };

  const percent = run && run.total > 0 ? Math.min(100, Math.round((run.groups / run.total) * 100)) : run?.done ? 100 : 0;
  const running = run !== null && !run.done;
  return (
    <section aria-labelledby="bulk-merge-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="bulk-merge">
      <h2 id="bulk-merge-title" className="font-semibold">Merge every duplicate by email address</h2>
      <p className="text-slate-700">
        Contacts with one mailbox (ignoring case, +tags and Gmail dots) are merged into the oldest of them, keeping its values (owner and account included) and filling the empty ones from the others; contacts of different owners are left for you to compare. Each merge can be undone from the kept contact’s page for 30 days.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => start(true)} disabled={running}>
          Check first (dry run)
        </Button>
        <Button onClick={() => start(false)} disabled={running || !checked}>
          Merge them
        </Button>
      </div>
      {!checked && !running ? <p className="text-xs text-slate-600">Run the check first: it changes nothing and says what the merge would do.</p> : null}
      {run ? (
        <div className="space-y-2" aria-live="polite">
          {running ? <progress className="h-2 w-full accent-brand-600" max={100} value={percent} aria-label={run.dryRun ? 'Dry run progress' : 'Merge progress'} /> : null}
          <p data-testid="bulk-merge-result">
            {run.error
              ? run.error
              : run.done && run.groups === 0
                ? 'No contacts share a mailbox: nothing to merge.'
                : run.dryRun
                ? `${run.done ? 'Dry run:' : 'Checking…'} ${count(run.merged, 'contact')} would be merged into ${count(run.groups - run.refused.length, 'kept contact')}${run.refused.length ? `; ${count(run.refused.length, 'group')} would be left for you to compare (below)` : ''}. Nothing was changed.`
                : `${run.done ? 'Done:' : 'Merging…'} ${count(run.merged, 'contact')} merged into ${count(run.groups - run.refused.length, 'kept contact')}${run.refused.length ? `; ${count(run.refused.length, 'group')} left for you to compare (below)` : ''}.`}
          </p>
          {run.refused.length ? (
            <ul className="list-disc space-y-1 pl-5 text-slate-700">
              {run.refused.slice(0, REFUSALS_SHOWN).map((r) => (
                <li key={r.email}>
                  {r.names} ({r.email}): {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
