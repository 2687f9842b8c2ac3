import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

const pages = [
  '/dashboard',
  '/leads',
  '/leads/new',
  '/contacts/new',
  '/accounts/new',
  '/opportunities/new',
  '/settings/properties',
  '/profile',
  '/leads/trash',
  '/contacts',
  '/contacts/trash',
  '/contacts/duplicates',
  '/imports',
  '/exports',
  '/accounts',
  '/accounts/trash',
  '/opportunities',
  '/opportunities?view=list',
  '/opportunities/trash',
  '/marketing/sequences',
  '/tasks',
  '/activities',
  '/training',
  '/training/enrollments',
  '/training/certificates',
  '/settings/team',
  '/settings/organization',
  '/settings/pipelines',
  '/settings/backups',
];

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .options({ rules: { 'target-size': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

test('the sign-in page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/sign-in');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the learner portal’s public pages have no serious accessibility violations: sign-in, the catalogue, a course', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  for (const path of ['/learn', '/learn?link=expired', '/learn/courses', `/learn/courses?org=${org.id}`]) {
    await page.goto(path);
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  await page.getByTestId('catalogue').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/learn\/courses\/[^/?]+\?org=/);
  await page.getByText(/Ask for a date for your team/).click();
  expect({ path: page.url(), violations: await seriousViolations(page) }).toEqual({ path: page.url(), violations: [] });
});

async function everyPage(page: import('@playwright/test').Page) {
  await new SignInPage(page).signIn('admin@northwind.example');
  for (const path of pages) {
    await page.goto(path);
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  // A detail page of each kind, reached the way a user would.
  for (const [list, testId] of [['/leads', 'lead-row'], ['/contacts', 'contact-row']] as const) {
    await page.goto(list);
    await page.getByTestId(testId).first().getByRole('link').first().click();
    await expect(page).toHaveURL(/[0-9a-f-]{36}$/);
    const path = page.url();
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  // And one of each other kind.
  for (const list of ['/accounts', '/opportunities?view=list'] as const) {
    await page.goto(list);
    await page.getByRole('table').getByRole('link').first().click();
    await expect(page).toHaveURL(/[0-9a-f-]{36}$/);
    const path = page.url();
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
}

// Each walk visits every main page and runs axe on it (~2–3 s a page, 20-odd pages): it had
// grown to 46–58 s against the default 60 s, and timed out when the machine was busy.
const WALK_TIMEOUT = 180_000;

test('every main page has no serious accessibility violations (WCAG 2.2 AA)', async ({ page }) => {
  test.setTimeout(WALK_TIMEOUT);
  await everyPage(page);
});

test('the dark theme passes the same checks, contrast included', async ({ browser }) => {
  test.setTimeout(WALK_TIMEOUT);
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await everyPage(page);
  await context.close();
});

test('at phone width, with the menu open, pages pass the checks', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await new SignInPage(page).signIn('manager@northwind.example');
  for (const path of ['/dashboard', '/contacts', '/opportunities', '/opportunities?view=list']) {
    await page.goto(path);
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  await page.getByRole('button', { name: 'Open the menu' }).click();
  expect({ path: 'menu', violations: await seriousViolations(page) }).toEqual({ path: 'menu', violations: [] });
  await context.close();
});
