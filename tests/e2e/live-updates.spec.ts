import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

test('a second person sees an opportunity move on their board within 2 seconds, without reloading', async ({ browser }) => {
  const mover = await browser.newContext();
  const watcher = await browser.newContext();
  const moverPage = await mover.newPage();
  const watcherPage = await watcher.newPage();
  await new SignInPage(moverPage).signIn('manager@northwind.example');
  await new SignInPage(watcherPage).signIn('admin@northwind.example');
  await moverPage.goto('/opportunities');
  await watcherPage.goto('/opportunities');
  await expect(watcherPage.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await expect(moverPage.getByTestId('board-card').first()).toBeVisible();

  // Pick the first open-stage column that holds a card, and move that card one stage on.
  const columns = moverPage.getByTestId('board-column');
  let from = 0;
  while ((await columns.nth(from).getByTestId('board-card').count()) === 0) from++;
  const card = columns.nth(from).getByTestId('board-card').first();
  const name = (await card.getByRole('link').textContent()) as string;
  const targetStage = ((await columns.nth(from + 1).getByRole('heading').textContent()) as string).replace(/\s*\(\d+\)$/, '');
  let reloads = 0;
  watcherPage.on('load', () => reloads++);

  await card.getByLabel(`Move ${name} to stage`).selectOption({ label: `Move to: ${targetStage}` });
  await expect(watcherPage.getByTestId('board-column').nth(from + 1).getByRole('link', { name, exact: true })).toBeVisible({ timeout: 2_000 });
  expect(reloads).toBe(0);

  await mover.close();
  await watcher.close();
});

test('a live stream opened before signing out ends once the session is gone', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new SignInPage(page).signIn('manager@northwind.example');
  // Read the stream by hand, as EventSource would, and keep what arrives.
  await page.evaluate(() => {
    const state = { text: '', done: false };
    (window as unknown as { stream: typeof state }).stream = state;
    void fetch('/api/events').then(async (response) => {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        state.text += new TextDecoder().decode(value);
      }
      state.done = true;
    });
  });
  const stream = () => page.evaluate(() => (window as unknown as { stream: { text: string; done: boolean } }).stream);
  await expect.poll(async () => (await stream()).text).toContain('event: ready');

  // Sign out in another tab of the same browser: the session ends on the server.
  const other = await context.newPage();
  await other.goto('/dashboard');
  await new SignInPage(other).signOut();
  await expect(other).toHaveURL(/\/sign-in$/);

  // The test server re-checks every second (LIVE_HEARTBEAT_SECONDS): the stream says so and ends.
  await expect.poll(async () => (await stream()).done, { timeout: 10_000 }).toBe(true);
  expect((await stream()).text).toContain('event: signed-out');
  await context.close();
});
