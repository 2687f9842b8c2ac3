import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { SignInPage } from './pages/sign-in-page';

// Letters only, long enough that names of other runs never look alike.
const tag = [...randomUUID().replace(/-/g, '').slice(0, 12)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');

test.afterAll(async () => {
  await closeOwnerDb();
});

test('a manager merges two accounts of one company from the duplicates queue, and undoes it', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select('id').where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  // One company twice, as a company import and a hand-made record leave it: same domain, the legal form written two ways.
  const older = await ownerDb().insertInto('accounts').values({ org_id: org.id, name: `Helix ${tag} Ltd`, domain: `helix-${tag}.example` }).returning('id').executeTakeFirstOrThrow();
  const newer = await ownerDb()
    .insertInto('accounts')
    .values({ org_id: org.id, name: `Helix ${tag} Limited`, domain: `helix-${tag}.example`, industry: 'Biotech', is_training_client: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const employee = await ownerDb().insertInto('contacts').values({ org_id: org.id, first_name: 'Ada', last_name: `Helix${tag}`, email: `ada.${tag}@helix.example`, account_id: newer.id }).returning('id').executeTakeFirstOrThrow();

  await new SignInPage(page).signIn('manager@northwind.example');
  await page.goto(`/accounts/${newer.id}`);
  await expect(page.getByTestId('duplicate-notice')).toContainText(`Helix ${tag} Ltd`);
  await page.goto('/accounts');
  await page.getByRole('link', { name: 'Duplicates' }).click();
  const pair = page.getByTestId('duplicate-pair').filter({ hasText: `Helix ${tag} Limited` });
  await expect(pair).toContainText('Same website domain');
  await pair.getByRole('link', { name: /^Compare and merge/ }).click();

  await expect(page.getByRole('heading', { name: 'Merge 2 accounts' })).toBeVisible();
  // The older account is kept with its name; the empty industry and the client flag come from the other.
  await expect(page.getByRole('radio', { name: `Name: Helix ${tag} Ltd (Helix ${tag} Ltd)` })).toBeChecked();
  await expect(page.getByRole('radio', { name: `Industry: Biotech (Helix ${tag} Limited)` })).toBeChecked();
  await expect(page.getByRole('radio', { name: `Training client: Yes (Helix ${tag} Limited)` })).toBeChecked();
  await expect(page.getByText('1 contact', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Merge 2 accounts' }).click();

  await expect(page).toHaveURL(new RegExp(`/accounts/${older.id}$`));
  // Kept the other's industry (the subtitle reads "industry · domain").
  await expect(page.getByText(`Biotech · helix-${tag}.example`)).toBeVisible();
  await expect(page.getByRole('link', { name: `Ada Helix${tag}` })).toBeVisible();
  // The merged account's link leads to the kept one.
  await page.goto(`/accounts/${newer.id}`);
  await expect(page).toHaveURL(new RegExp(`/accounts/${older.id}$`));
  await page.getByRole('button', { name: 'Undo the merge' }).click();
  await expect(page.getByText('Merge undone.')).toBeVisible();
  await expect(page.getByRole('link', { name: `Ada Helix${tag}` })).toHaveCount(0);
  const back = await ownerDb().selectFrom('contacts').select('account_id').where('id', '=', employee.id).executeTakeFirstOrThrow();
  expect(back.account_id).toBe(newer.id);
});
