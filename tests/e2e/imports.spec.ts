import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

const tag = `im${randomUUID().slice(0, 6)}`;

test.afterAll(async () => {
  // The property made from a column is archived, so that later tests meet the forms they expect.
  await ownerDb().updateTable('property_definitions').set({ archived_at: new Date() }).where('key', '=', `favourite_colour_${tag}`).execute();
  await closeOwnerDb();
});

test('an admin imports a HubSpot export through the mapping step, downloads the refused rows, and reverts it', async ({ page }) => {
  // An export as HubSpot writes it: its headers, a row without an address, one with a bad one, and a repeat.
  const rows = [
    ['Record ID', 'First Name', 'Last Name', 'Email', 'Lifecycle Stage', 'Contact owner', 'Marketing contact status', `Favourite colour ${tag}`],
    ['1001', 'Ada', `Lovelace ${tag}`, `ada.${tag}@example.com`, 'Marketing Qualified Lead', 'admin@northwind.example', 'Marketing contact', 'Blue'],
    ['1002', 'Bob', `Builder ${tag}`, `bob.${tag}@example.com`, 'Customer', '', '', ''],
    ['1003', 'Cy', `Nomail ${tag}`, '', 'Lead', '', '', ''],
    ['1004', 'Dee', `Badmail ${tag}`, 'dee-at-example', 'Lead', '', '', ''],
    ['1005', 'Ada', `Lovelace ${tag}`, `ADA.${tag}@example.com`, '', '', '', ''],
  ];
  const csv = `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

  await new SignInPage(page).signIn('admin@northwind.example');
  await page.goto('/contacts');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Imports', exact: true })).toBeVisible();
  await expect(page.getByLabel('The file holds')).toHaveValue('contacts');
  await page.getByLabel('File (CSV, XLSX, or a ZIP of CSVs)').setInputFiles({ name: `hubspot-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();

  // The mapping step: HubSpot's headers recognised, the marketing status left out with its reason.
  await expect(page.getByRole('heading', { name: 'Map the columns' })).toBeVisible();
  await expect(page.getByLabel('Field for the column Email')).toHaveValue('email');
  await expect(page.getByLabel('Field for the column Contact owner')).toHaveValue('owner');
  await expect(page.getByLabel('Field for the column Record ID')).toHaveValue('external_id');
  await expect(page.getByLabel('Field for the column Marketing contact status')).toHaveValue('');
  await expect(page.getByText('not consent: not imported')).toBeVisible();
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText(`ada.${tag}@example.com`);
  await expect(preview).toContainText('Prospect');
  await expect(preview).toContainText('No email address');
  // An unmapped column becomes a custom property in one click.
  await page.getByRole('button', { name: `Make “Favourite colour ${tag}” a new property` }).click();
  await expect(page.getByLabel(`Field for the column Favourite colour ${tag}`)).toHaveValue(`custom:favourite_colour_${tag}`);

  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  const dry = page.getByTestId('dry-summary');
  await expect(dry).toBeVisible({ timeout: 30_000 });
  await expect(dry).toContainText('Would create2');
  await expect(dry).toContainText('Duplicates in the file1');
  await expect(dry).toContainText('Would refuse2');
  expect(await ownerDb().selectFrom('contacts').select('id').where('email', '=', `ada.${tag}@example.com`).execute()).toEqual([]);

  await page.getByRole('button', { name: 'Import 5 rows' }).click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary).toContainText('Created2');
  await expect(summary).toContainText('The email address is not valid');
  const created = await ownerDb().selectFrom('contacts').select(['lifecycle_stage', 'custom']).where('email', '=', `ada.${tag}@example.com`).executeTakeFirstOrThrow();
  expect(created).toMatchObject({ lifecycle_stage: 'prospect', custom: { [`favourite_colour_${tag}`]: 'Blue' } });

  // The refused rows, as the file had them, with the reason beside each.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the 2 refused rows (CSV)' }).click();
  const text = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString('utf8');
  const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\n');
  expect(lines[0]).toBe(`Record ID,First Name,Last Name,Email,Lifecycle Stage,Contact owner,Marketing contact status,Favourite colour ${tag},Row,Reason`);
  expect(lines.slice(1)).toEqual([`1003,Cy,Nomail ${tag},,Lead,,,,3,No email address (the import matches on email)`, `1004,Dee,Badmail ${tag},dee-at-example,Lead,,,,4,The email address is not valid`]);

  // The bell says it finished; the revert puts the contacts in the trash.
  await page.getByRole('button', { name: /^Notifications/ }).first().click();
  await expect(page.getByRole('link', { name: `Your import of hubspot-${tag}.csv (5 rows) has finished` }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Revert this import' }).click();
  await expect(page.getByTestId('revert-summary')).toContainText('2 created contacts moved to the trash', { timeout: 30_000 });
  expect(await ownerDb().selectFrom('contacts').select('id').where('email', 'in', [`ada.${tag}@example.com`, `bob.${tag}@example.com`]).where('deleted_at', 'is', null).execute()).toEqual([]);
});

test('a viewer has no Import, and is told why on the imports page', async ({ page }) => {
  await new SignInPage(page).signIn('viewer@northwind.example');
  await page.goto('/contacts');
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Import', exact: true })).toHaveCount(0);
  await page.goto('/imports');
  await expect(page.getByText('Your role does not create records, so it cannot import them.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Upload and map columns' })).toHaveCount(0);
});

test('a manager imports an attendee sheet from the training page, and reverts it', async ({ page }) => {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const code = `AT-${tag}`;
  const course = await db.insertInto('courses').values({ org_id: org.id, code, title: `Attendee course ${tag}`, level: 'foundation', duration_hours: 8, price: 500 }).returning('id').executeTakeFirstOrThrow();
  const session = await db
    .insertInto('course_sessions')
    .values({ org_id: org.id, course_id: course.id, starts_at: new Date('2027-05-10T09:00:00Z'), ends_at: new Date('2027-05-10T17:00:00Z'), delivery: 'online', meeting_url: 'https://meet.example.com/at', capacity: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = [
    ['Email', 'First name', 'Last name', 'Course code', 'Start date', 'Status'],
    [`una.${tag}@example.com`, 'Una', `Attendee ${tag}`, code, '10/05/2027', 'Booked'],
    [`vic.${tag}@example.com`, 'Vic', `Attendee ${tag}`, code, '10/05/2027', 'Booked'],
    [`wyn.${tag}@example.com`, 'Wyn', `Attendee ${tag}`, 'NO-SUCH', '10/05/2027', 'Booked'],
  ];

  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/training');
  await page.getByRole('link', { name: 'Import an attendee sheet' }).click();
  await expect(page.getByLabel('The file holds')).toHaveValue('enrollments');
  await page.getByLabel('File (CSV, XLSX, or a ZIP of CSVs)').setInputFiles({ name: `attendees-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${rows.map((r) => r.join(',')).join('\n')}\n`) });
  await page.getByRole('button', { name: 'Upload and map columns' }).click();

  await expect(page.getByRole('heading', { name: 'Map the columns' })).toBeVisible();
  await expect(page.getByLabel('Field for the column Course code')).toHaveValue('course');
  await expect(page.getByLabel('Field for the column Start date')).toHaveValue('session_start');
  await expect(page.getByLabel('Email a booking confirmation to people booked on upcoming sessions', { exact: false })).not.toBeChecked();
  await expect(page.getByTestId('import-preview')).toContainText('10 May 2027');

  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  const dry = page.getByTestId('dry-summary');
  await expect(dry).toBeVisible({ timeout: 30_000 });
  await expect(dry).toContainText('Would create1');
  await expect(dry).toContainText('Would refuse2');
  await expect(dry).toContainText('The session is full');
  await expect(dry).toContainText('No course with this code');

  await page.getByRole('button', { name: 'Import 3 rows' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('Created1', { timeout: 30_000 });
  const booked = await db.selectFrom('enrollments').innerJoin('contacts', 'contacts.id', 'enrollments.contact_id').select(['contacts.email', 'enrollments.status']).where('session_id', '=', session.id).execute();
  expect(booked).toEqual([{ email: `una.${tag}@example.com`, status: 'enrolled' }]);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Revert this import' }).click();
  await expect(page.getByTestId('revert-summary')).toContainText('2 created bookings and people made for them removed', { timeout: 30_000 });
  expect(await db.selectFrom('enrollments').select('id').where('session_id', '=', session.id).execute()).toEqual([]);
});
