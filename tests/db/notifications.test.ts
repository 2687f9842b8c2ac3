/**
 * The bell: who is told what, once, by whom — written by the database as records change and
 * tasks fall due, each person's own, marked read by them, kept 90 days. (RLS of the table is in
 * the workspace matrix.)
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkUpdate } from '../../lib/crm/bulk';
import { listPipelines, moveOpportunity } from '../../lib/crm/opportunities';
import { recordServices } from '../../lib/crm/record-services';
import { ownerDb } from '../../lib/db/owner';
import { asService } from '../../lib/db/session';
import { markRead, myInbox } from '../../lib/notifications/inbox';
import { type Staff, staff } from './support';

let manager: Staff;
let sales1: Staff;
let sales2: Staff;
const tag = () => randomUUID().slice(0, 8);
const notes = (userId: string, since: Date) =>
  ownerDb().selectFrom('notifications').select(['kind', 'title', 'href', 'record_id', 'actor_id']).where('user_id', '=', userId).where('created_at', '>=', since).orderBy('created_at').execute();

beforeAll(async () => {
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
});

describe('notifications', () => {
  it('tells a rep when someone else assigns them a record — by name for one, as a count for many — and not when they take it themselves', async () => {
    const since = new Date(Date.now() - 1000);
    const name = `Assigned ${tag()}`;
    const lead = await recordServices.leads.create(manager, { last_name: name, owner_id: sales1.userId });
    await recordServices.leads.create(sales1, { last_name: `Mine ${tag()}`, owner_id: sales1.userId });
    const mine = await notes(sales1.userId, since);
    expect(mine).toEqual([{ kind: 'assigned', title: `Marcus Okafor assigned you the lead ${name}`, href: `/leads/${lead.id}`, record_id: lead.id, actor_id: manager.userId }]);

    const contacts = await Promise.all([1, 2, 3].map((n) => recordServices.contacts.create(manager, { last_name: `Bulk ${n} ${tag()}` })));
    const before = new Date();
    await bulkUpdate(manager, 'contacts', { ids: contacts.map((c) => c.id), action: { kind: 'assign', owner_id: sales2.userId } });
    expect(await notes(sales2.userId, before)).toEqual([
      { kind: 'assigned', title: 'Marcus Okafor assigned you 3 contacts', href: '/contacts?owner=me', record_id: null, actor_id: manager.userId },
    ]);
  });

  it('tells an owner when someone else moves their deal, naming the stage', async () => {
    const [pipeline] = await listPipelines(manager);
    const [first, second] = pipeline?.stages ?? [];
    const name = `Moved ${tag()}`;
    const deal = await recordServices.opportunities.create(sales1, { name, pipeline_id: pipeline?.id, stage_id: first?.id, owner_id: sales1.userId });
    const since = new Date();
    await moveOpportunity(sales1, { id: deal.id, stage_id: second?.id });
    expect(await notes(sales1.userId, since)).toEqual([]);
    await moveOpportunity(manager, { id: deal.id, stage_id: first?.id });
    expect(await notes(sales1.userId, since)).toEqual([
      { kind: 'deal_moved', title: `Marcus Okafor moved your deal ${name} to ${first?.name}`, href: `/opportunities/${deal.id}`, record_id: deal.id, actor_id: manager.userId },
    ]);
  });

  it('announces a task due within the hour once, and an overdue one; forgets what is older than 90 days', async () => {
    const contact = await recordServices.contacts.create(sales1, { last_name: `Task ${tag()}`, owner_id: sales1.userId });
    const soon = await ownerDb()
      .insertInto('activities')
      .values({ org_id: sales1.orgId, kind: 'task', subject: `Call back ${tag()}`, due_at: new Date(Date.now() + 30 * 60_000), owner_id: sales1.userId, contact_id: contact.id })
      .returning(['id', 'subject'])
      .executeTakeFirstOrThrow();
    const late = await ownerDb()
      .insertInto('activities')
      .values({ org_id: sales1.orgId, kind: 'task', subject: `Send quote ${tag()}`, due_at: new Date(Date.now() - 3600_000), owner_id: sales1.userId, contact_id: contact.id })
      .returning(['id', 'subject'])
      .executeTakeFirstOrThrow();
    const ancient = await ownerDb()
      .insertInto('notifications')
      .values({ org_id: sales1.orgId, user_id: sales1.userId, kind: 'assigned', title: 'Long ago', created_at: new Date(Date.now() - 91 * 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const raise = () => asService('test: task notices', (tx) => sql<{ n: number }>`select private.raise_task_notices() as n`.execute(tx));
    await raise();
    await raise();
    const tasks = await ownerDb().selectFrom('notifications').select(['title', 'record_id']).where('kind', '=', 'task_due').where('record_id', 'in', [soon.id, late.id]).orderBy('title').execute();
    expect(tasks).toEqual([
      { title: `Due within the hour: ${soon.subject}`, record_id: soon.id },
      { title: `Overdue: ${late.subject}`, record_id: late.id },
    ]);
    expect(await ownerDb().selectFrom('notifications').select('id').where('id', '=', ancient.id).execute()).toEqual([]);
  });

  it('shows each person their own, counts the unread and marks them read', async () => {
    await recordServices.leads.create(manager, { last_name: `Inbox ${tag()}`, owner_id: sales2.userId });
    const inbox = await myInbox(sales2);
    expect(inbox.unread).toBeGreaterThan(0);
    expect(inbox.latest[0]?.title).toMatch(/^Marcus Okafor assigned you the lead Inbox/);
    expect((await myInbox(sales1)).latest.some((n) => n.title.includes('Inbox'))).toBe(false);
    await markRead(sales2, [inbox.latest[0]?.id]);
    expect((await myInbox(sales2)).unread).toBe(inbox.unread - 1);
    await markRead(sales2, 'all');
    expect((await myInbox(sales2)).unread).toBe(0);
    // Someone else's notification id changes nothing.
    const theirs = (await myInbox(sales1)).latest.find((n) => !n.read);
    if (theirs) {
      await markRead(sales2, [theirs.id]);
      expect((await myInbox(sales1)).latest.find((n) => n.id === theirs.id)?.read).toBe(false);
    }
  });

  it('leads only inside the app', async () => {
    const outside = await ownerDb()
      .insertInto('notifications')
      .values({ org_id: sales1.orgId, user_id: sales1.userId, kind: 'assigned', title: 'Phish', href: 'https://evil.example/login' })
      .execute()
      .then(() => 'stored', (e: { code?: string }) => e.code);
    expect(outside).toBe('23514');
  });
});
