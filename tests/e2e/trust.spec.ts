/**
 * What the web server guarantees before the app runs, over real HTTP: security headers with a
 * per-response script nonce (forms framable only by their listed sites), 413 for oversized
 * bodies, 404 for records that do not exist, a client address no header can spoof — and, in
 * the browser, the account lockout a wrong-password storm ends in, lifted by an admin.
 */
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { createUserWithPassword } from '../../lib/auth/staff';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

const northwind = () => ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();

test('every page carries the security headers, with a fresh script nonce that the page’s scripts use', async ({ page, request }) => {
  const [first, second] = [await request.get('/sign-in'), await request.get('/sign-in')];
  const policy = first.headers()['content-security-policy'] as string;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(second.headers()['content-security-policy']).not.toBe(policy);
  expect(first.headers()).toMatchObject({
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': expect.stringContaining('camera=()'),
  });
  // Over plain http (this test server) there is no HSTS; behind https there is.
  expect(first.headers()['strict-transport-security']).toBeUndefined();

  // The app still runs under the policy: nothing is blocked while signing in.
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) blocked.push(message.text());
  });
  // Pages with no data of their own too: none is prerendered without a nonce.
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('If an account exists for that address')).toBeVisible();
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(blocked).toEqual([]);
});

test('a public form may be framed only by the sites its owner lists', async ({ request }) => {
  const org = await northwind();
  const form = await ownerDb()
    .insertInto('lead_forms')
    .values({ org_id: org.id, name: `Framed ${randomUUID().slice(0, 4)}`, consent_text: 'Yes, email me about courses.', embed_origins: ['https://www.northwind.example'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const response = await request.get(`/forms/${form.id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'self' https://www.northwind.example");
  expect(response.headers()['x-frame-options']).toBeUndefined();
});

test('refuses a body over 1 MB with 413 and a message, and one without a length with 411', async ({ request }) => {
  const tooBig = await request.post('/forms/00000000-0000-4000-8000-000000000000', { data: 'x'.repeat(3 * 1024 * 1024), headers: { 'next-action': '0'.repeat(40) } });
  expect(tooBig.status()).toBe(413);
  expect(await tooBig.json()).toEqual({ error: { message: 'The request is larger than 1 MB. Send less at a time.' } });
  const unsized = await fetch(new URL('/api/auth/sign-in/email', test.info().project.use.baseURL).toString(), {
    method: 'POST',
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  expect(unsized.status).toBe(411);
});

test('a record that does not exist, or that the viewer may not see, answers 404', async ({ page }) => {
  await new SignInPage(page).signIn('sales1@northwind.example');
  const org = await northwind();
  const others = await ownerDb()
    .selectFrom('leads')
    .innerJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'leads.owner_id').onRef('memberships.org_id', '=', 'leads.org_id'))
    .select('leads.id')
    .where('leads.org_id', '=', org.id)
    .where('memberships.email', '=', 'sales2@northwind.example')
    .executeTakeFirstOrThrow();
  for (const path of [`/contacts/${randomUUID()}`, `/accounts/${randomUUID()}`, `/opportunities/${randomUUID()}`, '/leads/not-an-id', `/leads/${others.id}`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

/** Submits the public form once, claiming to come from `spoofedAddress`, with the form open long enough. */
async function submitAs(page: Page, formPath: string, spoofedAddress: string, email: string): Promise<string> {
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': spoofedAddress, 'X-Real-IP': spoofedAddress });
  // The form refuses what is filled in faster than a person types: open it "five seconds ago".
  await page.clock.install({ time: Date.now() - 5_000 });
  await page.goto(formPath);
  const form = page.getByTestId('public-lead-form');
  await form.getByLabel('First name').fill('Spoof');
  await form.getByLabel('Last name').fill('Tester');
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByRole('button', { name: 'Send' }).click();
  const outcome = page.getByText(/we will be in touch|Too many submissions|Please reload/);
  await expect(outcome.first()).toBeVisible();
  return (await outcome.first().textContent()) ?? '';
}

test('a new X-Forwarded-For per request does not reset the limits of a public form', async ({ browser }) => {
  const org = await northwind();
  const form = await ownerDb()
    .insertInto('lead_forms')
    .values({ org_id: org.id, name: `Spoof ${randomUUID().slice(0, 4)}`, consent_text: 'Yes, email me about courses.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const answers: string[] = [];
  for (let i = 0; i < 6; i++) {
    const context = await browser.newContext();
    answers.push(await submitAs(await context.newPage(), `/forms/${form.id}`, `203.0.113.${i + 10}`, `spoof.${i}.${randomUUID().slice(0, 4)}@example.com`));
    await context.close();
  }
  expect(answers.slice(0, 5).every((a) => a.includes('we will be in touch'))).toBe(true);
  expect(answers[5]).toContain('Too many submissions from your connection');
});

test('ten wrong passwords lock the account from anywhere; an admin sees it on the Team page and unlocks it', async ({ browser, request }) => {
  const org = await northwind();
  const email = `lockout.${randomUUID().slice(0, 6)}@northwind.example`;
  const password = 'my long and correct passphrase';
  const userId = await createUserWithPassword({ email, name: 'Lockout Tester', password });
  await ownerDb().insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'sales', display_name: 'Lockout Tester', email }).execute();

  const origin = test.info().project.use.baseURL as string;
  for (let i = 0; i < 10; i++) {
    const answer = await request.post('/api/auth/sign-in/email', {
      data: { email, password: `not it, try ${i}` },
      headers: { origin, 'X-Forwarded-For': `198.51.100.${i + 1}` },
    });
    expect(answer.status()).toBe(401);
  }
  const person = await browser.newContext();
  const signIn = await person.newPage();
  await signIn.goto('/sign-in');
  const form = signIn.getByTestId('sign-in-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toContainText('Too many failed sign-ins for this account');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await new SignInPage(admin).signIn('admin@northwind.example');
  await admin.goto('/settings/team');
  const row = admin.getByTestId('team-member').filter({ hasText: email });
  await expect(row.getByTestId('member-locked')).toBeVisible();
  await row.getByRole('button', { name: 'Unlock sign-in' }).click();
  await expect(row.getByRole('status')).toHaveText('Unlocked: they can sign in again.');

  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn).toHaveURL(/\/dashboard$/);
  await person.close();
  await adminContext.close();
});
