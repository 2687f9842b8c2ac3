import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

const tag = randomUUID().slice(0, 6);

test.afterAll(async () => {
  await closeOwnerDb();
});

test('a manager merges two contacts from the duplicates queue, keeps the values chosen, and undoes it', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  // One person twice: a Gmail address written two ways, a job title on one, a note on the other.
  const older = await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Rosa', last_name: `Parks${tag}`, email: `rosa.parks.${tag}@gmail.com` }).returning('id').executeTakeFirstOrThrow();
  const newer = await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Rosa L.', last_name: `Parks${tag}`, email: `rosaparks${tag}+courses@gmail.com`, job_title: 'Quality manager' }).returning('id').executeTakeFirstOrThrow();
  await ownerDb().insertInto('activities').values({ org_id: org.id, kind: 'note', subject: `Asked about ISO ${tag}`, contact_id: newer.id }).execute();

  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto(`/contacts/${newer.id}`);
  await expect(page.getByTestId('duplicate-notice')).toContainText(`Rosa Parks${tag}`);
  await page.goto('/contacts');
  await page.getByRole('link', { name: 'Duplicates' }).click();
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: `rosa.parks.${tag}@gmail.com` });
  await expect(pair).toContainText('Same email address');
  await pair.getByRole('link', { name: /^Compare and merge/ }).click();

  await expect(page.getByRole('heading', { name: 'Merge 2 contacts' })).toBeVisible();
  // The older contact is kept; its empty job title takes the other's; the first name is chosen by hand.
  await expect(page.getByRole('radio', { name: `Job title: Quality manager (Rosa L. Parks${tag})` })).toBeChecked();
  await page.getByRole('radio', { name: `First name: Rosa L. (Rosa L. Parks${tag})` }).check();
  await page.getByRole('button', { name: 'Merge 2 contacts' }).click();

  await expect(page).toHaveURL(new RegExp(`/contacts/${older.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rosa L. Parks${tag}`);
  await expect(page.getByText(`Asked about ISO ${tag}`)).toBeVisible();
  // The merged contact's link leads to the kept one.
  await page.goto(`/contacts/${newer.id}`);
  await expect(page).toHaveURL(new RegExp(`/contacts/${older.id}$`));
  await page.getByRole('button', { name: 'Undo the merge' }).click();
  await expect(page.getByText('Merge undone.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rosa Parks${tag}`);
  const back = await ownerDb().selectFrom('activities').select('contact_id').where('subject', '=', `Asked about ISO ${tag}`).executeTakeFirstOrThrow();
  expect(back.contact_id).toBe(newer.id);
});

test('an admin checks, then merges every duplicate by email address at once', async ({ page }) => {
  // In Contoso: a bulk merge takes every duplicate of the organisation, and no other browser test counts Contoso's.
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Contoso Academy').executeTakeFirstOrThrow();
  await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Ida', last_name: `Wells${tag}`, email: `ida.wells.${tag}@example.com` }).execute();
  const newer = await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Ida B.', last_name: `Wells${tag}`, email: `IDA.WELLS.${tag}+events@example.com`, job_title: 'Trainer' }).returning('id').executeTakeFirstOrThrow();

  await new SignInPage(page).signIn('admin@contoso.example');
  await page.goto('/contacts/duplicates');
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: `ida.wells.${tag}@example.com` });
  await expect(pair).toBeVisible();
  const panel = page.getByTestId('bulk-merge');
  // The merge waits for a check; the check changes nothing.
  await expect(panel.getByRole('button', { name: 'Merge them' })).toBeDisabled();
  await panel.getByRole('button', { name: 'Check first (dry run)' }).click();
  // The worker runs it in the background; the panel follows it live.
  await expect(page.getByTestId('bulk-merge-result')).toContainText(/^Dry run: .* would be merged into .*Nothing was changed\.$/, { timeout: 20_000 });
  await expect(pair).toBeVisible();
  await panel.getByRole('button', { name: 'Merge them' }).click();
  await expect(page.getByTestId('bulk-merge-result')).toContainText(/^Done: /, { timeout: 20_000 });
  await expect(pair).toHaveCount(0);
  // The newer contact went into the older one, whose empty title it filled; its page leads there.
  const merged = await ownerDb().selectFrom('contacts').select(['merged_into', 'deleted_at']).where('id', '=', newer.id).executeTakeFirstOrThrow();
  expect(merged.merged_into).toBeTruthy();
  await page.goto(`/contacts/${newer.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ida Wells${tag}`);
  await expect(page.getByRole('button', { name: 'Undo the merge' })).toBeVisible();
});
