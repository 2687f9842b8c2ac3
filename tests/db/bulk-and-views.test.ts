/**
 * Bulk actions report what changed and what was refused (and why) without letting one
 * refusal undo the rest; saved views are private to the person who saved them.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkUpdate } from '../../lib/crm/bulk';
import { CrmError } from '../../lib/crm/errors';
import { createAccount } from '../../lib/crm/accounts';
import { createContact } from '../../lib/crm/contacts';
import { createLead, getLead } from '../../lib/crm/leads';
import { createOpportunity, listPipelines } from '../../lib/crm/opportunities';
import { listTrash } from '../../lib/crm/trash';
import { deleteView, listSavedViews, saveView } from '../../lib/crm/saved-views';
import { ownerDb } from '../../lib/db/owner';
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
    const result = await bulkUpdate(sales1, 'leads', { ids: [mine.id, open.id, theirs.id], action: { kind: 'status', status: 'working' } });
    expect(result.changed.sort()).toEqual([mine.id, open.id].sort());
    expect(result.refused).toEqual([{ id: theirs.id, reason: 'Lead was not found, or you do not have access to it.' }]);
    expect((await getLead(sales1, mine.id)).status).toBe('working');
    expect((await getLead(sales2, theirs.id)).status).toBe('new');
  });

  it('lets a manager bulk-assign, trash and restore', async () => {
    const a = await createLead(manager, { last_name: 'Bulk A' });
    const b = await createLead(manager, { last_name: 'Bulk B' });
    const assigned = await bulkUpdate(manager, 'leads', { ids: [a.id, b.id], action: { kind: 'assign', owner_id: sales2.userId } });
    expect(assigned.changed).toHaveLength(2);
    expect((await getLead(manager, a.id)).owner_id).toBe(sales2.userId);
    await bulkUpdate(manager, 'leads', { ids: [a.id, b.id], action: { kind: 'trash' } });
    expect((await getLead(manager, a.id)).deleted_at).not.toBeNull();
    const restored = await bulkUpdate(manager, 'leads', { ids: [a.id, b.id], action: { kind: 'restore' } });
    expect(restored.changed).toHaveLength(2);
    expect((await getLead(manager, b.id)).deleted_at).toBeNull();
  });

  it('tags and untags only leads the rep can see: another rep’s lead is refused both ways', async () => {
    const mine = await createLead(sales1, { last_name: 'Tag Mine', owner_id: sales1.userId });
    const theirs = await createLead(sales2, { last_name: 'Tag Theirs', owner_id: sales2.userId });
    const tag = await ownerDb().insertInto('tags').values({ org_id: sales1.orgId, name: `bulk-tag-${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow();
    await ownerDb().insertInto('taggings').values({ org_id: sales1.orgId, tag_id: tag.id, lead_id: theirs.id }).execute();
    const refusal = [{ id: theirs.id, reason: 'Lead was not found, or you do not have access to it.' }];

    const added = await bulkUpdate(sales1, 'leads', { ids: [mine.id, theirs.id], action: { kind: 'tag', tag_id: tag.id, remove: false } });
    expect(added).toEqual({ changed: [mine.id], refused: refusal });
    const removed = await bulkUpdate(sales1, 'leads', { ids: [mine.id, theirs.id], action: { kind: 'tag', tag_id: tag.id, remove: true } });
    expect(removed).toEqual({ changed: [mine.id], refused: refusal });
    const left = await ownerDb().selectFrom('taggings').select('lead_id').where('tag_id', '=', tag.id).execute();
    expect(left).toEqual([{ lead_id: theirs.id }]);
  });

  it('refuses an empty or oversized selection before touching anything', async () => {
    await expect(bulkUpdate(manager, 'leads', { ids: [], action: { kind: 'trash' } })).rejects.toBeInstanceOf(CrmError);
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    await expect(bulkUpdate(manager, 'leads', { ids: tooMany, action: { kind: 'trash' } })).rejects.toMatchObject({ kind: 'validation' });
  });
});

describe('bulk actions on contacts, accounts and opportunities', () => {
  /** One record of each kind for `owner`, created by them (or a manager for nobody's). */
  async function recordsOf(owner: Staff) {
    const tag = randomUUID().slice(0, 6);
    const [pipeline] = await listPipelines(owner);
    const stage = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    return {
      contacts: (await createContact(owner, { last_name: `Bulk ${tag}`, owner_id: owner.userId })).id,
      accounts: (await createAccount(owner, { name: `Bulk Co ${tag}`, owner_id: owner.userId })).id,
      opportunities: (await createOpportunity(owner, { name: `Bulk deal ${tag}`, pipeline_id: pipeline?.id, stage_id: stage?.id, owner_id: owner.userId })).id,
    };
  }
  const ownerOf = (table: 'contacts' | 'accounts' | 'opportunities', id: string) =>
    ownerDb().selectFrom(table).select(['owner_id', 'deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();

  // Reps see every live account but other reps' contacts and deals not at all: the reasons differ.
  const refusals = {
    contacts: 'Contact was not found, or you do not have access to it.',
    accounts: 'You do not have permission to change this account.',
    opportunities: 'Opportunity was not found, or you do not have access to it.',
  };

  it('a sales rep changes their own rows and is refused another rep’s, with a reason', async () => {
    const [mine, theirs] = [await recordsOf(sales1), await recordsOf(sales2)];
    for (const entity of ['contacts', 'accounts', 'opportunities'] as const) {
      const result = await bulkUpdate(sales1, entity, { ids: [mine[entity], theirs[entity]], action: { kind: 'trash' } });
      expect(result.changed, entity).toEqual([mine[entity]]);
      expect(result.refused, entity).toEqual([{ id: theirs[entity], reason: refusals[entity] }]);
      expect((await ownerOf(entity, theirs[entity])).deleted_at, entity).toBeNull();
    }
  });

  it('a manager assigns, tags, trashes and restores; the trash lists what was deleted', async () => {
    const rows = await recordsOf(sales1);
    const tagRow = await ownerDb().insertInto('tags').values({ org_id: manager.orgId, name: `bulk-${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow();
    for (const entity of ['contacts', 'accounts', 'opportunities'] as const) {
      expect((await bulkUpdate(manager, entity, { ids: [rows[entity]], action: { kind: 'assign', owner_id: sales2.userId } })).changed).toEqual([rows[entity]]);
      expect((await ownerOf(entity, rows[entity])).owner_id).toBe(sales2.userId);
      await bulkUpdate(manager, entity, { ids: [rows[entity]], action: { kind: 'tag', tag_id: tagRow.id, remove: false } });
      await bulkUpdate(manager, entity, { ids: [rows[entity]], action: { kind: 'trash' } });
      expect((await listTrash(manager, entity)).map((r) => r.id)).toContain(rows[entity]);
      expect((await listTrash(sales1, entity)).map((r) => r.id), 'a rep sees no deleted row they do not own').not.toContain(rows[entity]);
      await bulkUpdate(manager, entity, { ids: [rows[entity]], action: { kind: 'restore' } });
      expect((await ownerOf(entity, rows[entity])).deleted_at).toBeNull();
    }
    const tagged = await ownerDb().selectFrom('taggings').select(['contact_id', 'account_id', 'opportunity_id']).where('tag_id', '=', tagRow.id).execute();
    expect(tagged).toHaveLength(3);
  });

  it('marketing cannot tag opportunities, which it cannot read', async () => {
    const marketing = await staff('marketing@northwind.example');
    const rows = await recordsOf(manager);
    const tag = await ownerDb().insertInto('tags').values({ org_id: manager.orgId, name: `bulk-mkt-${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow();
    const result = await bulkUpdate(marketing, 'opportunities', { ids: [rows.opportunities], action: { kind: 'tag', tag_id: tag.id, remove: false } });
    expect(result).toEqual({ changed: [], refused: [{ id: rows.opportunities, reason: refusals.opportunities }] });
    expect(await ownerDb().selectFrom('taggings').select('id').where('tag_id', '=', tag.id).execute()).toEqual([]);
  });

  it('refuses a lead-only action on another list, naming what is wrong', async () => {
    const rows = await recordsOf(manager);
    await expect(bulkUpdate(manager, 'contacts', { ids: [rows.contacts], action: { kind: 'status', status: 'working' } })).rejects.toMatchObject({ kind: 'validation' });
    await expect(bulkUpdate(manager, 'accounts', { ids: [], action: { kind: 'trash' } })).rejects.toMatchObject({ message: expect.any(String), fieldErrors: { ids: ['Select at least one account.'] } });
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
