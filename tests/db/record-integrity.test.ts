/**
 * Nothing a user does loses or misstates data: an edit changes exactly what it sends (an
 * emptied field is cleared, an unsent score stays), a converted lead's history stays on the
 * contact, board columns count every deal they stand for, and revenue is summed per currency.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount, getAccountOverview, updateAccount } from '../../lib/crm/accounts';
import { listActivities, logActivity } from '../../lib/crm/activities';
import { createContact, getContact, updateContact } from '../../lib/crm/contacts';
import { convertLead } from '../../lib/crm/conversion';
import { createLead, getLead, updateLead } from '../../lib/crm/leads';
import { boardTotals, createOpportunity, listBoard, listPipelines, updateOpportunity } from '../../lib/crm/opportunities';
import { ownerDb } from '../../lib/db/owner';
import { asService } from '../../lib/db/session';
import { type Staff, staff } from './support';

let manager: Staff;
let sales1: Staff;
beforeAll(async () => {
  [manager, sales1] = await Promise.all([staff('manager@northwind.example'), staff('sales1@northwind.example')]);
});

const tag = () => randomUUID().slice(0, 8);

describe('edits', () => {
  it('clear a field that is emptied and leave alone what is not sent (a lead keeps its score)', async () => {
    const lead = await createLead(sales1, { first_name: 'Clara', last_name: `Clear-${tag()}`, phone: '+44 20 7946 0000', company_name: 'Keep Ltd', score: 70, owner_id: sales1.userId });
    await updateLead(sales1, { id: lead.id, expected_updated_at: lead.updated_at, first_name: '', phone: '' });
    const after = await getLead(sales1, lead.id);
    expect(after).toMatchObject({ first_name: null, phone: null, company_name: 'Keep Ltd', score: 70 });
  });

  it('clear contact, account and opportunity fields the same way', async () => {
    const contact = await createContact(manager, { first_name: 'Job', last_name: `Title-${tag()}`, job_title: 'Trainer', phone: '+44 1632 960000' });
    await updateContact(manager, { id: contact.id, expected_updated_at: contact.updated_at, job_title: '', phone: '' });
    expect((await getContact(manager, contact.id)).contact).toMatchObject({ job_title: null, phone: null, lifecycle_stage: 'lead' });

    const account = await createAccount(manager, { name: `Clearing ${tag()} Ltd`, industry: 'Training', employee_count: 40 });
    await updateAccount(manager, { id: account.id, expected_updated_at: account.updated_at, industry: '', employee_count: '' });
    const stored = await ownerDb().selectFrom('accounts').select(['industry', 'employee_count', 'is_training_client']).where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ industry: null, employee_count: null, is_training_client: false });

    const [pipeline] = await listPipelines(manager);
    const stage = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    const deal = await createOpportunity(manager, { name: `Dated ${tag()}`, pipeline_id: pipeline?.id, stage_id: stage?.id, amount: 1200, currency: 'GBP', expected_close_date: '2027-03-31' });
    await updateOpportunity(manager, { id: deal.id, expected_updated_at: deal.updated_at, expected_close_date: '' });
    const dealNow = await ownerDb().selectFrom('opportunities').select(['expected_close_date', 'amount', 'currency']).where('id', '=', deal.id).executeTakeFirstOrThrow();
    expect(dealNow).toEqual({ expected_close_date: null, amount: '1200.00', currency: 'GBP' });
  });
});

describe('lead conversion', () => {
  it('keeps the lead’s activities, emails and consent on the new contact', async () => {
    const email = `history.${tag()}@example.com`;
    const lead = await createLead(sales1, { first_name: 'Hana', last_name: `History-${tag()}`, email, owner_id: sales1.userId });
    await logActivity(sales1, { kind: 'call', subject: 'Discovery call before conversion', lead_id: lead.id });
    const message = await ownerDb()
      .insertInto('email_messages')
      .values({ org_id: sales1.orgId, template: 'welcome', category: 'marketing', recipient_email: email, lead_id: lead.id, idempotency_key: `history-${tag()}`, status: 'sent', subject: 'Welcome aboard' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ownerDb().insertInto('consent_events').values({ org_id: sales1.orgId, lead_id: lead.id, purpose: 'marketing_email', granted: true, source: 'import' }).execute();
    const fresh = await getLead(sales1, lead.id);
    const { contactId } = await convertLead(sales1, { lead_id: lead.id, expected_updated_at: fresh.updated_at, contact: { mode: 'create' }, account: { mode: 'none' } });

    const timeline = await listActivities(sales1, { contact_id: contactId });
    expect(timeline.map((a) => a.subject)).toContain('Discovery call before conversion');
    const contact = await getContact(sales1, contactId);
    expect(contact.emails.map((e) => e.id)).toContain(message.id);
    const consented = await asService('test: consent carried over', async (tx) =>
      (await sql<{ c: boolean }>`select private.has_marketing_consent(${sales1.orgId}, ${contactId}, null) as c`.execute(tx)).rows[0]?.c,
    );
    expect(consented).toBe(true);
  });
});

describe('the pipeline board', () => {
  it('counts and sums every deal of a column in the database, per currency, whatever it loads as cards', async () => {
    const pipeline = await ownerDb().insertInto('pipelines').values({ org_id: manager.orgId, name: `Board ${tag()}` }).returning('id').executeTakeFirstOrThrow();
    const open = await ownerDb().insertInto('pipeline_stages').values({ org_id: manager.orgId, pipeline_id: pipeline.id, name: 'Proposal', position: 0, probability: 50 }).returning('id').executeTakeFirstOrThrow();
    const won = await ownerDb().insertInto('pipeline_stages').values({ org_id: manager.orgId, pipeline_id: pipeline.id, name: 'Won', position: 1, probability: 100, is_won: true }).returning('id').executeTakeFirstOrThrow();
    await sql`insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, currency)
              select ${manager.orgId}::uuid, 'Bulk deal ' || n, ${pipeline.id}::uuid, ${open.id}::uuid, 100, case when n % 4 = 0 then 'GBP' else 'EUR' end
                from generate_series(1, 130) n`.execute(ownerDb());
    await sql`insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, currency)
              select ${manager.orgId}::uuid, 'Won deal ' || n, ${pipeline.id}::uuid, ${won.id}::uuid, 1000, 'EUR' from generate_series(1, 3) n`.execute(ownerDb());
    // Won long ago: outside the board's period, so not on it.
    await sql`insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, currency, closed_at)
              values (${manager.orgId}::uuid, 'Old win', ${pipeline.id}::uuid, ${won.id}::uuid, 5000, 'EUR', now() - interval '200 days')`.execute(ownerDb());

    const cards = await listBoard(manager, pipeline.id);
    expect(cards.filter((c) => c.stage_id === open.id)).toHaveLength(100);
    const totals = await boardTotals(manager, pipeline.id);
    const of = (stage: string, currency: string) => totals.find((t) => t.stage_id === stage && t.currency === currency);
    expect(of(open.id, 'EUR')).toMatchObject({ deals: 98, amount: '9800.00', weighted: '4900.00' });
    expect(of(open.id, 'GBP')).toMatchObject({ deals: 32, amount: '3200.00' });
    expect(of(won.id, 'EUR')).toMatchObject({ deals: 3, amount: '3000.00' });
  });
});

describe('accounts', () => {
  it('sum revenue won per currency, in the database', async () => {
    const account = await createAccount(manager, { name: `Revenue ${tag()} GmbH` });
    const [pipeline] = await listPipelines(manager);
    const wonStage = pipeline?.stages.find((s) => s.is_won);
    for (const [amount, currency] of [[1000, 'EUR'], [2500.5, 'EUR'], [800, 'GBP']] as const) {
      await createOpportunity(manager, { name: `Won ${currency} ${amount}`, account_id: account.id, pipeline_id: pipeline?.id, stage_id: wonStage?.id, amount, currency });
    }
    const overview = await getAccountOverview(manager, account.id);
    expect(overview.revenueWon).toEqual([
      { currency: 'EUR', amount: '3500.50' },
      { currency: 'GBP', amount: '800.00' },
    ]);
  });
});
