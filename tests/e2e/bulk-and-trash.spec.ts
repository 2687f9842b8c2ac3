import { expect, test } from '@playwright/test';
import { LeadsPage } from './pages/leads-page';
import { SignInPage } from './pages/sign-in-page';

test('a manager bulk-assigns leads, trashes one with undo, and restores another from the trash', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  const leads = new LeadsPage(page);
  const unique = Date.now().toString(36);
  for (const first of ['Ines', 'Joaquim']) {
    await leads.createLead({ firstName: first, lastName: `Bulk-${unique}`, email: `${first.toLowerCase()}.${unique}@example.com`, company: 'Porto Learning Lda' });
  }
  await leads.search(`bulk-${unique}`);
  await expect(leads.rows()).toHaveCount(2);

  // Bulk assign both to a sales rep: count, confirmation, summary.
  await page.getByLabel('Select all leads on this page').check();
  await expect(page.getByTestId('bulk-toolbar')).toContainText('2 selected');
  await page.getByLabel('Assign to').selectOption({ label: 'Priya Raman' });
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('toasts')).toContainText('2 leads changed.');
  await expect(leads.rows().first()).toContainText('Priya Raman');

  // Trash one and undo from the toast.
  await page.getByLabel(`Select Ines Bulk-${unique}`).check();
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(leads.rows()).toHaveCount(1);
  await page.getByTestId('toasts').getByRole('button', { name: 'Undo' }).click();
  await expect(leads.rows()).toHaveCount(2);

  // Trash the other and restore it from the trash view.
  await page.getByLabel(`Select Joaquim Bulk-${unique}`).check();
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(leads.rows()).toHaveCount(1);
  await page.getByRole('link', { name: 'Trash' }).click();
  await page.getByRole('button', { name: `Restore Joaquim Bulk-${unique}` }).click();
  await expect(page.getByTestId('toasts')).toContainText('is back in the leads list');
  await leads.search(`bulk-${unique}`);
  await expect(leads.rows()).toHaveCount(2);
});

test('Ctrl-K finds a contact and opens it', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  // The shortcut works once the page is hydrated (the live-update client is a sign of it).
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').fill('a');
  await palette.getByRole('combobox').fill('an');
  await expect(palette.getByRole('option').first()).toBeVisible();
  // Enter opens the selected result (the pointer may have moved the selection).
  const title = (await palette.getByRole('option', { selected: true }).locator('span').nth(1).textContent()) as string;
  await palette.getByRole('combobox').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});
