/**
 * The marketer's journey: build a segment (the count is live), write a campaign, send it,
 * and watch it complete on its page — progress arriving through the live-update stream
 * while the worker (started by `npm test` beside the app) sends, without reloading.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { sql } from 'kysely';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

const PEOPLE = 400;

test.afterAll(async () => {
  await closeOwnerDb();
});

/** PEOPLE consenting contacts of Northwind, tagged with a tag of their own. */
async function audience(): Promise<string> {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const tagName = `e2e-${randomUUID().slice(0, 6)}`;
  const tag = await db.insertInto('tags').values({ org_id: org.id, name: tagName }).returning('id').executeTakeFirstOrThrow();
  const suffix = randomUUID().slice(0, 8);
  await sql`
    with people as (
      insert into public.contacts (org_id, first_name, last_name, email, created_at)
      select ${org.id}::uuid, 'Reader', 'E2E ' || n, 'reader' || n || '.' || ${suffix} || '@example.com', now() from generate_series(1, ${PEOPLE}) n
      returning id
    ), tagged as (
      insert into public.taggings (org_id, tag_id, contact_id) select ${org.id}::uuid, ${tag.id}::uuid, id from people
    )
    insert into public.consent_events (org_id, contact_id, purpose, granted, source) select ${org.id}::uuid, id, 'marketing_email', true, 'import' from people`.execute(db);
  return tagName;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('iframe').analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('a marketer builds a segment, sends a campaign and watches it complete live', async ({ page }) => {
  const tagName = await audience();
  await new SignInPage(page).signIn('marketing@northwind.example');

  await page.goto('/marketing/segments/new');
  const builder = page.getByTestId('segment-builder');
  const segmentName = `Readers ${tagName}`;
  await builder.getByLabel('Name', { exact: true }).fill(segmentName);
  await builder.getByLabel(tagName).check();
  await builder.getByLabel(/Only people who agreed to marketing email/).check();
  await expect(builder.getByTestId('segment-count')).toHaveAttribute('data-count', String(PEOPLE));
  await expect(builder.getByTestId('segment-consent')).toContainText(`${PEOPLE} of ${PEOPLE} contacts matching the other conditions have marketing consent`);
  expect(await seriousViolations(page)).toEqual([]);
  await builder.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByTestId('segments').getByRole('row', { name: new RegExp(segmentName) })).toContainText(String(PEOPLE));

  await page.goto('/marketing/campaigns/new');
  await page.getByTestId('template-gallery').getByRole('button', { name: /Use this template\W+Welcome$/ }).click();
  await expect(page).toHaveURL(/\/marketing\/campaigns\/[0-9a-f-]{36}$/);
  const form = page.getByTestId('campaign-form');
  await form.getByLabel('Campaign name').fill(`Welcome ${tagName}`);
  await form.getByLabel('Segment (who receives it)').selectOption({ label: `${segmentName} (contacts)` });
  await form.getByRole('button', { name: 'Save draft' }).click();
  await expect(form.getByTestId('save-status')).toHaveText('All changes saved.');
  await expect(page.getByTestId('campaign-status')).toHaveText('draft');
  await expect(page.getByTestId('audience-receiving')).toHaveText(PEOPLE.toLocaleString('en-GB'));
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  expect(await seriousViolations(page)).toEqual([]);

  let reloads = 0;
  page.on('load', () => reloads++);
  await page.getByTestId('campaign-controls').getByRole('button', { name: 'Review and send…' }).click();
  await page.getByTestId('send-confirmation').getByRole('button', { name: `Send to ${PEOPLE} people` }).click();
  // Everything from here on arrives through the live stream: the worker's counters.
  await expect(page.getByTestId('campaign-status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.getByTestId('progress-sent')).toHaveText(PEOPLE.toLocaleString('en-GB'));
  await expect(page.getByTestId('progress-queued')).toHaveText('0');
  await expect(page.getByTestId('progress-total')).toHaveText(PEOPLE.toLocaleString('en-GB'));
  expect(reloads).toBe(0);
});

test('the template gallery shows every template, at desktop and phone width, HTML and text', async ({ page }) => {
  await new SignInPage(page).signIn('marketing@northwind.example');
  await page.goto('/marketing/templates?template=renewal-reminder');
  const list = page.getByTestId('template-list').getByRole('link');
  // The page streams in after its loading skeleton: wait for the 22nd template, then count.
  await expect(list.nth(21)).toBeVisible();
  expect(await list.count()).toBeGreaterThanOrEqual(22);
  const preview = page.getByTestId('template-preview');
  await expect(preview.getByRole('heading', { name: 'Renewal reminder' })).toBeVisible();
  await expect(page.frameLocator('[data-testid="template-html"]').getByText(/60 days until your certification expires/i).first()).toBeVisible();
  // Shown in the organisation's own brand, with no image that cannot load.
  const html = page.frameLocator('[data-testid="template-html"]');
  await expect(html.getByText('Northwind Training').first()).toBeVisible();
  for (const img of await html.locator('img').all()) expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  await preview.getByRole('button', { name: 'Mobile (375 px)' }).click();
  await expect(preview.getByTestId('template-html')).toHaveAttribute('style', /width: 375px/);
  await preview.getByRole('button', { name: 'Text part' }).click();
  await expect(preview.getByTestId('template-text')).toContainText('NB-ITIL-MP-2024-004511');
  expect(await seriousViolations(page)).toEqual([]);
});
