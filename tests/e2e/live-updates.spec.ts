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
