/**
 * Lead scoring through the UI, in an organisation of its own (so no other test's scores move):
 * a marketer finds Lead scoring in the sidebar, is refused a rule worth 0 points, adds a
 * property rule and a decaying behaviour rule, lowers the threshold, and watches the
 * rescoring finish; the contact's page then says "why 60" with a chart and the qualified
 * badge, and the contact's owner — a sales rep who may read the rules but not change them —
 * has been told. Screenshots at 1366 and 375 px.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { createUserWithPassword } from '../../lib/auth/staff';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import type { MemberRole } from '../../lib/db/types';
import { SignInPage } from './pages/sign-in-page';

const PASSWORD = 'a scoring e2e passphrase';

test.afterAll(async () => {
  await closeOwnerDb();
});

async function member(orgId: string, role: MemberRole, name: string): Promise<{ email: string; userId: string }> {
  const email = `${role}.${randomUUID().slice(0, 6)}@scoring.example`;
  const userId = await createUserWithPassword({ email, name, password: PASSWORD });
  await ownerDb().insertInto('memberships').values({ org_id: orgId, user_id: userId, role, display_name: name, email }).execute();
  return { email, userId };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('a marketer sets scoring rules, the contact shows why it scores 60, and its owner hears it qualified', async ({ browser }, testInfo) => {
  const db = ownerDb();
  const org = await db.insertInto('organizations').values({ name: `Scoring Academy ${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow();
  const marketer = await member(org.id, 'marketing', 'Mara Marketer');
  const rep = await member(org.id, 'sales', 'Sam Seller');
  const contact = await db
    .insertInto('contacts')
    .values({ org_id: org.id, first_name: 'Priya', last_name: 'Scoring', email: `priya.${randomUUID().slice(0, 6)}@example.com`, job_title: 'Head of Learning', owner_id: rep.userId, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  // She clicked two emails this week, before any rule existed: the rules re-weigh the past.
  for (let i = 0; i < 2; i++) {
    await db.insertInto('score_signals').values({ org_id: org.id, contact_id: contact.id, event: 'email_clicked', occurred_at: new Date(Date.now() - i * 86_400_000), source_id: randomUUID() }).execute();
  }

  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await new SignInPage(page).signIn(marketer.email, PASSWORD);
  await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Lead scoring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lead scoring' })).toBeVisible();
  await expect(page.getByText('No rules yet: everyone scores 0.')).toBeVisible();

  const form = page.getByTestId('scoring-rule-new');
  // A rule worth nothing is refused, with the reason on the field.
  await form.getByLabel('Rule name').fill('Head of department');
  await form.getByLabel('Something the person is').check();
  await form.getByLabel('Field').selectOption({ label: 'Job title' });
  await form.getByLabel('Condition').selectOption('contains');
  await form.getByLabel('Value').fill('head of');
  await form.getByLabel('Points', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByText(/A rule worth 0 points does nothing/)).toBeVisible();
  await expect(page.getByTestId('scoring-rules')).toHaveCount(0);
  await form.getByLabel('Points', { exact: true }).fill('40');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('scoring-rules').getByText('Job title contains “head of”')).toBeVisible();

  await form.getByLabel('Rule name').fill('Clicked an email');
  await form.getByLabel('Something the person does').check();
  await form.getByLabel('When the person').selectOption({ label: 'Clicked a link in an email' });
  await form.getByLabel('Points fade').selectOption('halve');
  await form.getByLabel('Halves every (days)').fill('14');
  await form.getByLabel('Points', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByTestId('scoring-rules').getByText('Clicked a link in an email, each time; halves every 14 days')).toBeVisible();

  await page.getByLabel('Qualified at score').fill('50');
  await page.getByRole('button', { name: 'Save threshold' }).click();
  await expect(page.getByText(/whose score reaches 50 becomes marketing-qualified/)).toBeVisible();
  // The worker recalculates everyone; the page follows it to the end.
  await expect(page.getByTestId('rescoring-status')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
  await expect(page.getByTestId('recently-qualified').getByRole('link', { name: 'Priya Scoring' })).toBeVisible({ timeout: 10_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('scoring-1366.png'), fullPage: true });

  await page.getByTestId('recently-qualified').getByRole('link', { name: 'Priya Scoring' }).click();
  const card = page.getByTestId('score-card');
  await expect(card.getByTestId('score-value')).toHaveText('60 / 100');
  await expect(card.getByText(/Marketing-qualified since/)).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Why 60' })).toBeVisible();
  await expect(card.getByTestId('score-breakdown').getByRole('listitem')).toHaveText([/Head of department\s*\+40/, /Clicked an email · 2 times\s*\+20/]);
  await expect(card.getByTestId('score-history-chart')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('contact-score-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('contact-score-375.png'), fullPage: true });
  await page.goto('/marketing/scoring');
  await page.screenshot({ path: testInfo.outputPath('scoring-375.png'), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // The owner: told once, reads the rules, cannot change them.
  const seller = await (await browser.newContext()).newPage();
  await new SignInPage(seller).signIn(rep.email, PASSWORD);
  await seller.getByRole('button', { name: /^Notifications/ }).first().click();
  await expect(seller.getByTestId('notification-list').getByRole('link', { name: 'Priya Scoring became marketing-qualified (score 60)' })).toBeVisible();
  await seller.keyboard.press('Escape');
  await seller.goto('/marketing/scoring');
  await expect(seller.getByTestId('scoring-rules').getByText('Head of department')).toBeVisible();
  await expect(seller.getByText('Admins and marketers set these rules; you can see how scores are made.')).toBeVisible();
  await expect(seller.getByTestId('scoring-rule-new')).toHaveCount(0);
  await expect(seller.getByRole('button', { name: /^Edit rule/ })).toHaveCount(0);
  await expect(seller.getByLabel('Qualified at score')).toHaveCount(0);
  await seller.context().close();
  await page.context().close();
});
