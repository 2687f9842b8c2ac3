import { expect, type Page } from '@playwright/test';

export class LeadsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
    await expect(this.page).toHaveURL(/\/leads$/);
  }

  async createLead(lead: { firstName: string; lastName: string; email: string; company: string }): Promise<void> {
    await this.open();
    await this.page.getByRole('link', { name: 'New lead' }).click();
    const form = this.page.getByTestId('new-leads-form');
    await form.getByLabel('First name').fill(lead.firstName);
    await form.getByLabel('Last name').fill(lead.lastName);
    await form.getByLabel('Email').fill(lead.email);
    await form.getByLabel('Company').fill(lead.company);
    await form.getByLabel('Source').selectOption('webinar');
    await form.getByRole('button', { name: 'Create lead' }).click();
    await expect(this.page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  }

  async search(term: string): Promise<void> {
    await this.open();
    await this.page.getByRole('searchbox', { name: 'Search leads' }).fill(term);
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`q=${encodeURIComponent(term)}`));
  }

  rows() {
    return this.page.getByTestId('lead-row');
  }
}
