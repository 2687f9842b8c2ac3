/**
 * Duplicate leads at the database: pairs by mailbox, phone and a similar name at the same
 * company, never with a converted lead, seen only by who sees both leads; a merge moves every
 * row that points at a lead (checked against the catalog) and is undone; a converted lead is
 * not merged; only admins and managers of the organisation merge.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLeadMergeChoice, leadMergeCandidates, mergeLeads } from '../../lib/crm/lead-merges';
import { duplicateQueue, duplicatesOf, unmergeRecords } from '../../lib/crm/merges';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let manager: Staff & { role: 'manager' };
let sales1: Staff & { role: 'sales' };
let sales2: Staff & { role: 'sales' };
let contosoAdmin: Staff & { role: 'admin' };
const db = () => ownerDb();
/** Letters only, long enough that names of earlier runs never look alike. */
const letters = () => [...randomUUID().replace(/-/g, '').slice(0, 12)].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');

async function lead(org: string, values: Record<string, unknown> = {}): Promise<string> {
  const t = letters();
  const row = await db().insertInto('leads').values({ org_id: org, first_name: 'Sam', last_name: `Lead${t}`, email: `sam.${t}@example.com`, ...values } as never).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A lead with a row in every table that points at leads. */
async function leadEverywhere(org: string) {
  const id = await lead(org, { score: 40, job_title: 'Buyer' });
  const one = async (table: string, values: Record<string, unknown>) => (await db().insertInto(table as 'activities').values(values as never).returning('id').executeTakeFirstOrThrow()).id;
  await one('activities', { org_id: org, kind: 'call', subject: 'Lead call', lead_id: id });
  const tag = await db().selectFrom('tags').select('id').where('org_id', '=', org).executeTakeFirstOrThrow();
  await one('taggings', { org_id: org, tag_id: tag.id, lead_id: id });
  await one('consent_events', { org_id: org, lead_id: id, purpose: 'marketing_email', granted: true, source: 'web_form' });
  await one('consent_confirmations', { org_id: org, lead_id: id, purpose: 'partner_offers', token_hash: randomUUID().replace(/-/g, '').padEnd(64, '0'), text_shown: 'Yes', proof: {}, expires_at: new Date(Date.now() + 86_400_000) });
  await one('email_messages', { org_id: org, template: 'welcome', category: 'marketing', recipient_email: 'x@example.com', lead_id: id, idempotency_key: `lead-merge-${randomUUID()}`, subject: 'Hi' });
  const segment = await one('segments', { org_id: org, name: `Lead merge ${letters()}`, audience: 'leads', filter: {} });
  const campaign = await one('campaigns', { org_id: org, name: `Lead merge ${letters()}`, segment_id: segment, template: 'welcome', status: 'draft' });
  await one('campaign_recipients', { org_id: org, campaign_id: campaign, lead_id: id, enqueued_run: 1 });
  const sequence = await one('sequences', { org_id: org, name: `Lead merge ${letters()}` });
  await one('sequence_enrollments', { org_id: org, sequence_id: sequence, lead_id: id, next_run_at: new Date() });
  await one('score_signals', { org_id: org, lead_id: id, event: 'form_submitted', occurred_at: new Date(), source_id: randomUUID() });
  return { id, tag: tag.id };
}

const samePair = (x: string, y: string) => (p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join();

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  manager = { ...(await staff('manager@northwind.example')), role: 'manager' };
  sales1 = { ...(await staff('sales1@northwind.example')), role: 'sales' };
  sales2 = { ...(await staff('sales2@northwind.example')), role: 'sales' };
  contosoAdmin = { ...(await staff('admin@contoso.example')), role: 'admin' };
});

describe('lead merge references', () => {
  it('list every column that points at a lead (a new one fails here until the merge moves it)', async () => {
    const { rows } = await sql<{ reference: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as reference
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[array_length(c.conkey, 1)]
       where c.contype = 'f' and c.confrelid = 'public.leads'::regclass and c.conrelid <> 'public.leads'::regclass`.execute(db());
    const { rows: listed } = await sql<{ reference: string }>`select table_name || '.' || column_name as reference from private.merge_references where object = 'leads'`.execute(db());
    const handled = new Set(listed.map((r) => r.reference));
    expect(rows.map((r) => r.reference.replace(/^public\./, '')).filter((r) => !handled.has(r))).toEqual([]);
    expect(handled.has('audit_log.subject_lead_id')).toBe(true);
  });
});

describe('finding duplicate leads', () => {
  it('pairs the same mailbox, the same phone and a similar name at one company, never a converted lead, under the reader’s RLS', async () => {
    const t = letters();
    const a = await lead(admin.orgId, { email: `jo.${t}@gmail.com`, owner_id: sales1.userId });
    const b = await lead(admin.orgId, { email: `JO${t}+news@googlemail.com`, owner_id: sales1.userId });
    const c = await lead(admin.orgId, { first_name: 'Kim', last_name: `Park${t}`, company_name: `Vertex ${t} Ltd` });
    const d = await lead(admin.orgId, { first_name: 'Kimberly', last_name: `Park${t}`, company_name: `VERTEX ${t} Limited` });
    const converted = await lead(admin.orgId, { email: `jo.${t}@gmail.com`, status: 'converted', converted_at: new Date(), converted_contact_id: (await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow()).id });
    const queue = (await duplicateQueue(manager, 200, undefined, 'leads')).rows;
    expect(queue.find(samePair(a, b))?.reason).toBe('email');
    expect(queue.find(samePair(c, d))?.reason).toBe('name');
    expect(queue.some((p) => [p.a.id, p.b.id].includes(converted))).toBe(false);
    expect((await duplicatesOf(sales1, 'leads', b)).map((x) => x.id)).toEqual([a]);
    // Another rep sees neither side; another organisation sees nothing.
    expect((await duplicateQueue(sales2, 200, undefined, 'leads')).rows.some(samePair(a, b))).toBe(false);
    const pairsOfB = (who: Staff) => withUser(who, (tx) => tx.selectFrom('lead_duplicates').select('duplicate_of').where('lead_id', '=', b).execute());
    expect((await pairsOfB(manager)).map((r) => r.duplicate_of)).toEqual([a]);
    expect(await pairsOfB(sales2)).toEqual([]);
    expect(await pairsOfB(contosoAdmin)).toEqual([]);
    // Converted since, a pair no longer shows.
    const contact = (await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow()).id;
    await db().updateTable('leads').set({ status: 'converted', converted_at: new Date(), converted_contact_id: contact }).where('id', '=', d).execute();
    expect((await duplicateQueue(manager, 200, undefined, 'leads')).rows.some(samePair(c, d))).toBe(false);
  });

  it('pairs the remaining look-alikes again when the lead they matched is converted or trashed', async () => {
    const t = letters();
    const contact = (await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow()).id;
    const first = await lead(admin.orgId, { email: `ravi.${t}@example.com` });
    const second = await lead(admin.orgId, { email: `Ravi.${t}@example.com` });
    const third = await lead(admin.orgId, { email: `ravi.${t}+events@example.com` });
    const listed = async () => (await duplicateQueue(manager, 200, undefined, 'leads')).rows;
    // Both later leads matched the first; once it is converted, the other two still look alike.
    expect((await listed()).some(samePair(second, third))).toBe(false);
    await db().updateTable('leads').set({ status: 'converted', converted_at: new Date(), converted_contact_id: contact }).where('id', '=', first).execute();
    expect((await listed()).find(samePair(second, third))?.reason).toBe('email');
    // And when the earlier of them goes to the trash, the last is alone.
    await db().updateTable('leads').set({ deleted_at: new Date() }).where('id', '=', second).execute();
    expect((await listed()).some((p) => [p.a.id, p.b.id].includes(third))).toBe(false);
  });
});

describe('merging leads', () => {
  it('moves every related row to the survivor, takes the chosen values, and undoes all of it', async () => {
    const survivor = await lead(admin.orgId, { score: 10, status: 'new' });
    const other = await leadEverywhere(admin.orgId);
    await db().updateTable('leads').set({ status: 'qualified' }).where('id', '=', other.id).execute();
    const candidates = await leadMergeCandidates(manager, [survivor, other.id]);
    expect(candidates[1]?.related).toMatchObject({ activities: 1, emails: 1, sequences: 1 });
    const choice = defaultLeadMergeChoice(candidates[0] as never, [candidates[1] as never]);
    // The higher score, the furthest status, the empty job title filled; the kept lead's name stays.
    expect(choice).toMatchObject({ score: other.id, status: other.id, job_title: other.id, last_name: survivor });

    const { mergeId } = await mergeLeads(manager, { survivor, merged: [other.id], choice });
    expect(await db().selectFrom('leads').select(['score', 'status', 'job_title', 'deleted_at']).where('id', '=', survivor).executeTakeFirstOrThrow()).toEqual({ score: 40, status: 'qualified', job_title: 'Buyer', deleted_at: null });
    expect(await db().selectFrom('leads').select('merged_into').where('id', '=', other.id).where('deleted_at', 'is not', null).executeTakeFirstOrThrow()).toEqual({ merged_into: survivor });
    const { rows: references } = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from private.merge_references where object = 'leads'`.execute(db());
    const pointing = async (target: string, ref: { table_name: string; column_name: string }) => {
      const ownEntry = ref.table_name === 'audit_log' ? sql`and not (operation = 'update' and changes ? 'merged_into')` : sql``;
      return (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`public.${ref.table_name}`)} where ${sql.ref(ref.column_name)} = ${target}::uuid ${ownEntry}`.execute(db())).rows[0]?.n;
    };
    for (const ref of references) expect(await pointing(other.id, ref), `${ref.table_name}.${ref.column_name} still points at the merged lead`).toBe(0);

    expect(await unmergeRecords(manager, mergeId)).toEqual({ fields_kept: [], rows_not_moved_back: 0 });
    expect(await db().selectFrom('leads').select(['score', 'status', 'job_title']).where('id', '=', survivor).executeTakeFirstOrThrow()).toEqual({ score: 10, status: 'new', job_title: null });
    for (const ref of references) {
      if (ref.table_name === 'audit_log') continue;
      expect(await pointing(other.id, ref), `${ref.table_name}.${ref.column_name} came back`).toBeGreaterThan(0);
    }
  });

  it('drops a campaign place, tag and active sequence the survivor already has, and brings them back on undo', async () => {
    const a = await leadEverywhere(admin.orgId);
    const b = await leadEverywhere(admin.orgId);
    // A campaign sending to both: the merged lead's pending place is one send fewer, counted as cancelled.
    const segment = await db().insertInto('segments').values({ org_id: admin.orgId, name: `Sending ${letters()}`, audience: 'leads', filter: {} } as never).returning('id').executeTakeFirstOrThrow();
    const campaign = await db()
      .insertInto('campaigns')
      .values({ org_id: admin.orgId, name: `Sending ${letters()}`, segment_id: segment.id, template: 'welcome', status: 'sending', recipients_total: 2, run: 1 } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('campaign_recipients').values([a.id, b.id].map((lead_id) => ({ org_id: admin.orgId, campaign_id: campaign.id, lead_id, enqueued_run: 1 }))).execute();
    const { mergeId } = await mergeLeads(admin, { survivor: a.id, merged: [b.id] });
    expect(await db().selectFrom('campaign_recipients').select('id').where('lead_id', '=', a.id).where('campaign_id', '=', campaign.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('campaigns').select('cancelled_count').where('id', '=', campaign.id).executeTakeFirstOrThrow()).toEqual({ cancelled_count: 1 });
    expect(await db().selectFrom('taggings').select('id').where('lead_id', '=', a.id).execute()).toHaveLength(1);
    await unmergeRecords(admin, mergeId);
    // Back, but not to be sent: the campaign counted the place as cancelled.
    expect(await db().selectFrom('campaign_recipients').select('status').where('lead_id', '=', b.id).where('campaign_id', '=', campaign.id).execute()).toEqual([{ status: 'cancelled' }]);
    expect(await db().selectFrom('campaign_recipients').select('id').where('lead_id', '=', b.id).execute()).toHaveLength(2);
    expect(await db().selectFrom('taggings').select('id').where('lead_id', '=', b.id).execute()).toHaveLength(1);
  });

  it('refuses converted leads and a converted status, and is for admins and managers of the organisation only', async () => {
    const a = await lead(admin.orgId, { owner_id: sales1.userId });
    const b = await lead(admin.orgId, { owner_id: sales1.userId });
    const contact = (await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow()).id;
    const converted = await lead(admin.orgId, { status: 'converted', converted_at: new Date(), converted_contact_id: contact });
    const error = (await mergeLeads(manager, { survivor: a, merged: [converted] }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('A converted lead is a contact now: merge the contacts instead.');
    const status = (await withUser(manager, (tx) => sql`select private.merge_records('leads', ${a}::uuid, ${[b]}::uuid[], '{"status": "converted"}'::jsonb)`.execute(tx)).catch((e: unknown) => e)) as Error;
    expect(status.message).toBe('A merge does not convert a lead: convert it from its page.');
    expect(await kindOf(mergeLeads(sales1, { survivor: a, merged: [b] }))).toBe('forbidden');
    for (const who of [sales1, contosoAdmin]) {
      const denied = await withUser(who, (tx) => sql`select private.merge_records('leads', ${a}::uuid, ${[b]}::uuid[], '{}'::jsonb)`.execute(tx)).catch((e: unknown) => e);
      expect((denied as { code?: string }).code, who.email).toBe('42501');
    }
    expect(await kindOf(mergeLeads(manager, { survivor: a, merged: [b], choice: { converted_at: b } }))).toBe('validation');
    expect(await db().selectFrom('leads').select('deleted_at').where('id', 'in', [a, b]).execute()).toEqual([{ deleted_at: null }, { deleted_at: null }]);
    expect(await kindOf(mergeLeads(manager, { survivor: a, merged: [b] }))).toBe('ok');
  });

  it('takes a disqualification with its reason, and never leaves a reason on another status', async () => {
    const open = await lead(admin.orgId, { status: 'working' });
    const dropped = await lead(admin.orgId, { status: 'disqualified', disqualified_reason: 'No budget' });
    await mergeLeads(manager, { survivor: open, merged: [dropped], choice: { status: dropped } });
    expect(await db().selectFrom('leads').select(['status', 'disqualified_reason']).where('id', '=', open).executeTakeFirstOrThrow()).toEqual({ status: 'disqualified', disqualified_reason: 'No budget' });

    const again = await lead(admin.orgId, { status: 'disqualified', disqualified_reason: 'Duplicate' });
    const working = await lead(admin.orgId, { status: 'working' });
    await mergeLeads(manager, { survivor: again, merged: [working], choice: { status: working } });
    expect(await db().selectFrom('leads').select(['status', 'disqualified_reason']).where('id', '=', again).executeTakeFirstOrThrow()).toEqual({ status: 'working', disqualified_reason: null });
  });

  it('cannot be undone once the kept lead is converted, or once a merged lead was deleted from the trash', async () => {
    const contact = (await db().selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow()).id;
    const [a, b] = [await lead(admin.orgId), await lead(admin.orgId)];
    const first = await mergeLeads(manager, { survivor: a, merged: [b] });
    await db().updateTable('leads').set({ status: 'converted', converted_at: new Date(), converted_contact_id: contact }).where('id', '=', a).execute();
    expect(((await unmergeRecords(manager, first.mergeId).catch((e: unknown) => e)) as Error).message).toBe('The kept lead has been converted since: its merge can no longer be undone.');
    expect(await db().selectFrom('leads').select('deleted_at').where('id', '=', b).executeTakeFirstOrThrow()).not.toEqual({ deleted_at: null });

    const [c, d] = [await leadEverywhere(admin.orgId), await leadEverywhere(admin.orgId)];
    const second = await mergeLeads(manager, { survivor: c.id, merged: [d.id] });
    await db().deleteFrom('leads').where('id', '=', d.id).execute();
    expect(((await unmergeRecords(manager, second.mergeId).catch((e: unknown) => e)) as Error).message).toBe('This merge can no longer be undone: one of its records was deleted from the trash since.');
  });

  it('is covered by the erasure of either person: the kept lead and the merged one under another address are both erased', async () => {
    const compliance = await staff('compliance@northwind.example');
    const t = letters();
    const kept = await lead(admin.orgId, { email: `work.${t}@example.com`, first_name: `Erin${t}` });
    const merged = await lead(admin.orgId, { email: `private.${t}@example.com` });
    await db().insertInto('activities').values({ org_id: admin.orgId, kind: 'note', subject: `Told us about ${t}`, lead_id: merged }).execute();
    await mergeLeads(manager, { survivor: kept, merged: [merged] });
    const request = await db()
      .insertInto('data_subject_requests')
      .values({ org_id: admin.orgId, type: 'erasure', subject_email: `private.${t}@example.com`, received_via: 'email', status: 'verified', verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await withUser(compliance, (tx) => sql`select private.erase_subject(${request.id}::uuid, true)`.execute(tx));
    expect(await db().selectFrom('leads').select(['email', 'first_name', 'last_name']).where('id', 'in', [kept, merged]).execute()).toEqual([
      { email: null, first_name: null, last_name: 'Erased person' },
      { email: null, first_name: null, last_name: 'Erased person' },
    ]);
    expect(await db().selectFrom('activities').select('id').where('subject', '=', `Told us about ${t}`).execute()).toEqual([]);
    expect(await db().selectFrom('record_merges').select('id').where('survivor_id', '=', kept).execute()).toEqual([]);
  });
});
