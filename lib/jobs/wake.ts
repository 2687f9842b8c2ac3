/**
 * The database wakes the worker: triggers NOTIFY `cohort_work` with the kind of work
 * (campaigns, email_triggers, sequences, exports, imports, scoring, bulk_merges — see private.wake_worker), and this listener turns
 * each into a coalescing job, so a booking's confirmation or a resumed campaign starts within
 * moments instead of at the next minute's poll. Reconnects with a back-off, like
 * lib/live/change-feed.ts; the minute schedules cover anything missed meanwhile.
 */
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { appPoolConfig } from '../db/client';
import { nudge } from './boss';

const work = { campaigns: 'campaignDispatch', email_triggers: 'triggerDrain', sequences: 'sequenceTick', exports: 'exportDrain', imports: 'importDrain', scoring: 'scoringRescore', bulk_merges: 'bulkMergeDrain' } as const;

export function listenForWork(boss: PgBoss): { close: () => Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (attempt = 0): Promise<void> => {
    if (closed) return;
    const next = new pg.Client(appPoolConfig({ applicationName: 'cohort-worker-wake' }));
    const retry = () => {
      client = undefined;
      if (!closed) setTimeout(() => void connect(attempt + 1), Math.min(30_000, 500 * 2 ** attempt)).unref();
    };
    next.on('error', (error) => {
      console.error('[jobs] wake-up connection lost', error.message);
      next.end().catch(() => undefined);
      retry();
    });
    next.on('notification', (message) => {
      const key = work[message.payload as keyof typeof work];
      if (key) nudge(boss, key).catch((error: unknown) => console.error('[jobs] could not queue', key, error));
    });
    try {
      await next.connect();
      await next.query('listen cohort_work');
      client = next;
      // Whatever was raised while nobody listened.
      for (const key of Object.values(work)) await nudge(boss, key);
    } catch (error) {
      console.error('[jobs] could not listen for work', (error as Error).message);
      next.end().catch(() => undefined);
      retry();
    }
  };
  void connect();
  return {
    close: async () => {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
