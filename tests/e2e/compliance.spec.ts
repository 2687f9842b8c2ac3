import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { linkInMailbox } from '../support/mailbox';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

/** The link in the subject's verification email, from their (local) mailbox: the officer never sees it. */
const verificationLink = (email: string) => linkInMailbox(email, 'request-verification', /http\S+\/verify-request\/[A-Za-z0-9_-]+/);

test('a visitor consents on a public form and confirms by email; a compliance officer proves it, then erases the person end to end', async ({ browser }) => {
  const unique = Date.now().toString(36);
  const email = `niamh.${unique}@visitor.example`;

  // Marketing publishes a lead-capture form.
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  await new SignInPage(staffPage).signIn('marketing@northwind.example');
  await staffPage.goto('/settings/forms');
  await staffPage.getByLabel('Form name').fill(`Open evening ${unique}`);
  await staffPage.getByRole('button', { name: 'Create form' }).click();
  const formLink = (await staffPage.getByTestId('lead-forms').locator('li', { hasText: `Open evening ${unique}` }).getByRole('link').getAttribute('href')) as string;
  await new SignInPage(staffPage).signOut();

  // A visitor (no account) fills it in and ticks the consent box.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(formLink);
  const form = visitor.getByTestId('public-lead-form');
  await form.getByLabel('First name').fill('Niamh');
  await form.getByLabel('Last name').fill(`Dwyer-${unique}`);
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Company').fill('Galway Learning Co');
  await form.getByRole('checkbox').check();
  await visitor.waitForTimeout(3_100); // the form refuses submissions faster than a person types
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByText('we will be in touch')).toBeVisible();
  await expect(visitor.getByText(`we sent a link to ${email}`)).toBeVisible();

  // Double opt-in: the consent counts once the visitor confirms from the email.
  const confirmLink = await linkInMailbox(email, 'consent-confirmation', /http\S+\/confirm-consent\/[A-Za-z0-9_-]+/);
  await visitor.goto(new URL(confirmLink).pathname);
  await expect(visitor.getByRole('heading', { name: 'Confirm your subscription' })).toBeVisible();
  await visitor.getByRole('button', { name: 'Yes, that was me' }).click();
  await expect(visitor.getByTestId('consent-confirmation-outcome')).toContainText('you will hear from Northwind Training');

  // The compliance officer proves the consent.
  await new SignInPage(staffPage).signIn('compliance@northwind.example');
  await staffPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance' }).click();
  await staffPage.getByRole('navigation', { name: 'Compliance' }).getByRole('link', { name: 'Consent lookup' }).click();
  await staffPage.getByLabel('Email address').fill(email);
  await staffPage.getByRole('button', { name: 'Look up' }).click();
  await expect(staffPage.getByTestId('consent-result')).toContainText('granted');
  await expect(staffPage.getByTestId('consent-result')).toContainText('text_shown');
  await expect(staffPage.getByTestId('consent-result')).toContainText('double opt-in');

  // Erasure request: receipt, verification by the subject, erasure, completion.
  await staffPage.getByRole('navigation', { name: 'Compliance' }).getByRole('link', { name: 'Requests' }).click();
  const newRequest = staffPage.getByTestId('new-request-form');
  await newRequest.getByLabel('Type').selectOption('erasure');
  await newRequest.getByLabel('Subject’s email').fill(email);
  await newRequest.getByRole('button', { name: 'Record request' }).click();
  await expect(staffPage).toHaveURL(/\/compliance\/requests\/[0-9a-f-]{36}$/);
  await staffPage.getByRole('button', { name: 'Email a verification link' }).click();
  await expect(staffPage.getByTestId('verification-outcome')).toContainText(`Verification link emailed to ${email}`);
  await expect(staffPage.getByTestId('request-actions')).not.toContainText('/verify-request/');

  await visitor.goto(new URL(await verificationLink(email)).pathname);
  await visitor.getByRole('button', { name: 'Yes, this request is mine' }).click();
  await expect(visitor.getByRole('heading', { name: /your request is confirmed/ })).toBeVisible();

  await staffPage.reload();
  await staffPage.getByRole('button', { name: 'Erase subject…' }).click();
  await staffPage.getByLabel('Type the subject’s email address to confirm').fill(email);
  await staffPage.getByRole('button', { name: 'Erase permanently' }).click();
  await expect(staffPage.getByTestId('toasts')).toContainText('The subject has been erased.');
  await expect(staffPage.getByTestId('request-history')).toContainText(/erased/i);
  await expect(staffPage.getByRole('heading', { level: 1 }).locator('..')).not.toContainText(email);

  await staffPage.getByRole('navigation', { name: 'Compliance' }).getByRole('link', { name: 'Consent lookup' }).click();
  await staffPage.getByLabel('Email address').fill(email);
  await staffPage.getByRole('button', { name: 'Look up' }).click();
  await expect(staffPage.getByTestId('consent-result')).toContainText(`Nobody with ${email} is on record.`);

  await staffContext.close();
  await visitorContext.close();
});

test('a compliance officer exports a subject’s data in one click', async ({ page }) => {
  // A contact of its own (other tests' people may have requests open already).
  const email = `export.${Date.now().toString(36)}@example.com`;
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  await ownerDb().insertInto('contacts').values({ org_id: org.id, last_name: 'Exporter', email }).execute();
  await new SignInPage(page).signIn('compliance@northwind.example');

  await page.goto('/compliance');
  const newRequest = page.getByTestId('new-request-form');
  await newRequest.getByLabel('Subject’s email').fill(email);
  await newRequest.getByRole('button', { name: 'Record request' }).click();
  await expect(page).toHaveURL(/\/compliance\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await page.getByRole('button', { name: 'Email a verification link' }).click();
  await expect(page.getByTestId('verification-outcome')).toContainText('Verification link emailed');
  await page.goto(new URL(await verificationLink(email)).pathname);
  await page.getByRole('button', { name: 'Yes, this request is mine' }).click();
  await expect(page.getByRole('heading', { name: /your request is confirmed/ })).toBeVisible();
  await page.goto(requestUrl);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export data (JSON)' }).click();
  const file = await download;
  const document = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(document.manifest.format).toBe('cohort-subject-export/1');
  expect(document.manifest.tables.contacts).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(document.data.contacts)).toContain(email);
  await expect(page.getByTestId('request-history')).toContainText(/exported/i);
});
