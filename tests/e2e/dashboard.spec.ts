import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

test('the dashboard charts pipeline value by stage, in the bundled font', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  const panel = page.getByTestId('dashboard-pipeline');
  // One bar per stage with value, total and weighted side by side, and a legend naming both.
  const chart = panel.getByRole('img', { name: /total and weighted pipeline value per stage/ });
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const stagesWithValue = await panel.locator('tbody tr').evaluateAll((rows) => rows.filter((r) => !/€0$/.test(r.children[2]?.textContent ?? '')).length);
  expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(stagesWithValue);
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Total');
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('Weighted');
  // Inter comes from our own origin (next/font/local), not a font CDN, and is in use.
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return { loaded: [...document.fonts].filter((f) => f.status === 'loaded').length, body: getComputedStyle(document.body).fontFamily };
  });
  expect(fonts.loaded).toBeGreaterThan(0);
  expect(fonts.body).toMatch(/Inter/i);
});
