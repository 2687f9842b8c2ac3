/**
 * A request's id reaches every process that works for it: the app's transactions carry it as
 * `cohort.request_id` and in `application_name` (so Postgres's own log names it beside a failed
 * statement), and an edge function takes it from the caller's X-Request-Id and answers with it —
 * a malformed one is replaced, never repeated back.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, readAsUser, withUser } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import type { FunctionsHost } from '../../scripts/functions-host';
import { REQUEST_ID_HEADER, withRequestId } from '../../supabase/functions/_shared/log.ts';
import { functionsHost } from './jobs-support';
import { staff } from './support';

const marks = sql<{ app: string; request: string | null }>`select current_setting('application_name') as app, nullif(current_setting('cohort.request_id', true), '') as request`;

describe('transactions of a request', () => {
  it('carry its id as cohort.request_id and in application_name, whoever they run as', async () => {
    const sales = await staff('sales1@northwind.example');
    const id = `req-${randomUUID()}`;
    const [asUser, asSystem, reading] = await withRequestId(id, async () => [
      (await withUser(sales, (tx) => marks.execute(tx))).rows[0],
      (await asService('tests: request ids', (tx) => marks.execute(tx))).rows[0],
      (await readAsUser(sales, (client) => client.query('select current_setting($1) as app, current_setting($2, true) as request', ['application_name', 'cohort.request_id']))).rows[0],
    ]);
    // application_name keeps 63 bytes: the id's start is enough to find the request.
    const app = `cohort ${id}`.slice(0, 63);
    expect(asUser).toEqual({ app, request: id });
    expect(asSystem).toEqual({ app, request: id });
    expect(reading).toEqual({ app, request: id });
    // Outside a request: the pool's own name, and no id.
    expect((await withUser(sales, (tx) => marks.execute(tx))).rows[0]).toEqual({ app: 'cohort', request: null });
  });

  it("name it in Postgres's log beside a statement that failed", async (ctx) => {
    const [{ dir } = { dir: '' }] = (await sql<{ dir: string }>`select current_setting('data_directory') as dir`.execute(ownerDb())).rows;
    const logFile = path.join(dir, 'server.log');
    if (!existsSync(logFile)) ctx.skip('the tests run on a Postgres whose log is not the embedded cluster’s server.log');
    const sales = await staff('sales1@northwind.example');
    const id = `req-${randomUUID()}`;
    await expect(withRequestId(id, () => withUser(sales, (tx) => sql`select 1 / 0`.execute(tx)))).rejects.toThrow(/division by zero/);
    const lines = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.includes(id.slice(0, 56)));
    expect(lines.join('\n')).toMatch(/ERROR: {2}division by zero/);
  });
});

describe('an edge function called within a request', () => {
  let host: FunctionsHost;
  beforeAll(async () => {
    host = await functionsHost();
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
  });
  const call = (requestId: string) =>
    fetch(`${host.url}/functions/v1/send-email`, { method: 'POST', headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId }, body: '{}' });

  it("answers with the caller's id, and a new one for an id that is not well formed", async () => {
    const id = `req-${randomUUID()}`;
    const answered = await call(id);
    expect(answered.status).toBe(401); // no caller: refused, and still traced
    expect(answered.headers.get(REQUEST_ID_HEADER)).toBe(id);
    for (const hostile of ['<script>alert(1)</script>', 'short', 'a'.repeat(200), 'id with spaces in it']) {
      const replaced = (await call(hostile)).headers.get(REQUEST_ID_HEADER);
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
