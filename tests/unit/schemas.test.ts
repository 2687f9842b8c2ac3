import { describe, expect, it } from 'vitest';
import { passwordSchema } from '../../lib/auth/password.schema';
import { leadCreateSchema, leadListSchema, leadUpdateSchema } from '../../lib/crm/leads.schema';
import { opportunityCreateSchema } from '../../lib/crm/opportunities.schema';

describe('lead form schema (shared by the form and the server)', () => {
  it('turns blank inputs into null (a cleared field) and leaves out what was not sent', () => {
    const parsed = leadCreateSchema.parse({ first_name: '  ', last_name: 'Okafor', email: '', phone: '', score: '40' });
    expect(parsed).toEqual({ first_name: null, last_name: 'Okafor', email: null, phone: null, score: 40 });
    expect(leadUpdateSchema.parse({ id: '00000000-0000-4000-8000-000000000000', expected_updated_at: '2026-12-01T10:00:00.000Z', company_name: '' })).toEqual({
      id: '00000000-0000-4000-8000-000000000000',
      expected_updated_at: new Date('2026-12-01T10:00:00.000Z'),
      company_name: null,
    });
  });

  it('needs a last name or an email, and says so on the last name field', () => {
    const result = leadCreateSchema.safeParse({ first_name: 'Only' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['last_name'], message: 'Give at least a last name or an email address.' });
  });

  it('explains a bad email and an out-of-range score in words a user understands', () => {
    const result = leadCreateSchema.safeParse({ last_name: 'X', email: 'nope', score: 101 });
    const messages = Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);
    expect(messages).toEqual({ email: 'Enter a valid email address, like name@company.com.', score: 'Score is between 0 and 100.' });
  });

  it('accepts one status or several in list filters', () => {
    expect(leadListSchema.parse({ status: 'new' }).status).toEqual(['new']);
    expect(leadListSchema.parse({ status: ['new', 'working'] }).status).toEqual(['new', 'working']);
    expect(leadListSchema.safeParse({ status: 'lost' }).success).toBe(false);
  });
});

describe('opportunity schema', () => {
  it('normalises currency and refuses more than two decimals', () => {
    const base = { name: 'Deal', pipeline_id: crypto.randomUUID(), stage_id: crypto.randomUUID() };
    expect(opportunityCreateSchema.parse({ ...base, amount: '1200.50', currency: 'gbp' })).toMatchObject({ amount: 1200.5, currency: 'GBP' });
    expect(opportunityCreateSchema.safeParse({ ...base, amount: '10.001' }).success).toBe(false);
  });
});

describe('password policy', () => {
  it('accepts 12 to 128 characters', () => {
    expect(passwordSchema.safeParse('x'.repeat(11)).success).toBe(false);
    expect(passwordSchema.safeParse('x'.repeat(12)).success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(128)).success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(129)).success).toBe(false);
  });
});

describe('the organisation profile', () => {
  it('accepts on the server what the form already validated: an organisation without a logo can be saved', async () => {
    const { organizationProfileSchema } = await import('../../lib/crm/organization.schema');
    const fromForm = organizationProfileSchema.parse({ name: 'Northwind', postal_address: '1 High Street', brand_color: '#1d4ed8', logo_url: '', require_two_factor: true });
    expect(fromForm.logo_url).toBeNull();
    expect(organizationProfileSchema.parse(fromForm)).toEqual(fromForm);
  });
});
