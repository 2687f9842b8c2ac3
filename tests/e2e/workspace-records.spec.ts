import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { editInPlace } from './pages/record-page';
import { SignInPage } from './pages/sign-in-page';

const recordUrl = (list: string) => new RegExp(`/${list}/[0-9a-f-]{36}$`);


test('a new staff member creates an account, two contacts at it and an opportunity, and edits it in place', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  await new SignInPage(page).signIn('manager@northwind.example');

  // An account, from its list.
  await page.goto('/accounts');
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Company name').fill(`Fabrikam ${tag}`);
  await page.getByLabel('Domain').fill(`fabrikam-${tag}.example`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(recordUrl('accounts'));
  await expect(page.getByRole('heading', { level: 1, name: `Fabrikam ${tag}` })).toBeVisible();
  const accountUrl = page.url();

  // Two contacts, from the account page: the form arrives with the account chosen.
  for (const person of ['Ada', 'Grace']) {
    await page.goto(accountUrl);
    await page.getByRole('link', { name: 'New contact' }).first().click();
    await expect(page.getByTestId('new-contacts-form').getByText(`Fabrikam ${tag}`)).toBeVisible();
    await page.getByLabel('First name').fill(person);
    await page.getByLabel('Last name').fill(`Fabrikam ${tag}`);
    await page.getByLabel('Email').fill(`${person.toLowerCase()}-${tag}@fabrikam.example`);
    await page.getByRole('button', { name: 'Create contact' }).click();
    await expect(page).toHaveURL(recordUrl('contacts'));
  }
  await page.goto(accountUrl);
  const people = page.getByTestId('links-contact_account-many');
  await expect(people.getByRole('heading', { name: 'Contacts (2)' })).toBeVisible();
  await expect(people.getByRole('link', { name: `Ada Fabrikam ${tag}` })).toBeVisible();

  // An opportunity, from a contact: contact and account come along.
  await people.getByRole('link', { name: `Grace Fabrikam ${tag}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Grace Fabrikam ${tag}` })).toBeVisible();
  await page.getByRole('link', { name: 'New opportunity' }).first().click();
  await expect(page.getByTestId('new-opportunities-form').getByText(`Grace Fabrikam ${tag}`)).toBeVisible();
  await page.getByLabel('Opportunity name').fill(`Fabrikam seats ${tag}`);
  await page.getByLabel('Amount').fill('3000');
  await page.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(page).toHaveURL(recordUrl('opportunities'));
  await expect(page.getByTestId('links-opportunity_account-one').getByRole('link', { name: `Fabrikam ${tag}` })).toBeVisible();
  await expect(page.getByTestId('links-opportunity_contact-one').getByRole('link', { name: `Grace Fabrikam ${tag}` })).toBeVisible();

  // Amount and close date, edited in place; they survive a reload.
  await editInPlace(page, 'Amount', '12500');
  await editInPlace(page, 'Close date', '2027-03-31');
  await page.reload();
  const properties = page.getByTestId('record-properties');
  await expect(properties.getByTestId('property-amount')).toContainText('€12,500.00');
  await expect(properties.getByTestId('property-expected_close_date')).toContainText('31 Mar 2027');
  // Escape leaves the value as it was.
  await properties.getByRole('button', { name: /^Edit Name:/ }).click();
  await properties.getByLabel('Name', { exact: true }).fill('Changed my mind');
  await properties.getByLabel('Name', { exact: true }).press('Escape');
  await expect(properties.getByTestId('property-name')).toContainText(`Fabrikam seats ${tag}`);
  await page.reload();
  await expect(properties.getByTestId('property-name')).toContainText(`Fabrikam seats ${tag}`);
});

test('an edit made in place shows in a second browser without reloading, and a field can be cleared', async ({ browser }) => {
  const editor = await (await browser.newContext()).newPage();
  const watcher = await (await browser.newContext()).newPage();
  await new SignInPage(editor).signIn('manager@northwind.example');
  await new SignInPage(watcher).signIn('admin@northwind.example');
  const tag = randomUUID().slice(0, 8);
  await editor.goto('/contacts/new');
  await editor.getByLabel('Last name').fill(`Livewire ${tag}`);
  await editor.getByLabel('Job title').fill('Training lead');
  await editor.getByRole('button', { name: 'Create contact' }).click();
  await expect(editor).toHaveURL(recordUrl('contacts'));
  await watcher.goto(editor.url());
  await expect(watcher.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await expect(watcher.getByTestId('property-job_title')).toContainText('Training lead');

  await editInPlace(editor, 'Job title', 'Head of Learning');
  await expect(watcher.getByTestId('property-job_title')).toContainText('Head of Learning', { timeout: 3_000 });

  // Clearing: an emptied value is saved as nothing, not as the old value.
  await editInPlace(editor, 'Job title', '');
  await expect(editor.getByTestId('property-job_title')).toContainText('—');
  await editor.reload();
  await expect(editor.getByTestId('property-job_title')).toContainText('—');
  await expect(watcher.getByTestId('property-job_title')).toContainText('—', { timeout: 3_000 });

  // A refused value rolls back, with the reason beside it.
  await editor.getByRole('button', { name: /^Edit Email:/ }).click();
  await editor.getByLabel('Email', { exact: true }).fill('not-an-email');
  await editor.getByLabel('Email', { exact: true }).press('Enter');
  await expect(editor.getByTestId('property-email').getByRole('alert')).toContainText('Enter a valid email address');
  await expect(editor.getByTestId('property-email')).toContainText('—');
  await editor.context().close();
  await watcher.context().close();
});

test('links an existing contact to an account and unlinks it with undo; warns of a duplicate email; deletes from the record page', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/contacts/new');
  await page.getByLabel('Last name').fill(`Drifter ${tag}`);
  await page.getByLabel('Email').fill(`drifter-${tag}@example.com`);
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page).toHaveURL(recordUrl('contacts'));
  const contactUrl = page.url();

  // Typing an email that exists warns, with a link to the record.
  await page.goto('/contacts/new');
  await page.getByLabel('Email').fill(`DRIFTER-${tag}@example.com`);
  await expect(page.getByTestId('duplicate-warning')).toContainText(`open Drifter ${tag}`);

  await page.goto('/accounts/new');
  await page.getByLabel('Company name').fill(`Harbour ${tag}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(recordUrl('accounts'));
  const people = page.getByTestId('links-contact_account-many');
  await people.getByRole('button', { name: 'Add existing' }).click();
  await people.getByRole('combobox', { name: 'Find a contact to link' }).fill(`Drifter ${tag}`);
  await people.getByRole('option', { name: new RegExp(`Drifter ${tag}`) }).click();
  await expect(people.getByRole('link', { name: `Drifter ${tag}` })).toBeVisible();
  await people.getByRole('button', { name: `Unlink Drifter ${tag}` }).click();
  await expect(people.getByRole('link', { name: `Drifter ${tag}` })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(people.getByRole('link', { name: `Drifter ${tag}` })).toBeVisible();

  // Delete from the record page, then undo.
  await page.goto(contactUrl);
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('This contact is in the trash.')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('This contact is in the trash.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toBeVisible();
});

test('Ctrl-K offers “New contact…”, and a sales rep moves a deal to lost only with a reason', async ({ page }) => {
  await new SignInPage(page).signIn('sales1@northwind.example');
  await page.goto('/contacts');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await palette.getByRole('combobox').fill('new con');
  await palette.getByRole('option', { name: /New contact/ }).click();
  await expect(page).toHaveURL(/\/contacts\/new$/);
  // A rep can give their records only to themselves or nobody.
  const owner = page.getByLabel('Owner');
  await expect(owner.locator('option')).toHaveCount(2);

  const tag = randomUUID().slice(0, 8);
  await page.goto('/opportunities/new');
  await page.getByLabel('Opportunity name').fill(`Doomed ${tag}`);
  await page.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(page).toHaveURL(recordUrl('opportunities'));
  const stage = page.getByTestId('stage-control');
  const lostOption = (await stage.getByRole('combobox', { name: 'Stage' }).locator('option', { hasText: '(lost)' }).first().getAttribute('value')) as string;
  await stage.getByRole('combobox', { name: 'Stage' }).selectOption(lostOption);
  await stage.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(stage.getByRole('alert')).toContainText('Say why this opportunity was lost.');
  await expect(page.getByText('open', { exact: true })).toBeVisible();
  await stage.getByLabel('Why was it lost?').fill('Chose an in-house trainer');
  await stage.getByRole('button', { name: 'Mark as lost' }).click();
  await expect(page.getByText('Lost: Chose an in-house trainer')).toBeVisible();
  await expect(page.getByTestId('property-expected_close_date')).not.toContainText('—');
});

test('a task of one’s own is added from the tasks page, about a record found by name', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  await new SignInPage(page).signIn('sales1@northwind.example');
  await page.goto('/contacts/new');
  await page.getByLabel('Last name').fill(`Caller ${tag}`);
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page).toHaveURL(recordUrl('contacts'));

  await page.goto('/tasks');
  const form = page.getByTestId('new-task-form');
  await form.getByLabel('Task').fill(`Call back ${tag}`);
  // Without a record the service refuses, and says why.
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByRole('alert')).toContainText('Link the activity to a lead, contact, account or opportunity.');
  await form.getByRole('combobox', { name: 'Contact' }).fill(`Caller ${tag}`);
  await form.getByRole('option', { name: new RegExp(`Caller ${tag}`) }).click();
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByText(`Task “Call back ${tag}” added.`)).toBeVisible();
  await expect(page.getByTestId('my-tasks').getByRole('link', { name: `Call back ${tag}` })).toBeVisible();
});
