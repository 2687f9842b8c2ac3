import { expect, type Page } from '@playwright/test';

/** Edits one property of a record page in place: click its value, type, Enter, wait for the save. */
export async function editInPlace(page: Page, label: string, value: string): Promise<void> {
  const properties = page.getByTestId('record-properties');
  await properties.getByRole('button', { name: new RegExp(`^Edit ${label}:`) }).click();
  await properties.getByLabel(label, { exact: true }).fill(value);
  await properties.getByLabel(label, { exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `${label} saved.` })).toBeAttached();
}
