/**
 * One LISTEN connection per server process on channel `crm_changes` (see the migration
 * create_change_notifications), fanned out to every open event stream of this process.
 * Reconnects with a back-off when the connection drops; notifications carry ids only.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import { appPoolConfig } from '../db/client';

export const changeSchema = z.object({
  t: z.string(),
  op: z.enum(['insert', 'update', 'delete']),
  org: z.uuid(),
  ids: z.array(z.uuid()).nullable(),
  bulk: z.boolean(),
});
export type Change = z.infer<typeof changeSchema>;

type Feed = { emitter: EventEmitter; client?: pg.Client; listening: Promise<void>; markListening: () => void };
const cache = globalThis as typeof globalThis & { __cohortChangeFeed?: Feed };

async function connect(feed: Feed, attempt = 0): Promise<void> {
  const client = new pg.Client(appPoolConfig({ applicationName: 'cohort-change-feed' }));
  const retry = () => {
    feed.client = undefined;
    setTimeout(() => void connect(feed, attempt + 1), Math.min(30_000, 500 * 2 ** attempt)).unref();
  };
  client.on('error', (error) => {
    console.error('[live] change feed connection lost', error.message);
    client.end().catch(() => undefined);
    retry();
  });
  client.on('notification', (message) => {
    const parsed = changeSchema.safeParse(JSON.parse(message.payload ?? 'null'));
    if (parsed.success) feed.emitter.emit('change', parsed.data);
    else console.error('[live] ignored malformed change notification', message.payload);
  });
  try {
    await client.connect();
    await client.query('listen crm_changes');
    feed.client = client;
    feed.markListening();
  } catch (error) {
    console.error('[live] could not listen for changes', (error as Error).message);
    retry();
  }
}

/** Subscribes to changes; returns the unsubscribe function. */
export function onChange(listener: (change: Change) => void): () => void {
  if (!cache.__cohortChangeFeed) {
    let markListening = () => {};
    const listening = new Promise<void>((resolve) => {
      markListening = resolve;
    });
    const feed: Feed = { emitter: new EventEmitter(), listening, markListening };
    feed.emitter.setMaxListeners(0);
    cache.__cohortChangeFeed = feed;
    void connect(feed);
  }
  const { emitter } = cache.__cohortChangeFeed;
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}

/** Resolves once the feed's LISTEN is in place (changes from then on are not missed). */
export function whenListening(): Promise<void> {
  return cache.__cohortChangeFeed?.listening ?? Promise.resolve();
}
