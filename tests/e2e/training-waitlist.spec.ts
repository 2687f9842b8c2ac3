import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

test('enrolling beyond capacity waitlists, and a cancellation promotes the first person waiting', async ({ page }) => {
  await new SignInPage(page).signIn('manager@northwind.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();

  // A course of its own, added from the catalogue.
  const code = `WL-${Date.now().toString(36).toUpperCase()}`;
  await page.getByText(/^Course catalogue/).click();
  const course = page.getByTestId('course-form');
  await course.getByLabel('Code').fill(code);
  await course.getByLabel('Title').fill(`Waitlist practice ${code}`);
  await course.getByLabel('Duration (hours)').fill('7');
  await course.getByLabel('Price (EUR)').fill('450');
  await course.getByRole('button', { name: 'Add course' }).click();
  await expect(page.getByText(`Course ${code} added.`)).toBeVisible();
  await expect(page.getByTestId('courses')).toContainText(`${code} · Waitlist practice ${code}`);

  // A one-seat session far enough ahead to be unique to this run.
  const form = page.getByTestId('schedule-session-form');
  await form.getByLabel('Course').selectOption({ label: `${code} · Waitlist practice ${code}` });
  const day = 10 + (Date.now() % 17);
  await form.getByLabel('Starts').fill(`2028-03-${day}T09:00`);
  await form.getByLabel('Ends').fill(`2028-03-${day}T17:00`);
  await form.getByLabel('Venue').fill('Manchester, Deansgate training suite');
  await form.getByLabel('Seats').fill('1');
  await form.getByRole('button', { name: 'Schedule session' }).click();
  await expect(page).toHaveURL(/\/training\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = page.url();
  const sessionTitle = (await page.getByRole('heading', { level: 1 }).textContent()) as string;

  // Book two contacts: the second lands on the waitlist.
  const statuses: string[] = [];
  for (const index of [0, 1]) {
    await page.goto('/contacts');
    await page.getByTestId('contact-row').nth(index).getByRole('link').first().click();
    const enroll = page.getByTestId('enroll-form');
    const option = enroll.getByLabel('Session').locator('option', { hasText: `${sessionTitle} · ${day} Mar 2028` });
    await enroll.getByLabel('Session').selectOption((await option.first().getAttribute('value')) as string);
    await enroll.getByRole('button', { name: 'Enroll' }).click();
    const message = enroll.locator('[role=status],[role=alert]');
    await expect(message).toBeVisible();
    statuses.push((await message.textContent()) as string);
  }
  expect(statuses[0]).toContain('Enrolled.');
  expect(statuses[1]).toContain('waitlist');

  await page.goto(sessionUrl);
  await expect(page.getByTestId('roster').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('waitlist').locator('li')).toHaveCount(1);
  const waiting = (await page.getByTestId('waitlist').locator('li a').textContent()) as string;

  await page.getByTestId('roster').getByRole('button', { name: 'Cancel booking' }).click();
  await expect(page.getByTestId('roster')).toContainText(waiting);
  await expect(page.getByTestId('waitlist')).toContainText('Nobody is waiting.');
});
