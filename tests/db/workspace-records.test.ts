/**
 * Creating and editing every record in the app: the services behind the record pages' forms,
 * in-place edits and links, called as the app calls them (a staff session, under RLS).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { setAssociation } from '../../lib/crm/associations';
import { findDuplicates } from '../../lib/crm/duplicates';
import { CrmError } from '../../lib/crm/errors';
import { listMembers, ownerOptions } from '../../lib/crm/members';
import { listPipelines, moveOpportunity } from '../../lib/crm/opportunities';
import { recordServices } from '../../lib/crm/record-services';
import { ownerDb } from '../../lib/db/owner';
import { kindOf, type Staff, staff } from './support';

let manager: Staff;
let sales1: Staff;
let sales2: Staff;
let viewer: Staff;
let contosoAdmin: Staff;

const tag = () => randomUUID().slice(0, 8);
const row = (table: 'contacts' | 'accounts' | 'opportunities', id: string) => ownerDb().selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
  viewer = await staff('viewer@northwind.example');
  contosoAdmin = await staff('admin@contoso.example');
});

describe('creating records', () => {
  it('creates an account and contacts at it, refusing bad input with field messages and writing nothing', async () => {
    const domain = `acme-${tag()}.example`;
    const bad = await recordServices.accounts.create(sales1, { name: ' ', domain: 'https://acme.example', employee_count: -3 }).catch((e: CrmError) => e);
    expect(bad).toBeInstanceOf(CrmError);
    expect(Object.keys((bad as CrmError).fieldErrors).sort()).toEqual(['domain', 'employee_count', 'name']);
    expect(await ownerDb().selectFrom('accounts').select('id').where('domain', '=', domain).execute()).toEqual([]);

    const account = await recordServices.accounts.create(sales1, { name: 'Acme Training Buyers', domain, owner_id: sales1.userId, source: undefined });
    const contact = await recordServices.contacts.create(sales1, { first_name: 'Ada', last_name: 'Acme', email: `ada-${tag()}@${domain}`, account_id: account.id, owner_id: sales1.userId, source: '' });
    expect(await row('contacts', contact.id)).toMatchObject({ account_id: account.id, lifecycle_stage: 'lead', source: null, org_id: sales1.orgId });
    // The duplicate warning finds the account by its domain, typed in any case.
    expect(await findDuplicates(sales1, { kind: 'account', domain: domain.toUpperCase() })).toEqual([{ id: account.id, title: 'Acme Training Buyers', href: `/accounts/${account.id}` }]);
  });

  it('lets a sales rep create records only for themselves or nobody', async () => {
    expect(await kindOf(recordServices.contacts.create(sales1, { last_name: 'Gifted', owner_id: sales2.userId }))).toBe('forbidden');
    expect(await kindOf(recordServices.contacts.create(viewer, { last_name: 'Viewer' }))).toBe('forbidden');
    const members = await listMembers(sales1);
    expect(ownerOptions('sales', sales1.userId, members).map(([id]) => id)).toEqual(['', sales1.userId]);
    expect(ownerOptions('manager', manager.userId, members).length).toBe(members.length + 1);
  });
});

describe('editing in place', () => {
  it('changes exactly the field sent, clears a field sent empty, and refuses a stale version', async () => {
    const created = await recordServices.contacts.create(sales1, { first_name: 'Grace', last_name: `Edit ${tag()}`, phone: '+44 20 7946 0000', job_title: 'Trainer', owner_id: sales1.userId });
    const v2 = await recordServices.contacts.update(sales1, { id: created.id, expected_updated_at: created.updated_at, job_title: 'Head of Training' });
    expect(await row('contacts', created.id)).toMatchObject({ job_title: 'Head of Training', phone: '+44 20 7946 0000', first_name: 'Grace' });
    await recordServices.contacts.update(sales1, { id: created.id, expected_updated_at: v2, phone: '' });
    expect((await row('contacts', created.id)).phone).toBeNull();
    // Someone saved after we opened it: refused, nothing changes.
    expect(await kindOf(recordServices.contacts.update(sales1, { id: created.id, expected_updated_at: v2, first_name: 'Stale' }))).toBe('conflict');
    expect((await row('contacts', created.id)).first_name).toBe('Grace');
    // A required field cannot be emptied.
    const latest = (await row('contacts', created.id)).updated_at;
    expect(await recordServices.contacts.update(sales1, { id: created.id, expected_updated_at: latest, last_name: '' }).catch((e: CrmError) => e.fieldErrors)).toEqual({ last_name: ['Last name is required.'] });
  });

  it('edits an opportunity’s amount, close date, probability, owner and name', async () => {
    const [pipeline] = await listPipelines(manager);
    const open = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    const deal = await recordServices.opportunities.create(manager, { name: 'Forty seats', pipeline_id: pipeline?.id, stage_id: open?.id, amount: 1000, owner_id: manager.userId });
    await recordServices.opportunities.update(manager, { id: deal.id, expected_updated_at: deal.updated_at, amount: '12500.50', expected_close_date: '2027-03-31', probability: '40', owner_id: sales1.userId, name: 'Forty-two seats' });
    const saved = await row('opportunities', deal.id);
    expect({ amount: saved.amount, close: saved.expected_close_date, probability: saved.probability, owner: saved.owner_id, name: saved.name }).toEqual({
      amount: '12500.50',
      close: '2027-03-31',
      probability: 40,
      owner: sales1.userId,
      name: 'Forty-two seats',
    });
    const bad = await recordServices.opportunities.update(manager, { id: deal.id, expected_updated_at: saved.updated_at, amount: '12.345', currency: 'euro', probability: 140, expected_close_date: '31/03/2027' }).catch((e: CrmError) => e);
    expect(Object.keys((bad as CrmError).fieldErrors).sort()).toEqual(['amount', 'currency', 'expected_close_date', 'probability']);
  });

  it('sets the close date to the day a deal is won or lost, and keeps it while it stays closed', async () => {
    const [pipeline] = await listPipelines(manager);
    const open = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    const won = pipeline?.stages.find((s) => s.is_won);
    const deal = await recordServices.opportunities.create(manager, { name: 'Closes early', pipeline_id: pipeline?.id, stage_id: open?.id, expected_close_date: '2027-09-30' });
    await moveOpportunity(manager, { id: deal.id, stage_id: won?.id });
    const closed = await row('opportunities', deal.id);
    expect(closed.expected_close_date).toBe(closed.closed_at?.toISOString().slice(0, 10));
    expect(closed.expected_close_date).not.toBe('2027-09-30');
    // Correcting the close date of a closed deal is allowed and sticks.
    await recordServices.opportunities.update(manager, { id: deal.id, expected_updated_at: closed.updated_at, expected_close_date: '2026-11-28' });
    expect((await row('opportunities', deal.id)).expected_close_date).toBe('2026-11-28');
  });
});

describe('links between records', () => {
  it('links and unlinks a contact and its account, and an opportunity and its contact', async () => {
    const account = await recordServices.accounts.create(sales1, { name: `Linked ${tag()}`, owner_id: sales1.userId });
    const contact = await recordServices.contacts.create(sales1, { last_name: `Linked ${tag()}`, owner_id: sales1.userId });
    await setAssociation(sales1, { link: 'contact_account', record_id: contact.id, target_id: account.id });
    expect((await row('contacts', contact.id)).account_id).toBe(account.id);
    await setAssociation(sales1, { link: 'contact_account', record_id: contact.id, target_id: null });
    expect((await row('contacts', contact.id)).account_id).toBeNull();

    const [pipeline] = await listPipelines(sales1);
    const deal = await recordServices.opportunities.create(sales1, { name: 'Linked deal', pipeline_id: pipeline?.id, stage_id: pipeline?.stages[0]?.id, owner_id: sales1.userId });
    await setAssociation(sales1, { link: 'opportunity_contact', record_id: deal.id, target_id: contact.id });
    await setAssociation(sales1, { link: 'opportunity_account', record_id: deal.id, target_id: account.id });
    expect(await row('opportunities', deal.id)).toMatchObject({ primary_contact_id: contact.id, account_id: account.id });
  });

  it('refuses links to what the user cannot see, across organisations, by a viewer, or of an unknown kind, changing nothing', async () => {
    const mine = await recordServices.contacts.create(sales1, { last_name: `Mine ${tag()}`, owner_id: sales1.userId });
    const [pipeline] = await listPipelines(sales1);
    const myDeal = await recordServices.opportunities.create(sales1, { name: 'My deal', pipeline_id: pipeline?.id, stage_id: pipeline?.stages[0]?.id, owner_id: sales1.userId });
    // Accounts are shared with the whole sales team; contacts are a rep's own.
    const theirContact = await recordServices.contacts.create(sales2, { last_name: `Theirs ${tag()}`, owner_id: sales2.userId });
    const contosoAccount = await recordServices.accounts.create(contosoAdmin, { name: `Contoso ${tag()}` });
    expect(await kindOf(setAssociation(sales1, { link: 'opportunity_contact', record_id: myDeal.id, target_id: theirContact.id }))).toBe('not_found');
    expect((await row('opportunities', myDeal.id)).primary_contact_id).toBeNull();
    expect(await kindOf(setAssociation(sales1, { link: 'contact_account', record_id: mine.id, target_id: contosoAccount.id }))).toBe('not_found');
    expect(await kindOf(setAssociation(contosoAdmin, { link: 'contact_account', record_id: mine.id, target_id: contosoAccount.id }))).toBe('not_found');
    expect(await kindOf(setAssociation(viewer, { link: 'contact_account', record_id: mine.id, target_id: null }))).toBe('forbidden');
    expect(await kindOf(setAssociation(sales1, { link: 'contact_owner', record_id: mine.id, target_id: sales1.userId }))).toBe('validation');
    expect(await kindOf(setAssociation(sales1, { link: 'contact_account', record_id: 'not-a-uuid', target_id: null }))).toBe('validation');
    expect((await row('contacts', mine.id)).account_id).toBeNull();
  });
});

describe('delete and restore from the record page', () => {
  it('moves a record to the trash and brings it back, for its owner', async () => {
    const contact = await recordServices.contacts.create(sales1, { last_name: `Trash ${tag()}`, owner_id: sales1.userId });
    await recordServices.contacts.trash(sales1, contact.id);
    expect((await row('contacts', contact.id)).deleted_at).not.toBeNull();
    await recordServices.contacts.restore(sales1, contact.id);
    expect((await row('contacts', contact.id)).deleted_at).toBeNull();
    expect(await kindOf(recordServices.contacts.trash(sales2, contact.id))).toBe('not_found');
    expect(await kindOf(recordServices.contacts.trash(viewer, contact.id))).toBe('forbidden');
  });
});
