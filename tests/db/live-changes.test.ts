/**
 * Live updates respect RLS: the change feed carries ids only, and a viewer is told about a
 * change only when they can see a changed row afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLead } from '../../lib/crm/leads';
import { ownerDb } from '../../lib/db/owner';
import { type Change, onChange } from '../../lib/live/change-feed';
import { visibleTo } from '../../lib/live/visible-changes';
import { staff } from './support';

const received: Change[] = [];
const stop = onChange((change) => received.push(change));
afterAll(() => stop());

async function changeFor(id: string): Promise<Change> {
  for (let i = 0; i < 50; i++) {
    const found = received.find((c) => c.ids?.includes(id));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no change notification for ${id}`);
}

describe('live change feed', () => {
  it('announces a new lead with its id, organisation and table, and no data', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the LISTEN connection comes up
    const sales2 = await staff('sales2@northwind.example');
    const lead = await createLead(sales2, { last_name: `Live ${randomUUID().slice(0, 6)}`, owner_id: sales2.userId });
    const change = await changeFor(lead.id);
    expect(change).toEqual({ t: 'leads', op: 'insert', org: sales2.orgId, ids: [lead.id], bulk: false });
  });

  it('tells the owner and a manager, but not another sales rep or another organisation', async () => {
    const [sales1, sales2, manager, contoso] = await Promise.all([
      staff('sales1@northwind.example'),
      staff('sales2@northwind.example'),
      staff('manager@northwind.example'),
      staff('admin@contoso.example'),
    ]);
    const lead = await createLead(sales2, { last_name: `Private ${randomUUID().slice(0, 6)}`, owner_id: sales2.userId });
    const change = await changeFor(lead.id);
    expect(await visibleTo(sales2, change)).toMatchObject({ t: 'leads', ids: [lead.id] });
    expect(await visibleTo(manager, change)).toMatchObject({ ids: [lead.id] });
    expect(await visibleTo(sales1, change)).toBeNull();
    expect(await visibleTo(contoso, change)).toBeNull();
  });

  it('announces a large change as one bulk notification instead of one per row', async () => {
    const before = received.length;
    const org = (await staff('manager@northwind.example')).orgId;
    await ownerDb().updateTable('leads').set({ score: 1 }).where('org_id', '=', org).where('score', '=', 0).execute();
    await ownerDb().updateTable('leads').set({ score: 0 }).where('org_id', '=', org).where('score', '=', 1).execute();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mine = received.slice(before).filter((c) => c.t === 'leads');
    expect(mine.length).toBeLessThanOrEqual(2);
  });
});
