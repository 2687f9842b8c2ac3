import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

const tag = `xp${randomUUID().slice(0, 6)}`;

test.afterAll(async () => {
  await closeOwnerDb();
});

test('a filtered list exports as a CSV of exactly its rows; the bell says when it is ready', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  // Three contacts of this run's own (the search finds them and nothing else), and one that sorts first only as a formula.
  for (const last of [`Carver ${tag}`, `Abbott ${tag}`, `Baker ${tag}`, `=1+1 ${tag}`]) {
    await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Export', last_name: last, email: `${last.replace(/\W+/g, '').toLowerCase()}@${tag}.example` }).execute();
  }
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto(`/contacts?q=${tag}&sort=last_name`);
  const links = page.getByTestId('contact-row').getByRole('link', { name: new RegExp(tag) });
  await expect(links).toHaveCount(4);
  const names = await links.allTextContents();
  expect(names).toHaveLength(4);

  await page.getByTestId('export-list').locator('summary').click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText('Export started. The bell tells you when the file is ready.')).toBeVisible();

  // The worker writes it: Your exports follows it live to Ready, and the bell has said so.
  await page.goto('/exports');
  const row = page.getByTestId('export-row').first();
  await expect(row).toContainText('Ready', { timeout: 30_000 });
  await page.getByRole('button', { name: /^Notifications/ }).first().click();
  await expect(page.getByRole('link', { name: 'Your export of 4 contacts is ready to download' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  const download = page.waitForEvent('download');
  await row.getByRole('link', { name: /^Download contacts-/ }).click();
  const file = await download;
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8');
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('\uFEFFFirst name,Last name,Account,Email,Lifecycle stage,Owner,Marketing email,Created (UTC)');
  // The same rows in the same order as the list showed them; the formula made inert.
  expect(lines.slice(1).map((line) => `Export ${line.split(',')[1]?.replace(/^'/, '')}`)).toEqual(names);
  expect(text).toContain(`'=1+1 ${tag}`);

  // A viewer has no Export, and nobody else gets the file.
  const url = new URL((await row.getByRole('link', { name: /^Download/ }).getAttribute('href')) as string, page.url()).toString();
  await new SignInPage(page).signOut();
  await new SignInPage(page).signIn('viewer@northwind.example');
  await page.goto(`/contacts?q=${tag}`);
  await expect(page.getByTestId('contact-row').first()).toBeVisible();
  await expect(page.getByTestId('export-list')).toHaveCount(0);
  expect((await page.request.get(url)).status()).toBe(404);
});

test('the same list exports as an Excel workbook with the same rows', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const sheetTag = `${tag}x`;
  for (const last of [`Archer ${sheetTag}`, `Brook ${sheetTag}`]) {
    await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Sheet', last_name: last, email: `${last.replace(/\W+/g, '').toLowerCase()}@${sheetTag}.example` }).execute();
  }
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto(`/contacts?q=${sheetTag}&sort=last_name`);
  await expect(page.getByTestId('contact-row')).toHaveCount(2);
  await page.getByTestId('export-list').locator('summary').click();
  await page.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).check();
  await page.getByRole('button', { name: 'Export Excel' }).click();
  await expect(page.getByText('Export started. The bell tells you when the file is ready.')).toBeVisible();
  await page.goto('/exports');
  const row = page.getByTestId('export-row').first();
  await expect(row).toContainText('Ready', { timeout: 30_000 });
  const download = page.waitForEvent('download');
  await row.getByRole('link', { name: /^Download contacts-.*\.xlsx$/ }).click();
  const bytes = Buffer.concat(await (await (await download).createReadStream()).toArray());
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as never);
  const sheet = book.getWorksheet('Contacts');
  expect(sheet?.getRow(1).getCell(2).value).toBe('Last name');
  expect([sheet?.getRow(2).getCell(2).value, sheet?.getRow(3).getCell(2).value]).toEqual([`Archer ${sheetTag}`, `Brook ${sheetTag}`]);
  expect(sheet?.rowCount).toBe(3);
});
