/**
 * A trainee who never had a password, end to end: the booking confirmation reaches the Dev
 * inbox, its link opens the booking in a browser with no session (the email's pass), the
 * trainee moves it to another date; the certificate email's link downloads a branded PDF
 * whose QR code leads to the verification page; and the sign-in page sends a one-time link
 * that opens all of their training.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { sql } from 'kysely';
import { enroll, issueCertification, recordExamResult } from '../../lib/crm/training';
import { asService } from '../../lib/db/session';
import { hashBearerToken, newBearerToken } from '../../lib/auth/bearer-tokens';
import { linkInMailbox } from '../support/mailbox';
import { readPdf } from '../support/pdf';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

const DAY = 86_400_000;

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** A course with two dates ahead, a trainee, and the admin who books them (as staff do, under RLS). */
async function fixtures() {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const admin = await db.selectFrom('memberships').select(['user_id', 'email']).where('org_id', '=', org.id).where('role', '=', 'admin').where('email', '=', 'admin@northwind.example').executeTakeFirstOrThrow();
  const t = randomUUID().slice(0, 6).toUpperCase();
  const course = await db
    .insertInto('courses')
    .values({ org_id: org.id, code: `LRN-${t}`, title: `Agile Coaching ${t}`, level: 'practitioner', duration_hours: 14, price: 950, certification_validity_months: 24 })
    .returning(['id', 'code', 'title'])
    .executeTakeFirstOrThrow();
  const session = async (days: number) => {
    const starts = new Date(Math.floor((Date.now() + days * DAY) / 3_600_000) * 3_600_000);
    return db
      .insertInto('course_sessions')
      .values({ org_id: org.id, course_id: course.id, starts_at: starts, ends_at: new Date(starts.getTime() + 7 * 3_600_000), delivery: 'in_person', location: 'Northwind Centre, 14 Clerkenwell Green, London', capacity: 8 })
      .returning(['id', 'starts_at'])
      .executeTakeFirstOrThrow();
  };
  const first = await session(30);
  const second = await session(44);
  const email = `trainee-${t.toLowerCase()}@example.com`;
  const contact = await db.insertInto('contacts').values({ org_id: org.id, first_name: 'Zofia', last_name: 'Łukasiewicz', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const staff = { userId: admin.user_id, email: admin.email, orgId: org.id };
  return { org, staff, course, first, second, contact: { id: contact.id, email } };
}

/** The link in the newest message of `template` to `email`, as the admin reads it in the Dev inbox. */
async function linkFromDevInbox(page: Page, email: string, template: string, pattern: RegExp): Promise<string> {
  await expect
    .poll(async () => (await ownerDb().selectFrom('email_messages').select('status').where('recipient_email', '=', email).where('template', '=', template).executeTakeFirst())?.status, { timeout: 30_000 })
    .toBe('sent');
  await page.goto('/dev/inbox');
  await page.goto((await page.getByTestId('outbox-row').filter({ hasText: email }).filter({ hasText: template }).first().getAttribute('href')) as string);
  return (await page.getByTestId('message-links').getByRole('link', { name: pattern }).first().getAttribute('href')) as string;
}

async function traineeBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('a trainee opens the booking from the confirmation email, moves it, sits the exam, downloads the certificate PDF and renews it from the reminder, without a password', async ({ browser, page }) => {
  const f = await fixtures();
  await enroll(f.staff, { session_id: f.first.id, contact_id: f.contact.id });
  await new SignInPage(page).signIn('admin@northwind.example');
  const bookingLink = await linkFromDevInbox(page, f.contact.email, 'enrollment-confirmation', /\/learn\/bookings\//);
  expect(bookingLink).toMatch(/\?pass=v1\./);

  const trainee = await traineeBrowser(browser);
  await trainee.page.goto(new URL(bookingLink).pathname + new URL(bookingLink).search);
  // The pass is traded for a session and leaves the address bar.
  await expect(trainee.page).toHaveURL(/\/learn\/bookings\/[0-9a-f-]{36}$/);
  await expect(trainee.page.getByRole('heading', { name: f.course.title })).toBeVisible();
  await expect(trainee.page.getByTestId('booking-status')).toHaveText('Booked');
  await expect(trainee.page.getByRole('link', { name: 'Northwind Training · My training' })).toBeVisible();
  expect(await seriousViolations(trainee.page)).toEqual([]);
  const cookies = await trainee.context.cookies();
  expect(cookies.map((c) => [c.name, c.httpOnly, c.path])).toEqual([['cohort_learner', true, '/learn']]);

  await trainee.page.getByRole('link', { name: 'Move to another date' }).click();
  await expect(trainee.page.getByRole('heading', { name: 'Move your booking' })).toBeVisible();
  const choices = trainee.page.getByRole('radio');
  await expect(choices).toHaveCount(1);
  await choices.first().check();
  expect(await seriousViolations(trainee.page)).toEqual([]);
  await trainee.page.getByRole('button', { name: 'Move my booking' }).click();
  await expect(trainee.page.getByRole('status')).toContainText('Your booking has moved to the new date.');
  const moved = await ownerDb().selectFrom('enrollments').select('session_id').where('contact_id', '=', f.contact.id).executeTakeFirstOrThrow();
  expect(moved.session_id).toBe(f.second.id);
  // …and the new date is confirmed by email, as the page says.
  await expect
    .poll(async () => (await ownerDb().selectFrom('email_messages').select('id').where('recipient_email', '=', f.contact.email).where('template', '=', 'enrollment-confirmation').where('status', '=', 'sent').execute()).length, { timeout: 30_000 })
    .toBe(2);
  // The booking's pass opens this booking only: the trainee's other things ask for sign-in.
  await trainee.page.setViewportSize({ width: 375, height: 800 });
  await trainee.page.screenshot({ path: test.info().outputPath('booking-375.png'), fullPage: true });

  // The day comes and goes (the session moves into the past, as the clock would), the trainee
  // sits the exam and the trainer records the result.
  const sat = await ownerDb().selectFrom('enrollments').select('id').where('contact_id', '=', f.contact.id).executeTakeFirstOrThrow();
  await ownerDb()
    .updateTable('course_sessions')
    .set({ starts_at: new Date(Date.now() - 3 * DAY), ends_at: new Date(Date.now() - 3 * DAY + 7 * 3_600_000) })
    .where('id', '=', f.second.id)
    .execute();
  await recordExamResult(f.staff, { enrollment_id: sat.id, score: 88, taken_at: new Date(Date.now() - 2 * DAY) });
  await expect
    .poll(async () => (await ownerDb().selectFrom('email_messages').select('status').where('recipient_email', '=', f.contact.email).where('template', '=', 'exam-result').executeTakeFirst())?.status, { timeout: 30_000 })
    .toBe('sent');

  // The certificate email's download link, opened in the trainee's browser, is the PDF.
  const issued = await issueCertification(f.staff, { contact_id: f.contact.id, course_id: f.course.id, issued_at: new Date().toISOString().slice(0, 10), enrollment_id: sat.id });
  const pdfLink = await linkFromDevInbox(page, f.contact.email, 'certificate-issued', /\/learn\/certificates\/.*\.pdf/);
  // The email carries the same PDF as an attachment.
  await expect(page.getByRole('link', { name: `certificate-${issued.certificate_number}.pdf` })).toBeVisible();
  const response = await trainee.context.request.get(new URL(pdfLink).pathname + new URL(pdfLink).search);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const body = await response.body();
  expect(body.length).toBeLessThan(200 * 1024);
  const pdf = await readPdf(body);
  expect(pdf.text).toContain('Zofia Łukasiewicz');
  expect(pdf.text).toContain(issued.certificate_number);
  expect(pdf.text).toContain(f.course.title);
  expect(pdf.text).toContain('Northwind Training');
  expect(pdf.qrCodes).toHaveLength(1);
  const verification = new URL(pdf.qrCodes[0] as string);
  expect(verification.pathname).toBe(`/verify/${issued.certificate_number}`);
  // The QR code leads to the public verification page, which vouches for the certificate.
  const verifier = await traineeBrowser(browser);
  await verifier.page.goto(verification.pathname);
  await expect(verifier.page.getByText(issued.certificate_number)).toBeVisible();
  await verifier.context.close();

  // Two years on, 30 days before it expires, the daily pass raises the reminder (raised here for
  // this certificate alone: running the pass two years ahead would expire everyone else's).
  await asService('e2e: the 30-day renewal reminder of one certificate', async (tx) => {
    await sql`insert into public.email_triggers (org_id, event, contact_id, record_id, details)
              values (${f.org.id}, 'renewal_reminder', ${f.contact.id}, ${issued.id}, '{"days_left": 30}')`.execute(tx);
    await sql`select private.wake_worker('email_triggers')`.execute(tx);
  });
  const renewLink = await linkFromDevInbox(page, f.contact.email, 'renewal-reminder', /\/learn\/certificates\/.*\/renew/);
  const renewing = await traineeBrowser(browser);
  await renewing.page.goto(new URL(renewLink).pathname + new URL(renewLink).search);
  await expect(renewing.page.getByRole('heading', { name: `Renew ${f.course.title}` })).toBeVisible();
  await expect(renewing.page.getByTestId('certificate-status')).toContainText(`valid until`);
  expect(await seriousViolations(renewing.page)).toEqual([]);
  await renewing.page.getByTestId('renewal-dates').getByRole('radio').first().check();
  await renewing.page.getByRole('button', { name: 'Book this date' }).click();
  await expect(renewing.page.getByRole('status')).toContainText('You are booked on the renewal date.');
  const renewal = await ownerDb().selectFrom('enrollments').select(['session_id', 'status']).where('contact_id', '=', f.contact.id).where('session_id', '=', f.first.id).executeTakeFirstOrThrow();
  expect(renewal.status).toBe('enrolled');
  await renewing.context.close();
  await trainee.context.close();
});

test('the sign-in page emails a one-time link that opens all of the trainee’s training, and answers the same for an unknown address', async ({ browser }) => {
  const f = await fixtures();
  await enroll(f.staff, { session_id: f.first.id, contact_id: f.contact.id });
  const { context, page } = await traineeBrowser(browser);
  await page.goto('/learn');
  await expect(page.getByRole('heading', { name: 'Sign in to your training' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  const form = page.getByTestId('learner-sign-in-form');
  await form.getByLabel('Email address').fill('not an address');
  await form.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter your email address, like name@example.com.');
  await expect(form.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Email address').fill(`nobody-${randomUUID().slice(0, 6)}@example.com`);
  await form.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByTestId('sign-in-link-sent')).toBeVisible();
  const neutral = await page.getByTestId('sign-in-link-sent').textContent();
  await page.goto('/learn');
  await page.getByTestId('learner-sign-in-form').getByLabel('Email address').fill(f.contact.email.toUpperCase());
  await page.getByTestId('learner-sign-in-form').getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByTestId('sign-in-link-sent')).toHaveText(neutral as string);

  const link = await linkInMailbox(f.contact.email, 'learner-sign-in', /https?:\/\/\S+\/learn\/sign-in\/[A-Za-z0-9_-]+/);
  await page.goto(new URL(link).pathname);
  await page.getByRole('button', { name: 'Continue to my training' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Zofia' })).toBeVisible();
  await expect(page.getByTestId('upcoming-bookings')).toContainText(f.course.title);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('my-training-1366.png'), fullPage: true });
  // The link is spent: a second use asks for a new one.
  const second = await browser.newContext();
  const again = await second.newPage();
  await again.goto(new URL(link).pathname);
  await expect(again.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await second.close();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to your training' })).toBeVisible();
  await context.close();
});

test('a visitor books a full public session and lands on the waiting list, then signs in and asks for their data', async ({ browser }) => {
  const f = await fixtures();
  // The first date fills up: one seat, taken.
  await ownerDb().updateTable('course_sessions').set({ capacity: 1 }).where('id', '=', f.first.id).execute();
  const taken = await ownerDb().insertInto('contacts').values({ org_id: f.org.id, first_name: 'Early', last_name: 'Bird', email: `early-${randomUUID().slice(0, 6)}@example.com`, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await ownerDb().insertInto('enrollments').values({ org_id: f.org.id, session_id: f.first.id, contact_id: taken.id }).execute();

  const { context, page } = await traineeBrowser(browser);
  await page.goto(`/learn/courses?org=${f.org.id}`);
  await page.getByRole('link', { name: f.course.title }).click();
  await expect(page.getByRole('heading', { name: f.course.title, level: 1 })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  const form = page.getByTestId('book-seat-form');
  await expect(form.getByRole('radio')).toHaveCount(2);
  await expect(form.getByText('Full: join the waiting list')).toBeVisible();
  await form.getByRole('radio').first().check();
  // Nothing typed: each field says what it needs, and nothing is booked.
  await form.getByRole('button', { name: 'Book my seat' }).click();
  await expect(form.getByText('Enter your first name.')).toBeVisible();
  await expect(form.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('First name').fill('Zofia');
  await form.getByLabel('Last name').fill('Someone Else');
  await form.getByLabel('Email address').fill(f.contact.email);
  await form.getByLabel('Company (optional)').fill('Acme Ltd');
  await form.getByRole('button', { name: 'Book my seat' }).click();
  await expect(page.getByTestId('booking-outcome')).toContainText('You are on the waiting list.');
  await page.setViewportSize({ width: 375, height: 900 });
  await page.screenshot({ path: test.info().outputPath('catalogue-375.png'), fullPage: true });
  const booked = await ownerDb().selectFrom('enrollments').select('status').where('contact_id', '=', f.contact.id).where('session_id', '=', f.first.id).executeTakeFirstOrThrow();
  expect(booked.status).toBe('waitlisted');
  // The waiting list is confirmed by email, with the place in the queue.
  await expect
    .poll(async () => (await ownerDb().selectFrom('email_messages').select(['status', 'subject']).where('recipient_email', '=', f.contact.email).where('template', '=', 'waitlist-confirmation').executeTakeFirst())?.status, { timeout: 30_000 })
    .toBe('sent');
  // The person we knew is not renamed by what a visitor typed.
  expect((await ownerDb().selectFrom('contacts').select('last_name').where('id', '=', f.contact.id).executeTakeFirstOrThrow()).last_name).toBe('Łukasiewicz');

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/learn');
  await page.getByTestId('learner-sign-in-form').getByLabel('Email address').fill(f.contact.email);
  await page.getByTestId('learner-sign-in-form').getByRole('button', { name: 'Email me a sign-in link' }).click();
  const link = await linkInMailbox(f.contact.email, 'learner-sign-in', /https?:\/\/\S+\/learn\/sign-in\/[A-Za-z0-9_-]+/);
  await page.goto(new URL(link).pathname);
  await page.getByRole('button', { name: 'Continue to my training' }).click();
  await expect(page.getByTestId('upcoming-bookings')).toContainText('On the waiting list');
  const myData = page.getByTestId('my-data');
  await myData.getByRole('button', { name: 'Ask for a copy of my data' }).click();
  await expect(page.getByRole('status')).toContainText('Your request for a copy of your data is with our data protection team.');
  await expect(page.getByTestId('my-data-requests')).toContainText('A copy of my data');
  await expect(page.getByTestId('my-data-requests')).toContainText('In progress');
  expect(await seriousViolations(page)).toEqual([]);
  // The compliance officer finds it in their queue, already verified.
  const request = await ownerDb().selectFrom('data_subject_requests').select(['type', 'status']).where('subject_email', '=', f.contact.email).executeTakeFirstOrThrow();
  expect(request).toEqual({ type: 'access', status: 'verified' });
  await context.close();
});

test('a manager edits a course for the portal: description, preparation and the workshop that also renews it; the public page and the renew page show them', async ({ browser, page }) => {
  const f = await fixtures();
  const t = randomUUID().slice(0, 6).toUpperCase();
  const workshop = await ownerDb()
    .insertInto('courses')
    .values({ org_id: f.org.id, code: `CPD-${t}`, title: `Coaching clinic ${t}`, level: 'practitioner', duration_hours: 3, price: 150 })
    .returning(['id', 'code', 'title'])
    .executeTakeFirstOrThrow();
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/training');
  await page.getByText(/^Course catalogue/).click();
  await page.getByTestId('courses').getByRole('link', { name: `${f.course.code} · ${f.course.title}` }).click();
  const form = page.getByTestId('course-edit-form');
  await form.getByLabel('Description').fill('Two days of coaching practice, with feedback on every session.');
  await form.getByLabel('How to prepare').fill('Bring a recent coaching conversation to discuss\nRead the pre-course guide');
  await form.getByLabel(`${workshop.code} · ${workshop.title}`).check();
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Save course' }).click();
  await expect(page.getByText('Course saved.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('course-edit-1366.png'), fullPage: true });

  const visitor = await traineeBrowser(browser);
  await visitor.page.goto(`/learn/courses/${f.course.code}?org=${f.org.id}`);
  await expect(visitor.page.getByText('Two days of coaching practice, with feedback on every session.')).toBeVisible();
  await visitor.context.close();

  // A holder of the course's certificate sees the workshop among the ways to renew.
  const issued = await issueCertification(f.staff, { contact_id: f.contact.id, course_id: f.course.id, issued_at: new Date().toISOString().slice(0, 10) });
  const holder = await ownerDb().selectFrom('certifications').select('id').where('certificate_number', '=', issued.certificate_number).executeTakeFirstOrThrow();
  // As the certificate email's pass would open it (the cookie the portal sets, made here).
  const token = newBearerToken();
  await sql`insert into private.learner_sessions (org_id, contact_id, contact_email, token_hash, scope, scope_ref, expires_at)
            values (${f.org.id}, ${f.contact.id}, ${f.contact.email}, ${hashBearerToken(token)}, 'certificate', ${holder.id}, now() + interval '1 hour')`.execute(ownerDb());
  const trainee = await traineeBrowser(browser);
  await trainee.context.addCookies([{ name: 'cohort_learner', value: token, url: new URL('/learn', process.env.APP_URL).href }]);
  await trainee.page.goto(`/learn/certificates/${issued.certificate_number}/renew`);
  await expect(trainee.page.getByTestId('renewal-alternatives')).toContainText(workshop.title);
  await trainee.context.close();
});
