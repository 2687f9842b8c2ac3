/**
 * The compliance workspace's services: requests from receipt to verification and extension,
 * public lead-capture forms (consent with proof, spam defences, nothing written on bad input),
 * and retention with its dry run and log.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmConsent, createLeadForm, findConsentConfirmation, submitLeadForm } from '../../lib/compliance/lead-forms';
import { createRequest, createVerificationLink, extendRequest, getRequest, verifyRequestByToken } from '../../lib/compliance/requests';
import { applyRetention, previewRetention, saveRetentionPolicy } from '../../lib/compliance/retention';
import { CrmError } from '../../lib/crm/errors';
import { ownerDb } from '../../lib/db/owner';
import { linkInMailbox } from '../support/mailbox';
import { type Staff, staff } from './support';

let compliance: Staff;
let admin: Staff;
let marketing: Staff;
beforeAll(async () => {
  [compliance, admin, marketing] = await Promise.all([staff('compliance@northwind.example'), staff('admin@northwind.example'), staff('marketing@northwind.example')]);
});

const kind = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (e instanceof CrmError ? e.kind : Promise.reject(e)));

describe('data subject requests', () => {
  it('go from received to verified through the subject’s link, with the history of who did what', async () => {
    const request = await createRequest(compliance, { type: 'access', subject_email: `Subject.${randomUUID().slice(0, 6)}@Example.com`, received_via: 'email', received_at: new Date() });
    const link = await createVerificationLink(compliance, request.id, 'http://localhost:3000');
    const token = link.split('/verify-request/')[1] as string;
    expect(await verifyRequestByToken(token)).toEqual({ verified: true });
    expect(await verifyRequestByToken(token)).toEqual({ verified: false });
    const { request: stored, history } = await getRequest(compliance, request.id);
    expect(stored.status).toBe('verified');
    expect(stored.subject_email).toMatch(/^subject\./);
    expect(history.map((h) => h.action)).toEqual(['received', 'verification_sent', 'verified']);
  });

  it('need the subject told before an extension, and are closed to sales reps', async () => {
    const request = await createRequest(compliance, { type: 'erasure', subject_email: 'extend.me@example.com', received_via: 'letter', received_at: new Date() });
    expect(await kind(extendRequest(compliance, { id: request.id, months: 2, reason: 'Records spread over three systems' }))).toBe('validation');
    const extended = await extendRequest(compliance, { id: request.id, months: 2, reason: 'Records spread over three systems', subject_told: true });
    expect(extended.due_at.getTime()).toBeGreaterThan(request.due_at.getTime());
    expect(await kind(createRequest(await staff('sales1@northwind.example'), { type: 'access', subject_email: 'x@example.com', received_via: 'email', received_at: new Date() }))).toBe('forbidden');
  });
});

describe('lead capture forms', () => {
  const started = Date.now() - 10_000;
  const visitor = (email: string) => ({ first_name: 'Aoife', last_name: 'Brennan', email, company_name: 'Cork Digital Skills', consent: true, website: '', started_at: started });

  it('create the lead, and record the consent only once the person confirms it from the email (double opt-in)', async () => {
    const form = await createLeadForm(marketing, { name: 'Open day 2027', fields: ['company_name'], consent_text: 'Yes, email me about courses and open days.' });
    const email = `aoife.${randomUUID().slice(0, 6)}@example.com`;
    expect(await submitLeadForm(form.id, visitor(email), { ip: '198.51.100.1', userAgent: 'Mozilla/5.0 test' })).toMatchObject({ confirmation: 'emailed' });
    const lead = await ownerDb().selectFrom('leads').select(['id', 'company_name', 'source']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ company_name: 'Cork Digital Skills', source: 'website' });
    const consentOf = () => ownerDb().selectFrom('consent_events').select(['granted', 'source', 'proof', 'double_opt_in_at']).where('lead_id', '=', lead.id).execute();
    expect(await consentOf()).toEqual([]);

    const link = await linkInMailbox(email, 'consent-confirmation', /http\S+\/confirm-consent\/[A-Za-z0-9_-]+/);
    const token = link.split('/confirm-consent/')[1] as string;
    expect(await findConsentConfirmation(token)).toMatchObject({ status: 'pending', textShown: 'Yes, email me about courses and open days.', formName: 'Open day 2027' });
    expect(await confirmConsent(token, { ip: '198.51.100.2', userAgent: 'Mail client' })).toBe('confirmed');
    expect(await confirmConsent(token, { ip: '198.51.100.2', userAgent: 'Mail client' })).toBe('already');
    const [consent] = await consentOf();
    expect(consent).toMatchObject({
      granted: true,
      source: 'web_form',
      proof: { text_shown: 'Yes, email me about courses and open days.', submitted_ip: '198.51.100.1', confirmed_ip: '198.51.100.2', form_name: 'Open day 2027' },
    });
    expect(consent?.double_opt_in_at).not.toBeNull();
    expect(await confirmConsent('not-a-real-token-0123456789', { ip: null, userAgent: null })).toBe('unknown');
  });

  it('never change a lead that exists: the new details become a note to review', async () => {
    const form = await createLeadForm(marketing, { name: `Returning ${randomUUID().slice(0, 4)}`, fields: ['company_name', 'phone'], consent_text: 'Yes, email me about courses.' });
    const email = `known.${randomUUID().slice(0, 6)}@example.com`;
    const existing = await ownerDb()
      .insertInto('leads')
      .values({ org_id: marketing.orgId, first_name: 'Siobhan', last_name: 'Kelly', email, company_name: 'Kelly Training', phone: '+353 1 555 0100' })
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow();
    await submitLeadForm(form.id, { ...visitor(email.toUpperCase()), first_name: 'Mallory', last_name: 'Attacker', company_name: 'Evil Corp', phone: '+1 555 0199', consent: false }, { ip: '198.51.100.9', userAgent: 'x' });
    const after = await ownerDb().selectFrom('leads').select(['first_name', 'last_name', 'company_name', 'phone', 'updated_at']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ first_name: 'Siobhan', last_name: 'Kelly', company_name: 'Kelly Training', phone: '+353 1 555 0100', updated_at: existing.updated_at });
    expect(await ownerDb().selectFrom('leads').select('id').where('email', '=', email).execute()).toHaveLength(1);
    const note = await ownerDb().selectFrom('activities').select(['kind', 'subject', 'body']).where('lead_id', '=', existing.id).executeTakeFirstOrThrow();
    expect(note.kind).toBe('note');
    expect(note.body).toContain('Cohort changed nothing on the lead');
    expect(note.body).toContain('First name: Mallory (on the lead: Siobhan)');
    expect(note.body).toContain('Company: Evil Corp (on the lead: Kelly Training)');
  });

  it('write nothing for a bot (honeypot or too fast) or bad input, and rate-limit one address', async () => {
    const form = await createLeadForm(marketing, { name: `Spam test ${randomUUID().slice(0, 4)}`, consent_text: 'Yes, email me about courses.' });
    const email = `bot.${randomUUID().slice(0, 6)}@example.com`;
    const meta = { ip: `203.0.113.${Math.floor(Math.random() * 200)}`, userAgent: 'bot' };
    expect(await kind(submitLeadForm(form.id, { ...visitor(email), website: 'http://spam.example' }, meta))).toBe('validation');
    expect(await kind(submitLeadForm(form.id, { ...visitor(email), started_at: Date.now() }, meta))).toBe('validation');
    expect(await kind(submitLeadForm(form.id, { ...visitor(email), email: 'not an email' }, meta))).toBe('validation');
    expect(await ownerDb().selectFrom('leads').select('id').where('email', '=', email).execute()).toEqual([]);
    const outcomes = [];
    for (let i = 0; i < 7; i++) outcomes.push(await kind(submitLeadForm(form.id, visitor(`flood.${i}.${email}`), meta)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
    expect(outcomes.at(-1)).toBe('conflict');
  });
});

describe('retention', () => {
  it('is set by admins only, previews what would go, and logs what went', async () => {
    const started = new Date(Date.now() - 1000);
    expect(await kind(saveRetentionPolicy(compliance, { kind: 'email_events', keep_months: 13, legal_basis: 'Deliverability evidence for 13 months' }))).toBe('forbidden');
    await saveRetentionPolicy(admin, { kind: 'email_events', keep_months: 13, legal_basis: 'Deliverability evidence for 13 months' });
    const db = ownerDb();
    const message = await db
      .insertInto('email_messages')
      .values({ org_id: admin.orgId, template: 'welcome', category: 'transactional', recipient_email: 'old@example.com', idempotency_key: `retention-${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('email_events').values({ org_id: admin.orgId, message_id: message.id, provider_event_id: `old-${randomUUID()}`, type: 'email.delivered', payload: {}, occurred_at: sql<Date>`now() - interval '2 years'` }).execute();
    const preview = await previewRetention(compliance);
    expect(preview.find((p) => p.kind === 'email_events')?.affected).toBeGreaterThanOrEqual(1);
    const dry = await applyRetention(true);
    expect(dry.find((r) => r.org_id === admin.orgId && r.kind === 'email_events')?.affected).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('email_events').select('id').where('message_id', '=', message.id).execute()).toHaveLength(1);
    await applyRetention(false);
    expect(await db.selectFrom('email_events').select('id').where('message_id', '=', message.id).execute()).toHaveLength(0);
    // Only this test's runs: other tests log runs of their own.
    const runs = await db.selectFrom('retention_runs').select(['dry_run', 'affected']).where('org_id', '=', admin.orgId).where('kind', '=', 'email_events').where('ran_at', '>=', started).execute();
    expect(runs.map((r) => r.dry_run).sort()).toEqual([false, true]);
  });
});
