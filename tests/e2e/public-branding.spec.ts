import { expect, test } from '@playwright/test';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';

test.afterAll(async () => {
  await closeOwnerDb();
});

test('public pages carry the organisation’s name, logo and colour, not Cohort’s', async ({ page }) => {
  const org = await ownerDb().selectFrom('organizations').select(['id', 'name', 'brand_color']).where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const certificate = await ownerDb().selectFrom('certifications').select('certificate_number').where('org_id', '=', org.id).executeTakeFirstOrThrow();
  await page.goto(`/verify/${certificate.certificate_number}`);
  const card = page.getByTestId('branded-card');
  await expect(card).toContainText(org.name);
  await expect(card).not.toContainText('Cohort');
  const edge = await card.evaluate((el) => getComputedStyle(el).borderTopColor);
  const hex = (org.brand_color ?? '').replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  expect(edge).toBe(`rgb(${r}, ${g}, ${b})`);

  // With a logo in its profile, the logo shows instead of the name.
  const logo = 'https://northwind.example/logo.svg';
  const form = await ownerDb().insertInto('lead_forms').values({ org_id: org.id, name: 'Branding check', consent_text: 'Yes, email me.' }).returning('id').executeTakeFirstOrThrow();
  await ownerDb().updateTable('organizations').set({ logo_url: logo }).where('id', '=', org.id).execute();
  try {
    await page.goto(`/forms/${form.id}`);
    await expect(page.getByTestId('branded-card').getByRole('img', { name: org.name })).toHaveAttribute('src', logo);
    await expect(page.getByTestId('branded-card')).not.toContainText('Cohort');
  } finally {
    await ownerDb().updateTable('organizations').set({ logo_url: null }).where('id', '=', org.id).execute();
    await ownerDb().deleteFrom('lead_forms').where('id', '=', form.id).execute();
  }
});
