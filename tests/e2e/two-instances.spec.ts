/**
 * Two instances of the web app on one database, as behind a load balancer: a second
 * `server/web-server.ts` beside the suite's. A session made on one works on the other; a change
 * made through one reaches a live board served by the other; wrong passwords counted by both
 * lock the account on both (limits live in Postgres, not in a process); and stopping an
 * instance with a live stream open ends the stream and exits at once rather than hanging, while
 * the page it served says it is reconnecting. Each instance answers every request with its id
 * and logs it as one JSON line (no query string, no link token); a client cannot choose the id. An instance at its bound of
 * requests in flight answers a new one 503 with Retry-After at once, and serves again after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createUserWithPassword } from '../../lib/auth/staff';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { freePort } from '../support/free-port';
import { SignInPage } from './pages/sign-in-page';

const root = path.resolve(import.meta.dirname, '../..');
/** The second instance; `log()` is what it printed (its JSON log lines). */
let second: { url: string; child: ChildProcess; log: () => string };

/** Another instance of the web app on this database, as playwright.config.ts runs one: no owner URL. */
async function startInstance(extraEnv: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const port = await freePort();
  const { DATABASE_URL: _owner, AUTHENTICATOR_PASSWORD: _password, ...env } = process.env;
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'server/web-server.ts'], {
    cwd: root,
    env: { ...env, PORT: String(port), NODE_ENV: 'production', AUTH_SIGNIN_LIMIT_PER_MINUTE: '1000', LIVE_HEARTBEAT_SECONDS: '1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk) => {
    printed += chunk;
  });
  const url = `http://localhost:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/sign-in`).catch(() => null))?.status ?? 0, { timeout: 60_000, intervals: [250] })
    .toBe(200);
  return { url, child, log: () => printed };
}

test.beforeAll(async () => {
  second = await startInstance();
});

test.afterAll(async () => {
  if (second?.child.exitCode === null) second.child.kill('SIGKILL');
  await closeOwnerDb();
});

test('a session from one instance works on the other, and a change made through one reaches a board served by the other', async ({ browser }) => {
  const mover = await browser.newContext();
  const watcher = await browser.newContext();
  const moverPage = await mover.newPage();
  const watcherPage = await watcher.newPage();
  await new SignInPage(moverPage).signIn('manager@northwind.example');
  // Signed in on the suite's instance; the session cookie (localhost) is good on the second.
  await new SignInPage(watcherPage).signIn('admin@northwind.example');
  await watcherPage.goto(`${second.url}/opportunities`);
  await expect(watcherPage).toHaveURL(`${second.url}/opportunities`);
  await expect(watcherPage.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');

  await moverPage.goto('/opportunities');
  const columns = moverPage.getByTestId('board-column');
  await expect(moverPage.getByTestId('board-card').first()).toBeVisible();
  let from = 0;
  while ((await columns.nth(from).getByTestId('board-card').count()) === 0) from++;
  const card = columns.nth(from).getByTestId('board-card').first();
  const name = (await card.getByRole('link').textContent()) as string;
  const targetStage = ((await columns.nth(from + 1).getByRole('heading').textContent()) as string).replace(/\s*\(\d+\)$/, '');
  await card.getByLabel(`Move ${name} to stage`).selectOption({ label: `Move to: ${targetStage}` });
  await expect(watcherPage.getByTestId('board-column').nth(from + 1).getByRole('link', { name, exact: true })).toBeVisible({ timeout: 3_000 });
  await mover.close();
  await watcher.close();
});

test('every request has an id of its own, answered and logged as JSON; an id sent by a client is not taken', async () => {
  const answered = await fetch(`${second.url}/sign-in?email=someone@example.com`, { headers: { 'x-request-id': 'chosen-by-the-client' } });
  expect(answered.status).toBe(200);
  const id = answered.headers.get('x-request-id') as string;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await expect.poll(() => second.log().includes(id), { timeout: 10_000 }).toBe(true);
  const line = second.log().split('\n').find((l) => l.includes(id)) as string;
  expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', request_id: id, method: 'GET', path: '/sign-in', status: 200 });
  // The query string (a search, an address) stays out of the log.
  expect(line).not.toContain('someone@example.com');
  expect(second.log()).not.toContain('chosen-by-the-client');
  // So does a link's token: it is a key to someone's unsubscribe, not a name.
  const token = `${'t'.repeat(40)}.secret-part-of-the-link`;
  const unsubscribe = await fetch(`${second.url}/unsubscribe/${token}`);
  const tokenId = unsubscribe.headers.get('x-request-id') as string;
  await expect.poll(() => second.log().includes(tokenId), { timeout: 10_000 }).toBe(true);
  expect(JSON.parse(second.log().split('\n').find((l) => l.includes(tokenId)) as string)).toMatchObject({ path: '/unsubscribe/:token' });
  expect(second.log()).not.toContain('secret-part-of-the-link');
});

test('an instance at its limit of requests in flight answers a new one 503 with Retry-After at once, and health still answers', async () => {
  const busy = await startInstance({ MAX_IN_FLIGHT: '2', RESEND_WEBHOOK_SECRET: `whsec_${Buffer.from('a test secret of the right length').toString('base64')}` });
  const held: (() => void)[] = [];
  try {
    // Two deliveries of the email webhook that send their headers and then wait (it reads the
    // whole body before anything else): two requests in flight.
    for (let i = 0; i < 2; i++) {
      const req = httpRequest(`${busy.url}/api/webhooks/resend`, { method: 'POST', headers: { 'content-length': '1000', 'content-type': 'application/json' } });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(10));
      held.push(() => req.destroy());
    }
    await expect.poll(async () => (await fetch(`${busy.url}/sign-in`)).status, { timeout: 10_000 }).toBe(503);
    const refused = await fetch(`${busy.url}/sign-in`, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.text()).toContain('Cohort is very busy right now');
    const json = await fetch(`${busy.url}/api/auth/get-session`);
    expect(json.status).toBe(503);
    expect(await json.json()).toMatchObject({ error: { code: 'busy', retryable: true } });
    // Health is an operator's question, not load: it answers while the instance is full.
    expect(await (await fetch(`${busy.url}/api/health`)).json()).toHaveProperty('checks.database');
    expect(busy.log()).toContain('"status":503');
  } finally {
    for (const release of held) release();
  }
  // Once they are gone, it serves again.
  await expect.poll(async () => (await fetch(`${busy.url}/sign-in`)).status, { timeout: 10_000 }).toBe(200);
  busy.child.kill('SIGTERM');
});

test('wrong passwords counted by both instances lock the account on both', async ({ request, baseURL }) => {
  const email = `two.instances.${randomUUID().slice(0, 6)}@example.com`;
  const userId = await createUserWithPassword({ email, name: 'Twice Tried', password: 'the right passphrase 2026' });
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  await ownerDb().insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'viewer', display_name: 'Twice Tried', email }).execute();
  // A balancer gives both instances one public origin: the suite's.
  const signIn = (base: string, password: string) =>
    request.post(`${base}/api/auth/sign-in/email`, { data: { email, password }, headers: { origin: baseURL as string } });
  for (let i = 0; i < 5; i++) {
    expect((await signIn(baseURL as string, `wrong ${i}`)).status()).toBe(401);
    expect((await signIn(second.url, `wrong again ${i}`)).status()).toBe(401);
  }
  for (const base of [baseURL as string, second.url]) {
    const locked = await signIn(base, 'the right passphrase 2026');
    expect(locked.status()).toBe(429);
    expect((await locked.json()).code).toBe('ACCOUNT_LOCKED');
  }
});

test('stopping an instance with a live stream open ends the stream and exits at once; the page says it is reconnecting', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto(`${second.url}/opportunities`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
  second.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  // The page says so, rather than silently going stale.
  await expect(page.getByTestId('live-reconnecting')).toHaveText(/Reconnecting/);
  await context.close();
});
