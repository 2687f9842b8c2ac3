/**
 * Workers start side by side (a deploy starts several at once): each grants service_role its
 * access to pg-boss's tables as it starts, and Postgres fails concurrent grants on the same
 * objects with "tuple concurrently updated" — a worker that hit it never started. The grants
 * now take turns.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { grantQueueAccess } from '../../lib/jobs/boss';

it('lets several workers grant their queue access at the same moment, none failing', async () => {
  const clients = await Promise.all(
    [0, 1, 2].map(async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      return client;
    }),
  );
  try {
    const failures: string[] = [];
    for (let round = 0; round < 30; round++) {
      const results = await Promise.allSettled(clients.map((client) => grantQueueAccess({ executeSql: (text) => client.query(text) })));
      for (const r of results) if (r.status === 'rejected') failures.push((r.reason as Error).message);
    }
    expect(failures).toEqual([]);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
});
