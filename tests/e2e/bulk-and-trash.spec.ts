import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
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
  // The results settle first: while the search runs, the list (and the pointer's selection) still changes.
  await expect(palette.getByText(/^\d+ records? found$/)).toBeVisible();
  // Enter opens the selected result (the pointer may have moved the selection).
  const title = (await palette.getByRole('option', { selected: true }).locator('span').nth(1).textContent()) as string;
  await palette.getByRole('combobox').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test.afterAll(() => closeOwnerDb());

test('a manager bulk-trashes accounts and contacts with undo, and restores from each list’s trash', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const unique = Date.now().toString(36);
  await ownerDb().insertInto('accounts').values(['Alpha', 'Beta'].map((n) => ({ org_id: org.id, name: `${n} Academy ${unique}` }))).execute();
  await ownerDb().insertInto('contacts').values(['Alma', 'Bruno'].map((n) => ({ org_id: org.id, first_name: n, last_name: `Grid-${unique}`, created_at: new Date() }))).execute();
  await new SignInPage(page).signIn('manager@northwind.example');

  for (const [list, one, names] of [
    ['accounts', 'account', [`Alpha Academy ${unique}`, `Beta Academy ${unique}`]],
    ['contacts', 'contact', [`Alma Grid-${unique}`, `Bruno Grid-${unique}`]],
  ] as const) {
    await page.goto(`/${list}?q=${unique}`);
    const rows = page.getByTestId(`${one}-row`);
    await expect(rows).toHaveCount(2);
    await page.getByLabel(`Select all ${list} on this page`).check();
    await expect(page.getByTestId('bulk-toolbar')).toContainText('2 selected');
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect(page.getByRole('alertdialog')).toContainText(`Move 2 ${list} to the trash?`);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('toasts')).toContainText(`2 ${list} changed.`);
    await expect(rows).toHaveCount(0);
    await page.getByTestId('toasts').getByRole('button', { name: 'Undo' }).last().click();
    await expect(rows).toHaveCount(2);

    await page.getByLabel(`Select ${names[1]}`).check();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(rows).toHaveCount(1);
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('button', { name: `Restore ${names[1]}` }).click();
    await expect(page.getByTestId('toasts')).toContainText(`is back in the ${list} list`);
    await page.goto(`/${list}?q=${unique}`);
    await expect(rows).toHaveCount(2);
  }
});

