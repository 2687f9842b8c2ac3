/**
 * Duplicate accounts at the database: pairs found by domain and by company name (legal forms
 * set aside), seen only by who sees both accounts; a merge moves every row that points at an
 * account (checked against the catalog) and is undone as far as nothing was edited since;
 * only admins and managers of the organisation merge.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountMergeCandidates, defaultAccountMergeChoice, mergeAccounts } from '../../lib/crm/account-merges';
import { duplicateQueue, duplicatesOf, mergesInto, unmergeRecords } from '../../lib/crm/merges';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { asAnonRolledBack, isRlsDenial, kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let manager: Staff & { role: 'manager' };
let sales1: Staff & { role: 'sales' };
let viewer: Staff & { role: 'viewer' };
let contosoAdmin: Staff & { role: 'admin' };
const db = () => ownerDb();

async function account(org: string, values: Record<string, unknown> = {}): Promise<string> {
  const t = randomUUID().slice(0, 8);
  const row = await db()
    .insertInto('accounts')
    .values({ org_id: org, name: `Zephyr ${t} Holdings`, ...values } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An account with a row in every table that points at accounts. */
async function accountEverywhere(org: string) {
  const id = await account(org, { industry: 'Aviation', employee_count: 120, external_ids: [`hubspot:${randomUUID().slice(0, 6)}`] });
  const one = async (table: string, values: Record<string, unknown>) => (await db().insertInto(table as 'activities').values(values as never).returning('id').executeTakeFirstOrThrow()).id;
  const contact = await one('contacts', { org_id: org, last_name: 'Employee', email: `emp.${randomUUID().slice(0, 8)}@example.com`, account_id: id });
  await one('activities', { org_id: org, kind: 'note', subject: 'Account note', account_id: id });
  const tag = await db().selectFrom('tags').select('id').where('org_id', '=', org).executeTakeFirstOrThrow();
  await one('taggings', { org_id: org, tag_id: tag.id, account_id: id });
  const stage = await db().selectFrom('pipeline_stages').select(['id', 'pipeline_id']).where('org_id', '=', org).where('is_won', '=', false).where('is_lost', '=', false).executeTakeFirstOrThrow();
  await one('opportunities', { org_id: org, name: 'Account deal', pipeline_id: stage.pipeline_id, stage_id: stage.id, account_id: id });
  const course = await db().selectFrom('courses').select('id').where('org_id', '=', org).executeTakeFirstOrThrow();
  const session = await one('course_sessions', { org_id: org, course_id: course.id, starts_at: '2027-03-01T09:00Z', ends_at: '2027-03-01T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/m', capacity: 30 });
  await one('enrollments', { org_id: org, session_id: session, contact_id: contact, paying_account_id: id });
  await one('leads', { org_id: org, last_name: 'Converted', email: `conv.${randomUUID().slice(0, 6)}@example.com`, status: 'converted', converted_at: new Date(), converted_contact_id: contact, converted_account_id: id });
  return { id, contact, tag: tag.id };
}

const letters = () => [...randomUUID().replace(/-/g, '').slice(0, 12)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
const samePair = (x: string, y: string) => (p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join();

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  manager = { ...(await staff('manager@northwind.example')), role: 'manager' };
  sales1 = { ...(await staff('sales1@northwind.example')), role: 'sales' };
  viewer = { ...(await staff('viewer@northwind.example')), role: 'viewer' };
  contosoAdmin = { ...(await staff('admin@contoso.example')), role: 'admin' };
});

describe('account merge references', () => {
  it('list every column that points at an account (a new one fails here until the merge moves it)', async () => {
    const { rows } = await sql<{ reference: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as reference
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[array_length(c.conkey, 1)]
       where c.contype = 'f' and c.confrelid = 'public.accounts'::regclass and c.conrelid <> 'public.accounts'::regclass`.execute(db());
    const { rows: listed } = await sql<{ reference: string }>`select table_name || '.' || column_name as reference from private.merge_references where object = 'accounts'`.execute(db());
    const handled = new Set(listed.map((r) => r.reference));
    expect(rows.map((r) => r.reference.replace(/^public\./, '')).filter((r) => !handled.has(r))).toEqual([]);
  });
});

describe('finding duplicate accounts', () => {
  it('reads company names without case, punctuation or legal form, and tells neighbouring names apart', async () => {
    const alike = async (a: string, b: string) => (await sql<{ v: boolean }>`select private.alike_companies(${a}, ${b}) as v`.execute(db())).rows[0]?.v;
    expect(await alike('ACME Ltd.', 'Acme Limited')).toBe(true);
    expect(await alike('Müller GmbH', 'MÜLLER AG')).toBe(true);
    expect(await alike('Northwind Traders Inc', 'Northwind Trader')).toBe(true);
    expect(await alike('Acme North', 'Acme South')).toBe(false);
    expect(await alike('Group', 'Group Ltd')).toBe(false);
  });

  it('pairs the same domain and a similar company name, and shows a pair only to who sees both accounts', async () => {
    // Letters only, long enough that names of earlier runs never look alike.
    const t = letters();
    const domain = `acme-${t}.example`;
    const a = await account(admin.orgId, { name: `Acme ${t} Ltd.`, owner_id: sales1.userId });
    const b = await account(admin.orgId, { name: `ACME ${t} Limited` });
    const c = await account(admin.orgId, { name: `Orbital ${t} Logistics`, domain });
    const d = await account(admin.orgId, { name: `Skyline ${t} Freight`, domain });
    const e = await account(admin.orgId, { name: `Beacon ${t} Analytics` });
    const f = await account(admin.orgId, { name: `Quasar ${t} GmbH`, domain: `quasar-${t}.example` });
    const g = await account(admin.orgId, { name: `Quasar ${t}`, domain: `quasar-${t}.example` });
    const queue = (await duplicateQueue(manager, 200, undefined, 'accounts')).rows;
    expect(queue.find(samePair(a, b))?.reason).toBe('name');
    expect(queue.find(samePair(c, d))).toMatchObject({ reason: 'domain', confidence: 0.9 });
    expect(queue.find(samePair(c, d))?.a.details).toEqual([domain]);
    expect(queue.some((p) => [p.a.id, p.b.id].includes(e))).toBe(false);
    // Alike in both ways: listed once, for the surer reason.
    expect(queue.filter(samePair(f, g)).map((p) => p.reason)).toEqual(['domain']);
    // Page by page too: each pair on one page only, however many rows found it.
    const paged: { a: { id: string }; b: { id: string } }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { rows, nextCursor } = await duplicateQueue(manager, 2, cursor, 'accounts');
      paged.push(...rows);
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    // (The demo's company entered twice has four rows: both ways, for both reasons.)
    const keys = paged.map((p) => [p.a.id, p.b.id].sort().join());
    expect(keys.length).toBeGreaterThan(3);
    expect(new Set(keys).size).toBe(keys.length);
    expect(paged.filter(samePair(f, g))).toHaveLength(1);
    expect((await duplicatesOf(manager, 'accounts', b)).map((x) => [x.id, x.reason])).toEqual([[a, 'name']]);

    // Another organisation sees neither the pair nor the accounts; read directly, the pair is hidden too.
    expect((await duplicateQueue(contosoAdmin, 200, undefined, 'accounts')).rows.some(samePair(a, b))).toBe(false);
    const pairsOfB = (who: Staff) => withUser(who, (tx) => tx.selectFrom('account_duplicates').select('duplicate_of').where('account_id', '=', b).execute());
    expect((await pairsOfB(viewer)).map((r) => r.duplicate_of)).toEqual([a]);
    expect(await pairsOfB(contosoAdmin)).toEqual([]);
    expect(await asAnonRolledBack((tx) => tx.selectFrom('account_duplicates').select('id').execute()).catch((error: unknown) => (isRlsDenial(error) ? 'denied' : error))).toBe('denied');

    // Renamed apart, the pair leaves the queue; in the trash, too.
    await db().updateTable('accounts').set({ name: `Entirely ${t} Different` }).where('id', '=', b).execute();
    expect((await duplicateQueue(manager, 200, undefined, 'accounts')).rows.some(samePair(a, b))).toBe(false);
    await db().updateTable('accounts').set({ deleted_at: new Date() }).where('id', '=', d).execute();
    expect((await duplicateQueue(manager, 200, undefined, 'accounts')).rows.some(samePair(c, d))).toBe(false);
  });
});

describe('merging accounts', () => {
  it('moves every related row to the survivor, takes the chosen values, and undoes all of it', async () => {
    const survivor = await account(admin.orgId, { industry: null, external_ids: ['salesforce:001A'] });
    const other = await accountEverywhere(admin.orgId);
    const candidates = await accountMergeCandidates(manager, [survivor, other.id]);
    expect(candidates.map((c) => c.id)).toEqual([survivor, other.id]);
    expect(candidates[1]?.related).toEqual({ contacts: 1, opportunities: 1, activities: 1, bookings: 1, leads: 1 });
    // Empty fields default to the other account's value; the kept account's name stays.
    const choice = defaultAccountMergeChoice(candidates[0] as never, [candidates[1] as never]);
    expect(choice).toMatchObject({ name: survivor, industry: other.id, employee_count: other.id });

    const { mergeId } = await mergeAccounts(manager, { survivor, merged: [other.id], choice });
    const kept = await db().selectFrom('accounts').selectAll().where('id', '=', survivor).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ industry: 'Aviation', employee_count: 120, deleted_at: null });
    expect(kept.external_ids).toHaveLength(2);
    expect(await db().selectFrom('accounts').select(['merged_into']).where('id', '=', other.id).where('deleted_at', 'is not', null).executeTakeFirstOrThrow()).toEqual({ merged_into: survivor });
    const { rows: references } = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from private.merge_references where object = 'accounts'`.execute(db());
    const pointing = async (target: string, ref: { table_name: string; column_name: string }) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`public.${ref.table_name}`)} where ${sql.ref(ref.column_name)} = ${target}::uuid`.execute(db())).rows[0]?.n;
    for (const ref of references) expect(await pointing(other.id, ref), `${ref.table_name}.${ref.column_name} still points at the merged account`).toBe(0);
    expect((await mergesInto(manager, 'accounts', survivor)).map((m) => m.merged_names)).toEqual([[candidates[1]?.name]]);
    // Not offered on a contact's page (another object), nor to a rep.
    expect(await mergesInto(manager, 'contacts', survivor)).toEqual([]);
    expect(await mergesInto(sales1, 'accounts', survivor)).toEqual([]);

    // An id the kept account gained after the merge stays with it on undo; the merged account's leaves.
    await db().updateTable('accounts').set({ external_ids: [...kept.external_ids, 'hubspot:later'] }).where('id', '=', survivor).execute();
    const summary = await unmergeRecords(manager, mergeId);
    expect(summary).toEqual({ fields_kept: [], rows_not_moved_back: 0 });
    expect(await db().selectFrom('accounts').select(['industry', 'employee_count', 'external_ids']).where('id', '=', survivor).executeTakeFirstOrThrow()).toEqual({ industry: null, employee_count: null, external_ids: ['salesforce:001A', 'hubspot:later'] });
    expect(await db().selectFrom('accounts').select(['deleted_at', 'merged_into']).where('id', '=', other.id).executeTakeFirstOrThrow()).toEqual({ deleted_at: null, merged_into: null });
    for (const ref of references) expect(await pointing(other.id, ref), `${ref.table_name}.${ref.column_name} came back`).toBeGreaterThan(0);
    expect(await kindOf(unmergeRecords(manager, mergeId))).toBe('validation');
  });

  it('drops a tagging the survivor already has and brings it back on undo; keeps a field edited since', async () => {
    const a = await accountEverywhere(admin.orgId);
    const b = await accountEverywhere(admin.orgId);
    const { mergeId } = await mergeAccounts(admin, { survivor: a.id, merged: [b.id] });
    expect(await db().selectFrom('taggings').select('id').where('account_id', '=', a.id).where('tag_id', '=', a.tag).execute()).toHaveLength(1);
    expect(await unmergeRecords(admin, mergeId)).toEqual({ fields_kept: [], rows_not_moved_back: 0 });
    expect(await db().selectFrom('taggings').select('id').where('account_id', '=', b.id).where('tag_id', '=', b.tag).execute()).toHaveLength(1);

    const c = await account(admin.orgId, { industry: 'Rail' });
    const d = await account(admin.orgId, { industry: 'Maritime' });
    const second = await mergeAccounts(admin, { survivor: c, merged: [d], choice: { industry: d } });
    await db().updateTable('accounts').set({ industry: 'Logistics' }).where('id', '=', c).execute();
    expect(await unmergeRecords(admin, second.mergeId)).toEqual({ fields_kept: ['industry'], rows_not_moved_back: 0 });
    expect(await db().selectFrom('accounts').select('industry').where('id', '=', c).executeTakeFirstOrThrow()).toEqual({ industry: 'Logistics' });
  });

  it('is for admins and managers of the organisation only, and refuses what is not a merge', async () => {
    const a = await account(admin.orgId, { owner_id: sales1.userId });
    const b = await account(admin.orgId, { owner_id: sales1.userId });
    expect(await kindOf(mergeAccounts(sales1, { survivor: a, merged: [b] }))).toBe('forbidden');
    // Called directly as a rep, a viewer or another organisation's admin, the database refuses.
    for (const who of [sales1, viewer, contosoAdmin]) {
      const error = await withUser(who, (tx) => sql`select private.merge_records('accounts', ${a}::uuid, ${[b]}::uuid[], '{}'::jsonb)`.execute(tx)).catch((e: unknown) => e);
      expect((error as { code?: string }).code, who.email).toBe('42501');
    }
    const { role: _c, ...outsider } = contosoAdmin;
    expect(await kindOf(mergeAccounts({ ...outsider, orgId: admin.orgId }, { survivor: a, merged: [b] }))).not.toBe('ok');
    // Not a merge: the same account twice, none, a value from outside, another object, a field that is not the account's.
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [a] }))).toBe('validation');
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [] }))).toBe('validation');
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [b], choice: { name: randomUUID() } }))).toBe('validation');
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [b], choice: { org_id: b } }))).toBe('validation');
    for (const [object, fields] of [
      ['organizations', {}],
      ['accounts', { org_id: randomUUID() }],
      ['accounts', { deleted_at: null }],
    ] as const) {
      const error = await withUser(manager, (tx) => sql`select private.merge_records(${object}, ${a}::uuid, ${[b]}::uuid[], ${JSON.stringify(fields)}::jsonb)`.execute(tx)).catch((e: unknown) => e);
      expect((error as { constraint?: string }).constraint, `${object} ${JSON.stringify(fields)}`).toBe('merge_refused');
    }
    expect(await db().selectFrom('accounts').select('deleted_at').where('id', 'in', [a, b]).execute()).toEqual([{ deleted_at: null }, { deleted_at: null }]);
    // A contact id is not an account.
    const contact = await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [contact.id] }))).toBe('not_found');
    expect(await kindOf(mergeAccounts(manager, { survivor: a, merged: [b] }))).toBe('ok');
    expect(await kindOf(accountMergeCandidates(manager, [a, b]))).toBe('not_found');
  });
});
