/**
 * A marketer, alone, through the UI: picks a template from the gallery (it starts with the
 * organisation's own next course), writes the subject with a token and the message in the
 * rich-text editor while the preview follows, sends a test to their own address, reads who
 * will be left out and why, is stopped by a broken link, fixes it, confirms "Send to N
 * people now?" and watches the campaign complete. Screenshots at 1366 and 375 px.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { sql } from 'kysely';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

const CONSENTING = 6;
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test.afterAll(async () => {
  await closeOwnerDb();
});

/** Northwind contacts under a tag of their own: CONSENTING who agreed, one who did not, one who unsubscribed. */
async function audience(consenting = CONSENTING) {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const suffix = randomUUID().slice(0, 8);
  const tag = await db.insertInto('tags').values({ org_id: org.id, name: `editor-${suffix}` }).returning('id').executeTakeFirstOrThrow();
  const people = await sql<{ id: string; email: string; n: number }>`
    insert into public.contacts (org_id, first_name, last_name, email, created_at)
    select ${org.id}::uuid, 'Reader', 'Editor ' || n, 'editor-reader' || n || '.' || ${suffix} || '@example.com', now() from generate_series(1, ${consenting + 2}) n
    returning id, email::text, (regexp_match(email::text, 'reader(\\d+)'))[1]::int as n`.execute(db);
  for (const p of people.rows) {
    await db.insertInto('taggings').values({ org_id: org.id, tag_id: tag.id, contact_id: p.id }).execute();
    if (p.n <= consenting + 1) await db.insertInto('consent_events').values({ org_id: org.id, contact_id: p.id, purpose: 'marketing_email', granted: true, source: 'import', occurred_at: new Date(Date.now() - 3_600_000) }).execute();
  }
  const unsubscribed = people.rows.find((p) => p.n === consenting + 1) as { email: string };
  await sql`insert into public.suppressions (org_id, email_hash, reason, scope) values (${org.id}, private.hash_email_address(${org.id}, ${unsubscribed.email}), 'unsubscribed', 'marketing')`.execute(db);
  const segmentName = `Editor readers ${suffix}`;
  await db.insertInto('segments').values({ org_id: org.id, name: segmentName, audience: 'contacts', filter: { tagIds: [tag.id] } }).execute();
  return { segmentName, noConsent: people.rows.find((p) => p.n === consenting + 2) as { email: string } };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('iframe').analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('a marketer builds a branded campaign from the gallery, tests it, reads the audience and sends it', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { segmentName, noConsent } = await audience();
  await new SignInPage(page).signIn('marketing@northwind.example');
  await page.setViewportSize({ width: 1366, height: 900 });

  // The gallery: human names, thumbnails, and a draft from the organisation's own content.
  await page.goto('/marketing/campaigns/new');
  const gallery = page.getByTestId('template-gallery');
  await expect(gallery.getByRole('heading', { name: 'Course announcement' })).toBeVisible();
  await expect(gallery.getByRole('heading', { name: 'Why this certification matters' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('gallery-1366.png'), fullPage: true });
  await gallery.getByRole('button', { name: /Use this template\W+Course announcement/ }).click();
  await expect(page).toHaveURL(/\/marketing\/campaigns\/[0-9a-f-]{36}$/);

  const editor = page.getByTestId('campaign-editor');
  const form = page.getByTestId('campaign-form');
  const preview = page.getByTestId('campaign-preview');
  const frame = page.frameLocator('[data-testid="campaign-preview"] [data-testid="template-html"]');
  // The starting content is Northwind's: its name in the header, its catalogue behind the button.
  await expect(frame.getByText('Northwind Training').first()).toBeVisible();
  await expect(frame.getByText(/Northbridge/)).toHaveCount(0);
  await expect(frame.getByRole('link', { name: 'Book your place' })).toHaveAttribute('href', /\/learn\/courses\//);

  await form.getByLabel('Segment (who receives it)').selectOption({ label: `${segmentName} (contacts)` });
  await form.getByLabel('Subject line').fill('{{first_name|there}}, new dates at {{org_name}}');
  await expect(preview.getByTestId('preview-subject')).toHaveText('Reader, new dates at Northwind Training');
  await form.getByLabel('Preheader').fill('Two days, small groups, exam included');
  await expect(preview.getByTestId('preview-preheader')).toHaveText('Two days, small groups, exam included');

  // The message, in the rich-text editor: bold and a list, and the preview follows.
  const message = form.getByRole('textbox', { name: 'Message' });
  await message.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Our spring cohort is open. ');
  await form.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type('Places are limited.');
  await expect(frame.locator('strong', { hasText: 'Places are limited.' })).toBeVisible();

  // A picture, uploaded from the computer: stored by the app and shown in the preview.
  await form.getByRole('button', { name: 'Add picture' }).click();
  await form.getByLabel(/Upload a picture/).setInputFiles({ name: 'classroom.png', mimeType: 'image/png', buffer: PNG });
  await expect(form.getByTestId('image-upload-status')).toHaveText('Uploaded.');
  await form.getByLabel(/What the picture shows/).fill('Our training room in Leeds');
  const picture = frame.getByRole('img', { name: 'Our training room in Leeds' });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // An unknown token is a field error, and nothing is saved.
  await form.getByLabel('Subject line').fill('Hi {{firstname}}');
  await form.getByRole('button', { name: 'Save draft' }).click();
  await expect(form.getByText('“{{firstname}}” is not a personalisation token')).toBeVisible();
  await form.getByLabel('Subject line').fill('{{first_name|there}}, new dates at {{org_name}}');
  await form.getByRole('button', { name: 'Save draft' }).click();
  await expect(form.getByTestId('save-status')).toHaveText('All changes saved.');

  // The audience panel: who will receive it, and who is left out and why.
  const panel = page.getByTestId('audience-panel');
  await expect(panel.getByTestId('audience-receiving')).toHaveText(String(CONSENTING));
  await expect(panel.getByTestId('excluded-no_consent')).toHaveText('1');
  await expect(panel.getByTestId('excluded-unsubscribed')).toHaveText('1');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('editor-1366.png'), fullPage: true });

  // A test to the marketer's own address (the default), marked [Test].
  const testSend = page.getByTestId('test-send');
  await expect(testSend.getByLabel('Send to')).toHaveValue('marketing@northwind.example');
  await testSend.getByRole('button', { name: 'Send test' }).click();
  await expect(testSend.getByTestId('test-send-result')).toHaveText('marketing@northwind.example: test sent.');
  const outboxCopy = await ownerDb()
    .selectFrom('email_outbox as o')
    .innerJoin('email_messages as m', 'm.id', 'o.message_id')
    .select(['o.subject', 'm.is_test', 'm.campaign_id'])
    .where('o.to_address', '=', 'marketing@northwind.example')
    .orderBy('o.created_at', 'desc')
    .executeTakeFirstOrThrow();
  expect(outboxCopy).toEqual({ subject: '[Test] Reader, new dates at Northwind Training', is_test: true, campaign_id: null });

  // The number opens the people behind it.
  await panel.getByTestId('excluded-no_consent').click();
  await expect(page.getByRole('heading', { name: 'No marketing consent' })).toBeVisible();
  await expect(page.getByTestId('audience-people')).toContainText(noConsent.email);
  await page.goBack();

  // A broken link stops it, with the link named.
  const buttonLink = form.getByLabel('Button link');
  const goodLink = await buttonLink.inputValue();
  await buttonLink.fill(`${new URL(goodLink).origin}/learn/courses/NO-SUCH-COURSE-${randomUUID().slice(0, 6)}`);
  const send = page.getByTestId('campaign-controls');
  await send.getByRole('button', { name: 'Review and send…' }).click();
  await expect(send.getByTestId('check-problems')).toContainText('answers 404');
  await buttonLink.fill(goodLink);
  await send.getByRole('button', { name: 'Review and send…' }).click();

  // The confirmation says how many, and sends.
  const confirm = page.getByTestId('send-confirmation');
  await expect(confirm.getByRole('heading', { name: `Send to ${CONSENTING} people now?` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('confirm-1366.png') });
  await confirm.getByRole('button', { name: `Send to ${CONSENTING} people` }).click();
  await expect(page.getByTestId('campaign-status')).toHaveText('completed', { timeout: 30_000 });
  await expect(page.getByTestId('progress-sent')).toHaveText(String(CONSENTING));
  await expect(editor).toHaveCount(0);
  // The report takes over the page; the test send is not in it.
  const report = page.getByTestId('campaign-report');
  await expect(report.getByTestId('report-sent')).toHaveText(String(CONSENTING));
  await expect(report.getByText('Apple Mail Privacy Protection', { exact: false })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('an A/B test of the subject sends both to a test share, picks the winner and sends it to the rest', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const PEOPLE = 40;
  const { segmentName } = await audience(PEOPLE);
  await new SignInPage(page).signIn('marketing@northwind.example');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/marketing/campaigns/new');
  await page.getByTestId('template-gallery').getByRole('button', { name: /Use this template\W+Course announcement/ }).click();
  await expect(page).toHaveURL(/\/marketing\/campaigns\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() as string;
  const form = page.getByTestId('campaign-form');
  await form.getByLabel('Segment (who receives it)').selectOption({ label: `${segmentName} (contacts)` });
  await form.getByLabel('Subject line').fill('Spring dates are open');
  const ab = form.getByTestId('ab-test');
  await ab.getByLabel(/Test two subjects/).check();
  await ab.getByLabel('Subject B').fill('{{first_name|Hello}}, two days to PRINCE2');
  await ab.getByLabel('Test on').selectOption('50');
  await ab.getByLabel('Winner by').selectOption('clicks');
  await ab.getByLabel('Then wait').selectOption('1');
  await form.getByRole('button', { name: 'Save draft' }).click();
  await expect(form.getByTestId('save-status')).toHaveText('All changes saved.');
  await page.getByTestId('campaign-controls').getByRole('button', { name: 'Review and send…' }).click();
  await page.getByTestId('send-confirmation').getByRole('button', { name: `Send to ${PEOPLE} people` }).click();

  // While it tests: both subjects went to the test share, the rest waits.
  const result = page.getByTestId('ab-result');
  await expect(result.getByTestId('ab-status')).toContainText('Testing: the winner is picked after', { timeout: 30_000 });
  // B's readers click (as the provider would report) once the test share is sent, and the hour is up.
  const db = ownerDb();
  await expect
    .poll(async () => Number((await sql<{ n: number }>`select count(*)::int as n from campaign_recipients where campaign_id = ${id} and ab_group in ('a', 'b') and status = 'pending'`.execute(db)).rows[0]?.n), { timeout: 30_000 })
    .toBe(0);
  await sql`update email_messages m set clicked_at = now() from campaign_recipients r where r.message_id = m.id and r.campaign_id = ${id} and r.ab_group = 'b'`.execute(db);
  await sql`update campaigns set ab_decide_after = now() - interval '1 second' where id = ${id}`.execute(db);
  await sql`select private.wake_worker('campaigns')`.execute(db);
  await expect(page.getByTestId('campaign-status')).toHaveText('completed', { timeout: 60_000 });
  await expect(result.getByTestId('ab-status')).toContainText('Subject B won on click rate');
  await expect(result.getByTestId('ab-b')).toContainText('Winner');
  await page.screenshot({ path: testInfo.outputPath('ab-report-1366.png'), fullPage: true });
  const subjects = await db.selectFrom('email_messages').select('subject').where('campaign_id', '=', id).where('status', '=', 'sent').execute();
  expect(subjects).toHaveLength(PEOPLE);
  expect(subjects.filter((m) => m.subject === 'Spring dates are open').length).toBeGreaterThan(0);
  expect(subjects.filter((m) => m.subject === 'Reader, two days to PRINCE2').length).toBeGreaterThan(PEOPLE / 2);
});

test('the editor works on a phone', async ({ page }, testInfo) => {
  await new SignInPage(page).signIn('marketing@northwind.example');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/marketing/campaigns/new');
  await page.getByTestId('template-gallery').getByRole('button', { name: /Use this template\W+Course announcement/ }).click();
  await expect(page).toHaveURL(/\/marketing\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('preview-subject')).not.toBeEmpty();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: testInfo.outputPath('editor-375.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});
