import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

// Letters only, long enough that names of other runs never look alike.
const tag = [...randomUUID().replace(/-/g, '').slice(0, 12)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');

test.afterAll(async () => {
  await closeOwnerDb();
});

test('a manager merges two leads of one person from the duplicates queue, and undoes it', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  // One person who filled in two forms: the address written two ways, a score on the later one.
  const older = await ownerDb().insertInto('leads').values({ org_id: org.id, first_name: 'Noor', last_name: `Haddad${tag}`, email: `noor.${tag}@example.com`, company_name: 'Cedar Labs' }).returning('id').executeTakeFirstOrThrow();
  const newer = await ownerDb()
    .insertInto('leads')
    .values({ org_id: org.id, first_name: 'Noor', last_name: `Haddad${tag}`, email: `NOOR.${tag}+webinar@example.com`, score: 70, status: 'working' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ownerDb().insertInto('activities').values({ org_id: org.id, kind: 'call', subject: `Webinar follow-up ${tag}`, lead_id: newer.id }).execute();

  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto('/leads');
  await page.getByRole('link', { name: 'Duplicates' }).click();
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: `noor.${tag}@example.com` });
  await expect(pair).toContainText('Same email address');
  await pair.getByRole('link', { name: /^Compare and merge/ }).click();

  await expect(page.getByRole('heading', { name: 'Merge 2 leads' })).toBeVisible();
  // The higher score and the further status come from the newer lead.
  await expect(page.getByRole('radio', { name: `Score: 70 (Noor Haddad${tag})` }).last()).toBeChecked();
  await expect(page.getByRole('radio', { name: `Status: Working (Noor Haddad${tag})` })).toBeChecked();
  await page.getByRole('button', { name: 'Merge 2 leads' }).click();

  await expect(page).toHaveURL(new RegExp(`/leads/${older.id}$`));
  await expect(page.getByText(`Webinar follow-up ${tag}`)).toBeVisible();
  await page.goto(`/leads/${newer.id}`);
  await expect(page).toHaveURL(new RegExp(`/leads/${older.id}$`));
  await page.getByRole('button', { name: 'Undo the merge' }).click();
  await expect(page.getByText('Merge undone.')).toBeVisible();
  await expect(page.getByText(`Webinar follow-up ${tag}`)).toHaveCount(0);
  expect(await ownerDb().selectFrom('leads').select(['score', 'status']).where('id', '=', older.id).executeTakeFirstOrThrow()).toEqual({ score: 0, status: 'new' });
});
