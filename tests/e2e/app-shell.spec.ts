import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { createUserWithPassword } from '../../lib/auth/staff';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { editInPlace } from './pages/record-page';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

const PHONE = { width: 375, height: 812 };
const recordUrl = (list: string) => new RegExp(`/${list}/[0-9a-f-]{36}$`);

/** Goes somewhere through the phone's menu drawer, as a person on a phone would. */
async function viaDrawer(page: Page, link: string) {
  await page.getByRole('button', { name: 'Open the menu' }).click();
  const drawer = page.getByTestId('nav-drawer');
  await expect(drawer).toBeVisible();
  await drawer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await expect(drawer).toBeHidden();
}


test('on a phone, through the drawer: an account, two contacts, an opportunity edited in place, and a custom select to filter by', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const tag = randomUUID().slice(0, 6);
  await new SignInPage(page).signIn('admin@northwind.example');
  // The sidebar is a drawer here: no navigation shows until the menu opens.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await viaDrawer(page, 'Custom properties');
  const form = page.getByTestId('new-property-form');
  await form.getByLabel('Name').fill(`Preferred training format ${tag}`);
  await form.getByLabel('Type').selectOption({ label: 'Single select' });
  for (const [i, option] of ['Online', 'Classroom', 'Blended'].entries()) {
    await form.getByRole('button', { name: 'Add option' }).click();
    await form.getByPlaceholder(`Option ${i + 1}`).fill(option);
  }
  await form.getByRole('button', { name: 'Add property' }).click();
  await expect(page.getByText(`“Preferred training format ${tag}” added to contacts.`)).toBeVisible();

  await viaDrawer(page, 'Accounts');
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Company name').fill(`Pocket ${tag}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(recordUrl('accounts'));
  const account = page.url();
  for (const [person, format] of [['Ada', 'Online'], ['Grace', 'Classroom']]) {
    await page.goto(account);
    await page.getByRole('link', { name: 'New contact' }).first().click();
    await page.getByLabel('First name').fill(person as string);
    await page.getByLabel('Last name').fill(`Pocket ${tag}`);
    await page.getByLabel(`Preferred training format ${tag}`).selectOption({ label: format as string });
    await page.getByRole('button', { name: 'Create contact' }).click();
    await expect(page).toHaveURL(recordUrl('contacts'));
  }
  await page.getByRole('link', { name: 'New opportunity' }).first().click();
  await page.getByLabel('Opportunity name').fill(`Pocket deal ${tag}`);
  await page.getByRole('button', { name: 'Create opportunity' }).click();
  await expect(page).toHaveURL(recordUrl('opportunities'));
  await editInPlace(page, 'Amount', '7800');
  await editInPlace(page, 'Close date', '2027-06-30');
  await page.reload();
  await expect(page.getByTestId('property-amount')).toContainText('€7,800.00');
  await expect(page.getByTestId('property-expected_close_date')).toContainText('30 Jun 2027');

  await viaDrawer(page, 'Contacts');
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(`pocket ${tag}`);
  // On a phone the filters wait behind a button, so the list is on the first screen.
  await expect(page.getByRole('combobox', { name: `Preferred training format ${tag}` })).toBeHidden();
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('combobox', { name: `Preferred training format ${tag}` }).selectOption({ label: 'Classroom' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('list-total')).toHaveText('1 contact');
  await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible();
  // A row is a card on a phone: nothing wider than the screen.
  const row = page.getByTestId('contact-row');
  await expect(row).toContainText(`Grace Pocket ${tag}`);
  await expect.poll(async () => (await row.boundingBox())?.width ?? 999).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // The board shows one stage at a time, picked from a list.
  await viaDrawer(page, 'Opportunities');
  const columns = page.getByTestId('board-column');
  await expect(columns.filter({ visible: true })).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption({ index: 1 });
  await expect(columns.filter({ visible: true })).toHaveCount(1);

  await ownerDb().updateTable('property_definitions').set({ archived_at: new Date() }).where('label', '=', `Preferred training format ${tag}`).execute();
  await context.close();
});

test('keyboard: ? lists the shortcuts, g then c goes to contacts, c creates there, / searches', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await expect(page.getByTestId('shortcuts-help')).toContainText('Go to Contacts');
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'ready');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/\/contacts\/new$/);
  // Typing in a field is typing, not a shortcut.
  await page.getByLabel('Last name').fill('gc/');
  await expect(page).toHaveURL(/\/contacts\/new$/);
  await page.getByLabel('Last name').blur();
  await page.keyboard.press('/');
  await expect(page.getByTestId('command-palette')).toBeVisible();
});

test('the board moves a card one stage per arrow key and says the card’s and stages’ names', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/opportunities');
  const columns = page.getByTestId('board-column');
  await expect(columns.first().getByTestId('board-card').first()).toBeVisible();
  let from = 0;
  while ((await columns.nth(from).getByTestId('board-card').count()) === 0) from++;
  const card = columns.nth(from).getByTestId('board-card').first();
  const name = (await card.getByRole('link').textContent()) as string;
  const next = ((await columns.nth(from + 1).getByRole('heading').textContent()) as string).replace(/\s*\(\d+\)$/, '');
  await card.getByRole('button', { name: `Drag ${name}` }).focus();
  await page.keyboard.press('Space');
  const live = page.locator('[id^="DndLiveRegion"]');
  await expect(live).toContainText(`Picked up ${name}`);
  await page.keyboard.press('ArrowRight');
  await expect(live).toContainText(`${name} is over ${next}.`);
  await page.keyboard.press('Space');
  await expect(live).toContainText(`${name} was dropped on ${next}.`);
  await expect(columns.nth(from + 1).getByRole('link', { name, exact: true })).toBeVisible();
  // And back, for the next test's sake.
  await columns.nth(from + 1).getByLabel(`Move ${name} to stage`).selectOption({ index: from });
});

test('a person in two organisations switches between them from the account menu; the theme follows their choice', async ({ page }) => {
  const rep = await ownerDb().selectFrom('memberships').select(['user_id', 'email']).where('email', '=', 'sales2@northwind.example').executeTakeFirstOrThrow();
  const contoso = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Contoso Academy').executeTakeFirstOrThrow();
  await ownerDb().insertInto('memberships').values({ org_id: contoso.id, user_id: rep.user_id, role: 'viewer', display_name: 'Sofia (guest)', email: rep.email }).onConflict((oc) => oc.doNothing()).execute();
  try {
    await new SignInPage(page).signIn('sales2@northwind.example');
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('radio', { name: /Contoso Academy/ }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('Contoso Academy');
    await expect(page.getByTestId('signed-in-as')).toContainText('viewer');
    // A viewer may not create: no "New contact" here.
    await page.goto('/contacts');
    await expect(page.getByRole('link', { name: 'New contact' })).toHaveCount(0);

    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('button', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('radio', { name: /Northwind Training/ }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('Northwind Training');
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('button', { name: 'System' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  } finally {
    await ownerDb().deleteFrom('memberships').where('org_id', '=', contoso.id).where('user_id', '=', rep.user_id).execute();
  }
});

test('changing one’s password on the profile page ends the other sessions; a wrong current password changes nothing', async ({ browser }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const email = `profile.${randomUUID().slice(0, 6)}@northwind.example`;
  const password = 'the first long passphrase';
  const userId = await createUserWithPassword({ email, name: 'Profile Tester', password });
  await ownerDb().insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'sales', display_name: 'Profile Tester', email }).execute();
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext({ viewport: PHONE })).newPage();
  await new SignInPage(laptop).signIn(email, password);
  await new SignInPage(phone).signIn(email, password);

  await laptop.goto('/profile');
  await expect(laptop.getByTestId('session-list').getByRole('listitem')).toHaveCount(2);
  const form = laptop.getByTestId('password-change-form');
  await form.getByLabel('Current password').fill('not my password at all');
  await form.getByLabel('New password', { exact: true }).fill('a second long passphrase');
  await form.getByLabel('New password again').fill('a second long passphrase');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your current password is not right.')).toBeVisible();
  await phone.reload();
  await expect(phone).toHaveURL(/\/dashboard$/);

  await form.getByLabel('Current password').fill(password);
  await form.getByLabel('New password', { exact: true }).fill('password1234');
  await form.getByLabel('New password again').fill('password1234');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText(/commonly used/)).toBeVisible();

  await form.getByLabel('New password', { exact: true }).fill('a second long passphrase');
  await form.getByLabel('New password again').fill('a second long passphrase');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByText('Password changed. You were signed out everywhere else.')).toBeVisible();
  await expect(laptop.getByTestId('session-list').getByRole('listitem')).toHaveCount(1);
  await phone.reload();
  await expect(phone).toHaveURL(/\/sign-in$/);
  await new SignInPage(phone).signIn(email, 'a second long passphrase');

  // Their name: refused empty, then changed where colleagues see it (the team's list of members).
  await laptop.goto('/profile');
  // Typed before hydration, the text would be replaced by the form's initial value: wait for
  // the page's client (the bell's live stream is a sign of it).
  await expect(laptop.getByTestId('bell-live-status')).toHaveAttribute('data-state', 'ready');
  const naming = laptop.getByTestId('name-form');
  await naming.getByLabel('Name').fill('   ');
  await naming.getByRole('button', { name: 'Save name' }).click();
  await expect(naming.getByText('Enter your name.')).toBeVisible();
  await naming.getByLabel('Name').fill('Profile Renamed');
  await naming.getByRole('button', { name: 'Save name' }).click();
  await expect(naming.getByText('Your name is now “Profile Renamed”.')).toBeVisible();
  await expect(laptop.getByTestId('signed-in-as')).toContainText('Profile Renamed');
  const membership = await ownerDb().selectFrom('memberships').select('display_name').where('user_id', '=', userId).executeTakeFirstOrThrow();
  expect(membership.display_name).toBe('Profile Renamed');
  // better-auth's own endpoint would take any name past those rules: it is not served.
  const raw = await laptop.request.post('/api/auth/update-user', { data: { name: '\u202eEvil' }, headers: { origin: new URL(laptop.url()).origin } });
  expect(raw.status()).toBe(404);
  await laptop.context().close();
  await phone.context().close();
});

test('the bell tells a rep, live, that a manager assigned them a lead; opening it marks it read', async ({ browser }) => {
  const rep = await (await browser.newContext()).newPage();
  const manager = await (await browser.newContext()).newPage();
  await new SignInPage(rep).signIn('sales1@northwind.example');
  await new SignInPage(manager).signIn('manager@northwind.example');
  const bell = rep.getByTestId('notification-bell');
  await rep.getByRole('button', { name: /^Notifications/ }).first().click();
  const markAll = rep.getByRole('button', { name: 'Mark all read' });
  if (await markAll.isVisible()) await markAll.click();
  await expect(bell).toHaveAccessibleName('Notifications');
  await rep.keyboard.press('Escape');
  await expect(rep.getByTestId('notification-list')).toHaveCount(0);
  await expect(rep.getByTestId('bell-live-status')).toHaveAttribute('data-state', 'ready');

  const name = `Bell ${randomUUID().slice(0, 6)}`;
  await manager.goto('/leads/new');
  await manager.getByLabel('Last name').fill(name);
  await manager.getByRole('button', { name: 'Create lead' }).click();
  await expect(manager).toHaveURL(recordUrl('leads'));
  const properties = manager.getByTestId('record-properties');
  await properties.getByRole('button', { name: /^Edit Owner:/ }).click();
  await properties.getByLabel('Owner', { exact: true }).selectOption({ label: 'Priya Raman' });
  await properties.getByLabel('Owner', { exact: true }).press('Enter');

  await expect(bell).toHaveAccessibleName('Notifications, 1 unread', { timeout: 5_000 });
  await bell.click();
  await rep.getByTestId('notification-list').getByRole('link', { name: new RegExp(`assigned you the lead ${name}`) }).click();
  await expect(rep).toHaveURL(recordUrl('leads'));
  await expect(rep.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications');
  await rep.context().close();
  await manager.context().close();
});
