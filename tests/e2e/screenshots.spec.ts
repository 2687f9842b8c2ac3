import { test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

// Not assertions: pictures of the main pages at desktop and phone width for a reviewer,
// written under test-results/screenshots (not committed).
const pages = ['/dashboard', '/leads', '/contacts', '/accounts', '/opportunities', '/tasks', '/training'];

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 812 }]] as const) {
  test(`screenshots of the main pages at ${label} width`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await new SignInPage(page).signIn('manager@northwind.example');
    for (const path of pages) {
      await page.goto(path);
      // The dashboard's chart loads after the page: picture it drawn.
      if (path === '/dashboard') await page.getByTestId('pipeline-chart').locator('.recharts-bar-rectangle').first().waitFor();
      await page.screenshot({ path: `test-results/screenshots/${label}${path.replace(/\//g, '-')}.png`, fullPage: true });
    }
    await page.goto('/contacts');
    await page.getByTestId('contact-row').first().getByRole('link').first().click();
    await page.screenshot({ path: `test-results/screenshots/${label}-contact-detail.png`, fullPage: true });
  });
}
