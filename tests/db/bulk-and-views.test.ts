/**
 * Bulk actions report what changed and what was refused (and why) without letting one
 * refusal undo the rest; saved views are private to the person who saved them.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkUpdateLeads } from '../../lib/crm/bulk';
import { CrmError } from '../../lib/crm/errors';
import { createLead, getLead } from '../../lib/crm/leads';
import { deleteView, listSavedViews, saveView } from '../../lib/crm/saved-views';
import { ownerDb } from '../../lib/db/session';
import { type Staff, staff } from './support';

let sales1: Staff;
let sales2: Staff;
let manager: Staff;
beforeAll(async () => {
  [sales1, sales2, manager] = await Promise.all([staff('sales1@northwind.example'), staff('sales2@northwind.example'), staff('manager@northwind.example')]);
});

describe('bulk lead actions', () => {
  it('assigns what the user may change and reports the rest as refused, with a reason', async () => {
    const mine = await createLead(sales1, { last_name: 'Bulk Mine', owner_id: sales1.userId });
    const open = await createLead(manager, { last_name: 'Bulk Open', owner_id: null });
    const theirs = await createLead(sales2, { last_name: 'Bulk Theirs', owner_id: sales2.userId });
    const result = await bulkUpdateLeads(sales1, { ids: [mine.id, open.id, theirs.id], action: { kind: 'status', status: 'working' } });
    expect(result.changed.sort()).toEqual([mine.id, open.id].sort());
    expect(result.refused).toEqual([{ id: theirs.id, reason: 'Lead was not found, or you do not have access to it.' }]);
    expect((await getLead(sales1, mine.id)).status).toBe('working');
    expect((await getLead(sales2, theirs.id)).status).toBe('new');
  });

  it('lets a manager bulk-assign, trash and restore', async () => {
    const a = await createLead(manager, { last_name: 'Bulk A' });
    const b = await createLead(manager, { last_name: 'Bulk B' });
    const assigned = await bulkUpdateLeads(manager, { ids: [a.id, b.id], action: { kind: 'assign', owner_id: sales2.userId } });
    expect(assigned.changed).toHaveLength(2);
    expect((await getLead(manager, a.id)).owner_id).toBe(sales2.userId);
    await bulkUpdateLeads(manager, { ids: [a.id, b.id], action: { kind: 'trash' } });
    expect((await getLead(manager, a.id)).deleted_at).not.toBeNull();
    const restored = await bulkUpdateLeads(manager, { ids: [a.id, b.id], action: { kind: 'restore' } });
    expect(restored.changed).toHaveLength(2);
    expect((await getLead(manager, b.id)).deleted_at).toBeNull();
  });

  it('refuses an empty or oversized selection before touching anything', async () => {
    await expect(bulkUpdateLeads(manager, { ids: [], action: { kind: 'trash' } })).rejects.toBeInstanceOf(CrmError);
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    await expect(bulkUpdateLeads(manager, { ids: tooMany, action: { kind: 'trash' } })).rejects.toMatchObject({ kind: 'validation' });
  });
});

describe('saved views', () => {
  it('are private to the person who saved them', async () => {
    await saveView(sales1, { list: 'leads', name: 'Hot webinar leads', query: '?status=working&source=webinar&cursor=abc' });
    const mine = await listSavedViews(sales1, 'leads');
    expect(mine.find((v) => v.name === 'Hot webinar leads')?.query).toBe('status=working&source=webinar');
    expect((await listSavedViews(sales2, 'leads')).find((v) => v.name === 'Hot webinar leads')).toBeUndefined();
    const view = mine.find((v) => v.name === 'Hot webinar leads') as { id: string };
    await deleteView(sales2, view.id); // someone else's delete touches nothing
    expect(await ownerDb().selectFrom('saved_views').select('id').where('id', '=', view.id).executeTakeFirst()).toBeDefined();
    await deleteView(sales1, view.id);
    expect(await ownerDb().selectFrom('saved_views').select('id').where('id', '=', view.id).executeTakeFirst()).toBeUndefined();
  });
});
