/**
 * The unsubscribe journey end to end: a marketing email goes out through the real send path
 * (supabase-js → functions host → local outbox), an admin opens it in the Dev inbox, and the
 * recipient — in a browser with no session — unsubscribes in one click; the next marketing
 * email to them is suppressed. The Dev inbox is the admin's alone, and security mail shows
 * there with its link withheld.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { sendEmail } from '../../lib/email/send';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

async function consentingContact(): Promise<{ orgId: string; contactId: string; email: string }> {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const email = `inbox-${randomUUID().slice(0, 8)}@example.com`;
  const contact = await ownerDb()
    .insertInto('contacts')
    .values({ org_id: org.id, first_name: 'Tomasz', last_name: 'Nowak', email, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ownerDb()
    .insertInto('consent_events')
    .values({ org_id: org.id, contact_id: contact.id, purpose: 'marketing_email', granted: true, source: 'web_form', proof: { form: 'e2e' } })
    .execute();
  return { orgId: org.id, contactId: contact.id, email };
}

/** Serious WCAG 2.2 AA findings on our pages; the email inside the iframe is tested on its own. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('iframe').analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

const welcome = (orgId: string, contactId: string) =>
  sendEmail({ system: 'e2e: marketing email' }, {
    org_id: orgId,
    template: 'welcome',
    contact_id: contactId,
    props: emailTemplates.welcome.previewProps,
    idempotency_key: `e2e-welcome-${randomUUID()}`,
  });

test('a recipient unsubscribes from a Dev inbox message in one click, without signing in', async ({ browser, page }) => {
  const { orgId, contactId, email } = await consentingContact();
  expect(await welcome(orgId, contactId)).toMatchObject({ ok: true, result: { status: 'sent', transport: 'outbox' } });

  await new SignInPage(page).signIn('admin@northwind.example');
  await page.goto('/dev/inbox');
  // A full load of the message's address, as a bookmarked link would be opened.
  await page.goto((await page.getByTestId('outbox-row').filter({ hasText: email }).getAttribute('href')) as string);
  await expect(page.getByTestId('outbox-message')).toContainText(email);
  await expect(page.getByTestId('header-list-unsubscribe-post')).toHaveText('List-Unsubscribe=One-Click');
  // The HTML part renders in its sandboxed frame (and axe must not catch it half-loaded).
  await expect(page.frameLocator('iframe[title^="HTML part"]').getByRole('heading', { name: /Welcome to Northwind Training/ })).toBeVisible();
  await expect(page).toHaveTitle(/Dev inbox/);
  expect(await seriousViolations(page)).toEqual([]);
  const href = (await page.getByTestId('message-links').getByRole('link', { name: /\/unsubscribe\/u1\./ }).first().getAttribute('href')) as string;

  const stranger = await browser.newContext();
  const visitor = await stranger.newPage();
  await visitor.goto(new URL(href).pathname);
  await expect(visitor.getByRole('heading', { name: 'Email preferences' })).toBeVisible();
  await expect(visitor).toHaveTitle(/Email preferences/);
  expect(await seriousViolations(visitor)).toEqual([]);
  // Per purpose: they said yes to news and offers only.
  await expect(visitor.getByTestId('purpose-marketing_email')).toContainText('You receive these.');
  await expect(visitor.getByTestId('purpose-partner_offers')).toContainText('You do not receive these.');
  await visitor.getByTestId('unsubscribe-button').click();
  await expect(visitor.getByTestId('unsubscribed')).toContainText('will not receive marketing email from Northwind Training');
  await expect(visitor.getByTestId('purpose-marketing_email')).toContainText('You do not receive these.');
  expect(await stranger.cookies()).toEqual([]);
  await stranger.close();

  expect(await welcome(orgId, contactId)).toMatchObject({ ok: true, result: { status: 'suppressed', blocked_reason: 'no_consent' } });
});

test('the Dev inbox is for admins only, and withholds the link of a password reset anyone may request', async ({ browser, page }) => {
  // Anyone, signed out, asks for a reset of the admin's password.
  const visitor = await browser.newContext();
  const forgot = await visitor.newPage();
  await forgot.goto('/forgot-password');
  await forgot.getByLabel('Email').fill('admin@northwind.example');
  await forgot.getByRole('button', { name: 'Send reset link' }).click();
  await expect(forgot.getByText('If an account exists for that address')).toBeVisible();
  await visitor.close();

  // A marketer cannot open the Dev inbox, nor find it in the navigation.
  await new SignInPage(page).signIn('marketing@northwind.example');
  expect((await page.goto('/dev/inbox'))?.status()).toBe(404);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dev inbox' })).toHaveCount(0);
  await page.context().clearCookies();

  // The admin sees the reset email, but not a link that would reset the password.
  await new SignInPage(page).signIn('admin@northwind.example');
  await page.goto('/dev/inbox');
  const row = page.getByTestId('outbox-row').filter({ hasText: 'Reset your Northwind Training password' }).first();
  await page.goto((await row.getAttribute('href')) as string);
  const message = page.getByTestId('outbox-message');
  await expect(message).toContainText('admin@northwind.example');
  await expect(page.getByTestId('message-links')).toContainText('link-withheld.invalid');
  await expect(message).not.toContainText('reset-password?token');
  await expect(page.getByTestId('message-links')).not.toContainText('/reset-password/');
});
