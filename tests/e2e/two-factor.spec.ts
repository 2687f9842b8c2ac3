/**
 * Two-factor sign-in through the UI, in an organisation of its own: an admin sets it up from
 * their profile (the key from the page into a TOTP generator, as a phone app would), the Team
 * page says who has it, the admin requires it of admins and compliance officers, and a
 * compliance officer without it can do nothing until they set it up. Signing in then asks for
 * the code — a wrong one is refused, a trusted device is not asked again for 30 days, and a
 * backup code works once. Screenshots of the code step at 1366 and 375 px.
 */
import { randomUUID } from 'node:crypto';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { createUserWithPassword } from '../../lib/auth/staff';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import type { MemberRole } from '../../lib/db/types';

const PASSWORD = 'a second factor e2e passphrase';

test.afterAll(async () => {
  await closeOwnerDb();
});

async function member(orgId: string, role: MemberRole, name: string): Promise<string> {
  const email = `${role}.${randomUUID().slice(0, 6)}@two-factor.example`;
  const userId = await createUserWithPassword({ email, name, password: PASSWORD });
  await ownerDb().insertInto('memberships').values({ org_id: orgId, user_id: userId, role, display_name: name, email }).execute();
  return email;
}

/** What an authenticator app shows now for the key the setup page displayed. */
async function codeFor(key: string): Promise<string> {
  const secret = new TextDecoder().decode(base32.decode(key.replace(/\s+/g, '')));
  return createOTP(secret).totp();
}

async function enterPassword(page: Page, email: string) {
  await page.goto('/sign-in');
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: /^Account menu/ }).first().click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Sets it up on the page in view (profile or the required setup) and returns the key and backup codes. */
async function setUp(page: Page): Promise<{ key: string; codes: string[] }> {
  await page.getByTestId('two-factor-password').getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  const key = (await page.getByTestId('two-factor-key').textContent()) ?? '';
  await expect(page.getByRole('img', { name: 'QR code to add Cohort to your authenticator app' })).toBeVisible();
  // A wrong code first: refused, nothing turned on.
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByTestId('two-factor-scan').getByRole('alert')).toContainText('That code is not right');
  await page.getByLabel('Code from the app').fill(await codeFor(key));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  const list = page.getByRole('list', { name: 'Backup codes' });
  await expect(list).toBeVisible();
  const codes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  return { key, codes };
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('an admin turns on two-factor sign-in, requires it, and signs in with a code, a trusted device and a backup code', async ({ page, browser }) => {
  const org = await ownerDb().insertInto('organizations').values({ name: `Second Factor ${randomUUID().slice(0, 6)}`, postal_address: '1 Factor Street, London' }).returning('id').executeTakeFirstOrThrow();
  const admin = await member(org.id, 'admin', 'Ada Admin');
  const officer = await member(org.id, 'compliance', 'Colm Compliance');

  // Set up from the profile.
  await enterPassword(page, admin);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/profile');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  const { key, codes } = await setUp(page);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('two-factor-status')).toContainText('On: signing in asks for a code');

  // The Team page says who has it.
  await page.goto('/settings/team');
  const row = (email: string) => page.getByTestId('team-member').filter({ hasText: email });
  await expect(row(admin).getByTestId('member-two-factor')).toHaveText('Two-factor sign-in on');
  await expect(row(officer).getByTestId('member-two-factor')).toHaveText('Password only');

  // Required of admins and compliance officers from now on.
  await page.goto('/settings/organization');
  await page.getByLabel('Require two-factor sign-in for admins and compliance officers').check();
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
  await signOut(page);

  // The compliance officer is stopped at the setup until they have a second factor.
  const officerPage = await freshPage(browser);
  await enterPassword(officerPage, officer);
  await expect(officerPage).toHaveURL(/\/two-factor$/);
  await expect(officerPage.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await officerPage.goto('/compliance');
  await expect(officerPage).toHaveURL(/\/two-factor$/);
  expect((await officerPage.request.get('/api/exports/00000000-0000-4000-8000-000000000000')).status()).toBe(401);
  await setUp(officerPage);
  await officerPage.getByRole('button', { name: 'Continue to Cohort' }).click();
  await expect(officerPage).toHaveURL(/\/dashboard$/);
  await officerPage.goto('/compliance');
  await expect(officerPage).toHaveURL(/\/compliance/);

  // The admin signs in: the password, then the code (a wrong one first).
  await enterPassword(page, admin);
  const second = page.getByTestId('second-factor-form');
  await expect(second.getByLabel('Authentication code')).toBeFocused();
  await second.getByLabel('Authentication code').fill('123456');
  await second.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(second.getByRole('alert')).toContainText('That code is not right');
  await page.screenshot({ path: test.info().outputPath('second-factor-1366.png') });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: test.info().outputPath('second-factor-375.png') });
  await page.setViewportSize({ width: 1366, height: 900 });
  await second.getByLabel('Authentication code').fill(await codeFor(key));
  await second.getByLabel('Trust this device for 30 days').check();
  await second.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);

  // A trusted device: the password is enough.
  await enterPassword(page, admin);
  await expect(page).toHaveURL(/\/dashboard$/);

  // Another browser: a backup code signs in once.
  const elsewhere = await freshPage(browser);
  await enterPassword(elsewhere, admin);
  await elsewhere.getByRole('button', { name: 'Use a backup code instead' }).click();
  await elsewhere.getByLabel('Backup code').fill(codes[0] as string);
  await elsewhere.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(elsewhere).toHaveURL(/\/dashboard$/);
  await signOut(elsewhere);
  await enterPassword(elsewhere, admin);
  await elsewhere.getByRole('button', { name: 'Use a backup code instead' }).click();
  await elsewhere.getByLabel('Backup code').fill(codes[0] as string);
  await elsewhere.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(elsewhere.getByTestId('second-factor-form').getByRole('alert')).toContainText('That backup code is not valid');
});
