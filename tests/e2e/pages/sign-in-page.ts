import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'cohort-demo-2026';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.goto('/sign-in');
    const form = this.page.getByTestId('sign-in-form');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }

  /** Signs out from the account menu at the foot of the sidebar. */
  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: /^Account menu/ }).first().click();
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(this.page).toHaveURL(/\/sign-in$/);
  }
}
