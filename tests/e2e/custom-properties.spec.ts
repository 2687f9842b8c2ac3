import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { linkInMailbox } from '../support/mailbox';
import { SignInPage } from './pages/sign-in-page';

const tag = randomUUID().slice(0, 6);
/** One property of every type, as an admin adds them in Settings → Custom properties. */
const properties = [
  { label: `Format ${tag}`, type: 'Single select', options: ['Online', 'Classroom'] },
  { label: `Topics ${tag}`, type: 'Multi-select', options: ['GDPR', 'ISO 27001'] },
  { label: `Badge ${tag}`, type: 'Text' },
  { label: `Notes ${tag}`, type: 'Long text' },
  { label: `Seats ${tag}`, type: 'Number' },
  { label: `Budget ${tag}`, type: 'Currency amount', currency: 'GBP' },
  { label: `Start ${tag}`, type: 'Date' },
  { label: `Call ${tag}`, type: 'Date and time' },
  { label: `Funded ${tag}`, type: 'Yes / no' },
  { label: `Site ${tag}`, type: 'Web address' },
  { label: `Billing ${tag}`, type: 'Email address' },
  { label: `Desk ${tag}`, type: 'Phone number' },
  { label: `Mentor ${tag}`, type: 'Team member' },
];

test.afterAll(async () => {
  // Archived, so that later tests meet the forms they expect.
  await ownerDb().updateTable('property_definitions').set({ archived_at: new Date() }).where('label', 'like', `% ${tag}`).execute();
  await closeOwnerDb();
});

async function addProperty(page: Page, property: (typeof properties)[number], list = 'contacts') {
  const form = page.getByTestId('new-property-form');
  await form.getByLabel('Name').fill(property.label);
  await form.getByLabel('Type').selectOption({ label: property.type });
  for (const [index, option] of (property.options ?? []).entries()) {
    await form.getByRole('button', { name: 'Add option' }).click();
    await form.getByPlaceholder(`Option ${index + 1}`).fill(option);
  }
  if (property.currency) await form.getByLabel('Currency').fill(property.currency);
  await form.getByRole('button', { name: 'Add property' }).click();
  await expect(page.getByText(`“${property.label}” added to ${list}.`)).toBeVisible();
}

test('an admin adds a property of every type; staff fill them in, filter by one, and a subject export carries them', async ({ page }) => {
  await new SignInPage(page).signIn('admin@northwind.example');
  await page.goto('/settings/properties?object=contact');
  for (const property of properties) await addProperty(page, property);
  await expect(page.getByRole('heading', { name: /Properties of contacts/ })).toContainText(String(properties.length));

  // A select without options is refused, with the reason beside the options.
  const form = page.getByTestId('new-property-form');
  await form.getByLabel('Name').fill(`Empty ${tag}`);
  await form.getByLabel('Type').selectOption({ label: 'Single select' });
  await form.getByRole('button', { name: 'Add property' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'A select needs at least one option.' })).toBeVisible();

  // The new-contact form asks for them, checked like the rest.
  const email = `cp-${tag}@example.com`;
  await page.goto('/contacts/new');
  const create = page.getByTestId('new-contacts-form');
  await create.getByLabel('Last name').fill(`Custom ${tag}`);
  await create.getByLabel('Email', { exact: true }).fill(email);
  await create.getByLabel(`Format ${tag}`).selectOption({ label: 'Classroom' });
  await create.getByRole('group', { name: `Topics ${tag}` }).getByLabel('GDPR').check();
  await create.getByLabel(`Seats ${tag}`).fill('12');
  await create.getByLabel(`Budget ${tag}`).fill('4500.50');
  await create.getByLabel(`Start ${tag}`).fill('2027-03-01');
  await create.getByLabel(`Site ${tag}`).fill('not a web address');
  await create.getByRole('button', { name: 'Create contact' }).click();
  await expect(create.getByText(`Site ${tag}: enter a web address starting with https://.`)).toBeVisible();
  await create.getByLabel(`Site ${tag}`).fill('https://fabrikam.example');
  await create.getByRole('button', { name: 'Create contact' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);

  const shown = page.getByTestId('record-properties');
  await expect(shown.getByTestId(`property-custom.format_${tag}`)).toContainText('Classroom');
  await expect(shown.getByTestId(`property-custom.topics_${tag}`)).toContainText('GDPR');
  await expect(shown.getByTestId(`property-custom.budget_${tag}`)).toContainText('£4,500.50');
  await expect(shown.getByTestId(`property-custom.start_${tag}`)).toContainText('1 Mar 2027');

  // Edited in place: the select, the yes/no, the team member; a bad phone number is refused.
  await shown.getByRole('button', { name: new RegExp(`^Edit Format ${tag}:`) }).click();
  await shown.getByLabel(`Format ${tag}`, { exact: true }).selectOption({ label: 'Online' });
  await shown.getByLabel(`Format ${tag}`, { exact: true }).press('Enter');
  await expect(shown.getByTestId(`property-custom.format_${tag}`)).toContainText('Online');
  await shown.getByRole('button', { name: new RegExp(`^Edit Mentor ${tag}:`) }).click();
  await shown.getByLabel(`Mentor ${tag}`, { exact: true }).selectOption({ index: 1 });
  await shown.getByLabel(`Mentor ${tag}`, { exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Mentor ${tag} saved.` })).toBeAttached();
  await shown.getByRole('button', { name: new RegExp(`^Edit Desk ${tag}:`) }).click();
  await shown.getByLabel(`Desk ${tag}`, { exact: true }).fill('ring me');
  await shown.getByLabel(`Desk ${tag}`, { exact: true }).press('Enter');
  await expect(shown.getByTestId(`property-custom.desk_${tag}`).getByRole('alert')).toContainText('use digits, spaces and + ( ) - only');
  await page.reload();
  await expect(shown.getByTestId(`property-custom.format_${tag}`)).toContainText('Online');
  await expect(shown.getByTestId(`property-custom.desk_${tag}`)).toContainText('—');

  // The list filters by it and shows it as a column on request.
  await page.goto('/contacts');
  await page.getByRole('combobox', { name: `Format ${tag}` }).selectOption({ label: 'Online' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`cp_format_${tag}=online`));
  await expect(page.getByTestId('list-total')).toHaveText('1 contact');
  await page.getByTestId('column-chooser').locator('summary').click();
  await page.getByTestId('column-chooser').getByRole('checkbox', { name: `Format ${tag}` }).check();
  await expect(page.getByTestId('contacts-table').getByRole('columnheader', { name: `Format ${tag}` })).toBeVisible();
  await expect(page.getByTestId('contact-row')).toContainText('Online');
  // …and sorts by one: a number property, largest first unless asked otherwise.
  await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: `Seats ${tag}` });
  await page.getByRole('combobox', { name: 'Order' }).selectOption({ label: 'Ascending' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`sort=cp_seats_${tag}`));
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  // The column it is sorted by shows, so the order explains itself.
  await expect(page.getByTestId('contacts-table').getByRole('columnheader', { name: `Seats ${tag}` })).toBeVisible();

  // A subject access export holds the values and says what the keys mean.
  await new SignInPage(page).signOut();
  await new SignInPage(page).signIn('compliance@northwind.example');
  await page.goto('/compliance');
  await page.getByTestId('new-request-form').getByLabel('Subject’s email').fill(email);
  await page.getByTestId('new-request-form').getByRole('button', { name: 'Record request' }).click();
  await expect(page).toHaveURL(/\/compliance\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await page.getByRole('button', { name: 'Email a verification link' }).click();
  await expect(page.getByTestId('verification-outcome')).toContainText('Verification link emailed');
  await page.goto(new URL(await linkInMailbox(email, 'request-verification', /http\S+\/verify-request\/[A-Za-z0-9_-]+/)).pathname);
  await page.getByRole('button', { name: 'Yes, this request is mine' }).click();
  await expect(page.getByRole('heading', { name: /your request is confirmed/ })).toBeVisible();
  await page.goto(requestUrl);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export data (JSON)' }).click();
  const file = await download;
  const document = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(document.data.contacts[0].custom[`format_${tag}`]).toBe('online');
  expect(document.data.property_definitions).toEqual(expect.arrayContaining([expect.objectContaining({ key: `format_${tag}`, label: `Format ${tag}` })]));
});

test('an enrollment property is asked for when booking, and edited in place in the contact’s training', async ({ page }) => {
  await new SignInPage(page).signIn('admin@northwind.example');
  await page.goto('/settings/properties?object=enrollment');
  await addProperty(page, { label: `Diet ${tag}`, type: 'Single select', options: ['Vegetarian', 'Vegan'] }, 'enrollments');

  await page.goto('/contacts/new');
  await page.getByLabel('Last name').fill(`Booker ${tag}`);
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const enroll = page.getByTestId('enroll-form');
  await enroll.getByLabel('Session').selectOption({ index: 1 });
  await enroll.getByLabel(`Diet ${tag}`).selectOption({ label: 'Vegetarian' });
  await enroll.getByRole('button', { name: 'Enroll' }).click();
  await expect(enroll.getByRole('status')).toHaveText(/Enrolled\.|waitlist/);

  const booking = page.getByTestId('enrollment-properties');
  await expect(booking.getByTestId(`property-custom.diet_${tag}`)).toContainText('Vegetarian');
  await booking.getByRole('button', { name: new RegExp(`^Edit Diet ${tag}:`) }).click();
  await booking.getByLabel(`Diet ${tag}`, { exact: true }).selectOption({ label: 'Vegan' });
  await booking.getByLabel(`Diet ${tag}`, { exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Diet ${tag} saved.` })).toBeAttached();
  await page.reload();
  await expect(page.getByTestId('enrollment-properties').getByTestId(`property-custom.diet_${tag}`)).toContainText('Vegan');
});
