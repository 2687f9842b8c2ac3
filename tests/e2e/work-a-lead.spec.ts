import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { LeadsPage } from './pages/leads-page';
import { SignInPage } from './pages/sign-in-page';

test.afterAll(async () => {
  await closeOwnerDb();
});

/** A Northwind session that began an hour ago: an exam result needs a session that has started. */
async function runningSession(): Promise<string> {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const course = await ownerDb().selectFrom('courses').select('id').where('org_id', '=', org.id).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  const session = await ownerDb()
    .insertInto('course_sessions')
    .values({ org_id: org.id, course_id: course.id, starts_at: new Date(Date.now() - 3_600_000), ends_at: new Date(Date.now() + 7 * 3_600_000), delivery: 'online', meeting_url: 'https://meet.example.com/e2e', capacity: 30 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return session.id;
}

test('a rep works a lead to a won opportunity, logs a call, enrolls the contact and certifies them', async ({ page }) => {
  const unique = Date.now().toString(36);
  const lastName = `Okonjo-${unique}`;
  const running = await runningSession();
  const company = `Harbour Analytics ${unique}`;

  await new SignInPage(page).signIn('sales1@northwind.example');
  await new LeadsPage(page).createLead({ firstName: 'Marguerite', lastName, email: `marguerite.${unique}@harbour.example`, company });

  // Convert: new contact, new account, and an opportunity — previewed before anything is written.
  const convert = page.getByTestId('convert-form');
  await convert.getByLabel('Stage').selectOption({ index: 1 });
  await convert.getByLabel('Amount (EUR)').fill('4800');
  await expect(page.getByTestId('convert-preview')).toContainText(`Create the account “${company}”`);
  await expect(page.getByTestId('convert-preview')).toContainText(`Create the contact Marguerite ${lastName}`);
  await convert.getByRole('button', { name: 'Convert lead' }).click();
  await expect(page).toHaveURL(/\/opportunities\/[0-9a-f-]{36}$/);

  // Win it from its page's stage picker, then check the server agrees.
  const stage = page.getByTestId('stage-control');
  await stage.getByLabel('Stage').selectOption({ label: 'Won (won)' });
  await expect(stage.getByRole('status')).toHaveText('Moved to Won.');
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('won', { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  // Log the call that closed it.
  const activity = page.getByTestId('activity-form');
  await activity.getByLabel('Kind').selectOption('call');
  await activity.getByLabel('Subject').fill('Agreed on 12 seats for the spring cohort');
  await activity.getByRole('button', { name: 'Log activity' }).click();
  await expect(activity.getByText('Call logged.')).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText('Agreed on 12 seats for the spring cohort');

  // Enroll the new contact, record a passing exam and issue the certificate.
  await page.getByTestId('links-opportunity_contact-one').getByRole('link', { name: `Marguerite ${lastName}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Marguerite ${lastName}`);
  const enroll = page.getByTestId('enroll-form');
  await enroll.getByLabel('Session').selectOption(running);
  await enroll.getByRole('button', { name: 'Enroll' }).click();
  await expect(enroll.getByText('Enrolled.')).toBeVisible();

  const training = page.getByTestId('contact-training');
  await training.getByLabel('Exam score (0–100)').fill('85');
  await training.getByRole('button', { name: 'Record result' }).click();
  await expect(training.getByText('exam passed')).toBeVisible();
  await training.getByRole('button', { name: 'Issue certificate' }).click();
  await expect(page.getByTestId('contact-certifications').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('timeline')).toContainText('Certified:');
});

test('a manager drags an opportunity to the next stage and the move persists', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Opportunities' }).click();
  const columns = page.getByTestId('board-column');
  await expect(page.getByTestId('board-card').first()).toBeVisible();
  // The first stage that holds a card (other tests move the shared seed's deals on, too).
  let index = 0;
  while ((await columns.nth(index).getByTestId('board-card').count()) === 0) index++;
  const from = columns.nth(index);
  const to = columns.nth(index + 1);
  const card = from.getByTestId('board-card').first();
  const name = (await card.getByRole('link').textContent()) as string;
  const handle = card.getByRole('button', { name: `Drag ${name}` });

  const start = await handle.boundingBox();
  const target = await to.boundingBox();
  if (!start || !target) throw new Error('board not laid out');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + 20, start.y + 20, { steps: 5 });
  await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 15 });
  await page.mouse.up();

  await expect(to.getByRole('link', { name, exact: true })).toBeVisible();
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByTestId('board-column').nth(index + 1).getByRole('link', { name, exact: true })).toBeVisible();
});
