/**
 * Imports of deals through the real path: a HubSpot deals export (its headers, pipeline and
 * stage by name, owner, company and contact by natural keys, won and lost deals closing on
 * their close date), warnings for what does not map, idempotent re-import, matching on the
 * deal's name, revert, and a sales rep's deals landing as their own.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { getImport, revertImportRequest, } from '../../lib/imports/imports';
import { csv, drain, importThrough } from './import-support';
import { type Staff, staff } from './support';

let admin: Staff;
let sales: Staff;


const importDeals = (who: Staff, text: string, options: { match?: string; source?: string } = {}) =>
  importThrough(who, 'opportunities', text, { mode: 'upsert', match: options.match, external_source: options.source });

const dealsNamed = (names: string[]) =>
  ownerDb()
    .selectFrom('opportunities as o')
    .innerJoin('pipelines as p', 'p.id', 'o.pipeline_id')
    .innerJoin('pipeline_stages as s', 's.id', 'o.stage_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'o.owner_id').onRef('m.org_id', '=', 'o.org_id'))
    .select(['o.name', 'p.name as pipeline', 's.name as stage', 'o.status', 'o.amount', 'o.expected_close_date', 'o.closed_at', 'o.lost_reason', 'm.email as owner', 'o.account_id', 'o.primary_contact_id', 'o.external_ids'])
    .where('o.name', 'in', names)
    .where('o.deleted_at', 'is', null)
    .orderBy('o.name')
    .execute();

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
  sales = await staff('sales1@northwind.example');
});

describe('a HubSpot deals export', () => {
  it('places deals in their pipeline and stage, closes won and lost ones on their date, warns about what does not map, and re-imports to no change', async () => {
    const t = randomUUID().slice(0, 8);
    const db = ownerDb();
    const account = await db.insertInto('accounts').values({ org_id: admin.orgId, name: `Deal Corp ${t}` }).returning('id').executeTakeFirstOrThrow();
    const contact = await db.insertInto('contacts').values({ org_id: admin.orgId, last_name: 'Buyer', email: `buyer.${t}@example.com` }).returning('id').executeTakeFirstOrThrow();
    const rows = [
      ['Record ID', 'Deal Name', 'Pipeline', 'Deal Stage', 'Amount', 'Close Date', 'Deal owner', 'Associated Company', 'Associated Contact', 'Closed Lost Reason'],
      [`9001-${t}`, `Deal A ${t}`, 'Training sales', 'Negotiation', '12,500.00', '2027-03-31', 'sales1@northwind.example', `Deal Corp ${t}`, `buyer.${t}@example.com`, ''],
      // HubSpot's "Closed Won" is the default pipeline's "Won".
      [`9002-${t}`, `Deal B ${t}`, '', 'Closed Won', '3000', '2025-05-01', '', '', '', ''],
      [`9003-${t}`, `Deal C ${t}`, 'Corporate programmes', 'Lost', '', '2025-06-01', '', '', '', ''],
      [`9004-${t}`, `Deal D ${t}`, 'No such pipeline', 'Whatever', '10', '', 'nobody@example.com', 'Unknown Co', `nobody.${t}@example.com`, ''],
      ['', `Deal E ${t}`, '', '', '', '', '', '', '', ''],
      [`9001-${t}`, `Deal A ${t}`, '', '', '', '', '', '', '', ''],
    ];
    const { uploaded, dry, summary } = await importDeals(admin, csv(rows));
    expect(uploaded.match).toBe('external_id');
    const expected = {
      rows: 6,
      created: 4,
      updated: 0,
      unchanged: 0,
      duplicates_in_file: 1,
      refused: { missing_external_id: 1 },
      warnings: { unknown_pipeline: 1, unknown_stage_name: 1, unknown_owner: 1, unknown_account: 1, unknown_contact: 1 },
    };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);

    const deals = await dealsNamed([`Deal A ${t}`, `Deal B ${t}`, `Deal C ${t}`, `Deal D ${t}`]);
    expect(deals).toEqual([
      { name: `Deal A ${t}`, pipeline: 'Training sales', stage: 'Negotiation', status: 'open', amount: '12500.00', expected_close_date: '2027-03-31', closed_at: null, lost_reason: null, owner: 'sales1@northwind.example', account_id: account.id, primary_contact_id: contact.id, external_ids: [`hubspot:9001-${t}`] },
      { name: `Deal B ${t}`, pipeline: 'Training sales', stage: 'Won', status: 'won', amount: '3000.00', expected_close_date: '2025-05-01', closed_at: new Date('2025-05-01T12:00:00Z'), lost_reason: null, owner: null, account_id: null, primary_contact_id: null, external_ids: [`hubspot:9002-${t}`] },
      { name: `Deal C ${t}`, pipeline: 'Corporate programmes', stage: 'Lost', status: 'lost', amount: '0.00', expected_close_date: '2025-06-01', closed_at: new Date('2025-06-01T12:00:00Z'), lost_reason: 'Lost before it was imported', owner: null, account_id: null, primary_contact_id: null, external_ids: [`hubspot:9003-${t}`] },
      { name: `Deal D ${t}`, pipeline: 'Training sales', stage: 'Enquiry', status: 'open', amount: '10.00', expected_close_date: null, closed_at: null, lost_reason: null, owner: null, account_id: null, primary_contact_id: null, external_ids: [`hubspot:9004-${t}`] },
    ]);

    // The same export again changes nothing.
    const again = await importDeals(admin, csv(rows));
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
  });

  it('matches a sheet without ids on the deal name, moves the deal, and reverts the move', async () => {
    const t = randomUUID().slice(0, 8);
    const first = await importDeals(admin, csv([['Deal name', 'Stage', 'Amount'], [`Deal N ${t}`, 'Needs analysis', '500']]), { match: 'name' });
    expect(first.uploaded.match).toBe('name');
    expect(first.summary).toMatchObject({ created: 1 });
    const moved = await importDeals(admin, csv([['Deal name', 'Stage'], [`deal n ${t}`, 'Won']]), { match: 'name' });
    expect(moved.summary).toMatchObject({ created: 0, updated: 1 });
    expect((await dealsNamed([`Deal N ${t}`]))[0]).toMatchObject({ stage: 'Won', status: 'won', amount: '500.00' });
    await revertImportRequest(admin, moved.id);
    await drain();
    expect((await getImport(admin, moved.id)).revert_summary).toMatchObject({ restored: 1, conflicts: 0 });
    expect((await dealsNamed([`Deal N ${t}`]))[0]).toMatchObject({ stage: 'Needs analysis', status: 'open', closed_at: null });
    // The deal was changed since the first sheet created it: reverting that sheet keeps it.
    await revertImportRequest(admin, first.id);
    await drain();
    expect((await getImport(admin, first.id)).revert_summary).toMatchObject({ removed: 0, kept_edited: 1 });
    expect(await dealsNamed([`Deal N ${t}`])).toHaveLength(1);
  });

  it('leaves closed deals and the reasons people gave alone', async () => {
    const t = randomUUID().slice(0, 8);
    const db = ownerDb();
    const lost = await db.selectFrom('pipeline_stages').innerJoin('pipelines', 'pipelines.id', 'pipeline_stages.pipeline_id').select(['pipelines.id as pipeline', 'pipeline_stages.id as stage']).where('pipelines.org_id', '=', admin.orgId).where('is_default', '=', true).where('is_lost', '=', true).executeTakeFirstOrThrow();
    await db.insertInto('opportunities').values({ org_id: admin.orgId, name: `Renewal ${t}`, pipeline_id: lost.pipeline, stage_id: lost.stage, lost_reason: 'Price too high', closed_at: new Date('2025-01-10T00:00:00Z') }).execute();
    // A sheet's deal of the same name as last year's lost one is a new deal.
    const fresh = await importDeals(admin, csv([['Deal name', 'Stage'], [`Renewal ${t}`, 'Enquiry']]), { match: 'name' });
    expect(fresh.summary).toMatchObject({ created: 1, updated: 0 });
    const reasons = await db.selectFrom('opportunities').select(['status', 'lost_reason']).where('name', '=', `Renewal ${t}`).orderBy('created_at').execute();
    expect(reasons).toEqual([
      { status: 'lost', lost_reason: 'Price too high' },
      { status: 'open', lost_reason: null },
    ]);
    // An export that calls a deal lost without a reason keeps the reason it has.
    const ids = csv([['Record ID', 'Deal name', 'Deal stage', 'Close date'], [`L-${t}`, `Lost ${t}`, 'Closed Lost', '2025-02-01']]);
    await importDeals(admin, ids);
    await db.updateTable('opportunities').set({ lost_reason: 'Went with a competitor' }).where('name', '=', `Lost ${t}`).execute();
    const again = await importDeals(admin, ids);
    expect(again.summary).toMatchObject({ unchanged: 1 });
    expect((await dealsNamed([`Lost ${t}`]))[0]).toMatchObject({ lost_reason: 'Went with a competitor', closed_at: new Date('2025-02-01T12:00:00Z') });
  });

  it('gives a sales rep’s deals to the rep', async () => {
    const t = randomUUID().slice(0, 8);
    const { summary } = await importDeals(sales, csv([['Deal name', 'Amount'], [`Deal S ${t}`, '100']]), { match: 'name' });
    expect(summary).toMatchObject({ created: 1, refused: {} });
    expect((await dealsNamed([`Deal S ${t}`]))[0]?.owner).toBe('sales1@northwind.example');
  });
});
