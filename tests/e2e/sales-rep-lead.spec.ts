import { expect, test } from '@playwright/test';
import { LeadsPage } from './pages/leads-page';
import { SignInPage } from './pages/sign-in-page';

test('a sales rep signs in, creates a lead, finds it by search and signs out', async ({ page }) => {
  const unique = Date.now().toString(36);
  const lastName = `Okonkwo-${unique}`;

  await new SignInPage(page).signIn('sales1@northwind.example');
  await expect(page.getByTestId('signed-in-as')).toContainText('Northwind Training');

  const leads = new LeadsPage(page);
  const form = page.getByTestId('new-leads-form');

  // A bad email is explained next to its field and nothing is saved.
  await leads.open();
  await page.getByRole('link', { name: 'New lead' }).click();
  await form.getByLabel('Last name').fill(lastName);
  await form.getByLabel('Email').fill('chinedu-at-example');
  await form.getByRole('button', { name: 'Create lead' }).click();
  await expect(form.getByText('Enter a valid email address, like name@company.com.')).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.goto('/leads');

  await leads.createLead({ firstName: 'Chinedu', lastName, email: `chinedu.${unique}@example.com`, company: 'Lagos Data Academy' });
  await leads.search(lastName.toLowerCase());
  await expect(leads.rows()).toHaveCount(1);
  await expect(leads.rows().first()).toContainText(`Chinedu ${lastName}`);
  await expect(leads.rows().first()).toContainText('Lagos Data Academy');

  await new SignInPage(page).signOut();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/leads');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a sales rep does not see leads another rep owns', async ({ page }) => {
  await new SignInPage(page).signIn('sales2@northwind.example');
  const unique = Date.now().toString(36);
  const lastName = `Lindqvist-${unique}`;
  await new LeadsPage(page).createLead({ firstName: 'Saga', lastName, email: `saga.${unique}@example.com`, company: 'Nordic Skills AB' });
  await new SignInPage(page).signOut();

  await new SignInPage(page).signIn('sales1@northwind.example');
  const leads = new LeadsPage(page);
  await leads.search(lastName.toLowerCase());
  await expect(page.getByText('No leads match this search.')).toBeVisible();
});
