'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { endOtherSessionsAction, endSessionAction } from '@/app/actions/profile';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export type SessionRow = { id: string; current: boolean; device: string; ipAddress: string | null; lastSeen: string; started: string };

/** Where you are signed in, with "sign out" for each other session and for all of them. */
export function SessionList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const run = (work: () => Promise<{ ok: boolean; message?: string }>, done: string) =>
    start(async () => {
      const result = await work();
      toast(result.ok ? { tone: 'info', message: done } : { tone: 'error', message: result.message ?? 'That did not work.' });
      router.refresh();
    });
  const others = sessions.filter((s) => !s.current);
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
            <div>
              <p className="font-medium">
                {s.device}
                {s.current ? <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-xs text-green-900">This session</span> : null}
              </p>
              <p className="text-slate-700">
                Last active {s.lastSeen}
                {s.ipAddress ? <span className="break-all"> · from {s.ipAddress}</span> : ''} · signed in {s.started}
              </p>
            </div>
            {s.current ? null : (
              <Button variant="secondary" size="sm" disabled={pending} onClick={() => run(() => endSessionAction(s.id), `Signed out of ${s.device}.`)}>
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Button variant="secondary" disabled={pending || others.length === 0} onClick={() => run(() => endOtherSessionsAction(), 'Signed out everywhere else.')}>
        Sign out everywhere else
      </Button>
    </div>
  );
}
