import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

/** Downloads the newest export from Your exports once the worker has written it, parsed. */
async function newestExport(page: import('@playwright/test').Page, name: RegExp): Promise<string[][]> {
  await page.goto('/exports');
  const row = page.getByTestId('export-row').first();
  await expect(row).toContainText('Ready', { timeout: 30_000 });
  const download = page.waitForEvent('download');
  await row.getByRole('link', { name }).click();
  const bytes = Buffer.concat(await (await (await download).createReadStream()).toArray());
  return parse(bytes, { bom: true }) as string[][];
}

test('the training lists are in the app, filter, and export exactly the rows they show', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/training');
  await page.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'Enrollments' }).click();
  await expect(page.getByRole('heading', { name: 'Enrollments' })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Enrolled' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/status=enrolled/);
  await expect(page.getByTestId('list-total')).toBeVisible();
  const rows = page.getByTestId('enrollment-row');
  await expect(rows.first()).toBeVisible();
  const trainees = await rows.locator('td').first().allTextContents();
  await page.getByTestId('export-list').locator('summary').click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText('Export started. The bell tells you when the file is ready.')).toBeVisible();
  const [header, ...lines] = await newestExport(page, /^Download enrollments-/);
  expect(header?.slice(0, 4)).toEqual(['First name', 'Last name', 'Email', 'Course code']);
  // The first page of the file is the first page of the list, in its order, every one enrolled.
  expect(lines.slice(0, trainees.length).map((l) => `${l[0]} ${l[1]}`.trim())).toEqual(trainees);
  const status = header?.indexOf('Status') ?? -1;
  expect(new Set(lines.map((l) => l[status]))).toEqual(new Set(['Enrolled']));

  // Certificates: searchable by number, with the holder; the activity log is in the sidebar.
  await page.goto('/training/certificates');
  const number = (await page.getByTestId('certificate-row').first().locator('td').first().textContent()) ?? '';
  await page.getByLabel('Search certificates').fill(number);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('certificate-row')).toHaveCount(1);
  await page.getByRole('link', { name: 'Activities' }).first().click();
  await expect(page.getByRole('heading', { name: 'Activities' })).toBeVisible();
  await expect(page.getByTestId('activity-row').first()).toBeVisible();
});

test('a campaign’s recipients list by status and export with the campaign they belong to', async ({ page }) => {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const name = `Recipients ${randomUUID().slice(0, 6)}`;
  const segment = await db.insertInto('segments').values({ org_id: org.id, name, audience: 'contacts', filter: {} } as never).returning('id').executeTakeFirstOrThrow();
  const campaign = await db
    .insertInto('campaigns')
    .values({ org_id: org.id, name, segment_id: segment.id, template: 'welcome', status: 'paused', paused_at: new Date(), fanout_done_at: new Date(), recipients_total: 6, sent_count: 3, run: 1 } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db.selectFrom('contacts').select('id').where('org_id', '=', org.id).where('email', 'is not', null).where('deleted_at', 'is', null).limit(6).execute();
  await db
    .insertInto('campaign_recipients')
    .values(people.map((p, i) => ({ org_id: org.id, campaign_id: campaign.id, contact_id: p.id, enqueued_run: 1, status: i % 2 ? ('sent' as const) : ('pending' as const) })))
    .execute();

  await new SignInPage(page).signIn('marketing@northwind.example');
  await page.goto(`/marketing/campaigns/${campaign.id}`);
  await page.getByRole('link', { name: 'See all 6 recipients' }).click();
  await expect(page.getByRole('heading', { name: `Recipients of “${name}”` })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Sent' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('list-total')).toHaveText('3 recipients');
  const emails = await page.getByTestId('campaign-recipient-row').locator('td:nth-child(2)').allTextContents();
  await page.getByTestId('export-list').locator('summary').click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText('Export started. The bell tells you when the file is ready.')).toBeVisible();
  const [header, ...lines] = await newestExport(page, /^Download campaign_recipients-/);
  const email = header?.indexOf('Email') ?? -1;
  expect(lines.map((l) => l[email])).toEqual(emails);
  expect(lines.map((l) => l[header?.indexOf('Status') ?? -1])).toEqual(['Sent', 'Sent', 'Sent']);
  // "The filters used" lead back to this campaign's recipients.
  await expect(page.getByTestId('export-row').first().getByRole('link', { name: 'the filters used' })).toHaveAttribute('href', `/marketing/campaigns/${campaign.id}/recipients?status=sent`);
});
