/**
 * Merging duplicate contacts at the database: every table that points at a contact is moved
 * by the merge (checked against the catalog: a new one fails here until
 * private.merge_references lists it), the survivor takes the chosen values, the merged
 * contacts point at it from the trash, an unmerge puts everything back as far as nothing was
 * edited since, and only admins and managers merge. Duplicates are found by mailbox and phone.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { cancelBulkMerge, latestBulkMerge, requestBulkMerge } from '../../lib/crm/bulk-merges';
import { BULK_MERGE_GROUPS, duplicateQueue, duplicatesOf, mergeCandidates, mergeContacts, unmergeRecords } from '../../lib/crm/merges';
import { bulkMergeDrainer } from '../../lib/jobs/bulk-merges';
import { createUserWithPassword } from '../../lib/auth/staff';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { adminOfOwnOrganisation, kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let manager: Staff & { role: 'manager' };
let sales1: Staff & { role: 'sales' };
let contosoAdmin: Staff & { role: 'admin' };
const db = () => ownerDb();

async function contact(org: string, values: Record<string, unknown> = {}): Promise<string> {
  const t = randomUUID().slice(0, 8);
  const row = await db().insertInto('contacts').values({ org_id: org, first_name: 'Pat', last_name: `Twin${t}`, email: `pat.${t}@example.com`, ...values } as never).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A contact with a row in every table that points at contacts. */
async function contactEverywhere(org: string) {
  const id = await contact(org, { phone: '+44 20 7946 0999', job_title: null });
  const one = async (table: string, values: Record<string, unknown>) => (await db().insertInto(table as 'activities').values(values as never).returning('id').executeTakeFirstOrThrow()).id;
  await one('activities', { org_id: org, kind: 'note', subject: 'Merged note', contact_id: id });
  const tag = await db().selectFrom('tags').select('id').where('org_id', '=', org).executeTakeFirstOrThrow();
  await one('taggings', { org_id: org, tag_id: tag.id, contact_id: id });
  const stage = await db().selectFrom('pipeline_stages').select(['id', 'pipeline_id']).where('org_id', '=', org).where('is_won', '=', false).where('is_lost', '=', false).executeTakeFirstOrThrow();
  await one('opportunities', { org_id: org, name: 'Merged deal', pipeline_id: stage.pipeline_id, stage_id: stage.id, primary_contact_id: id });
  const course = await db().selectFrom('courses').select('id').where('org_id', '=', org).executeTakeFirstOrThrow();
  const session = await one('course_sessions', { org_id: org, course_id: course.id, starts_at: '2026-03-01T09:00Z', ends_at: '2026-03-01T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/m', capacity: 30 });
  const enrollment = await one('enrollments', { org_id: org, session_id: session, contact_id: id });
  await one('certifications', { org_id: org, contact_id: id, course_id: course.id, enrollment_id: enrollment, certificate_number: `MRG-${randomUUID().slice(0, 8).toUpperCase()}`, issued_at: '2026-03-02', expires_at: '2028-03-02' });
  await one('consent_events', { org_id: org, contact_id: id, purpose: 'marketing_email', granted: true, source: 'staff' });
  await one('consent_confirmations', { org_id: org, contact_id: id, purpose: 'marketing_email', token_hash: randomUUID().replaceAll('-', '').padEnd(64, '0'), text_shown: 'Yes, email me.', expires_at: new Date(Date.now() + 86_400_000) });
  const message = await one('email_messages', { org_id: org, template: 'welcome', category: 'marketing', recipient_email: 'x@example.com', contact_id: id, idempotency_key: `merge-${randomUUID()}`, subject: 'Hi' });
  await one('email_triggers', { org_id: org, event: 'certification_issued', contact_id: id, record_id: randomUUID() });
  const segment = await one('segments', { org_id: org, name: `Merge ${randomUUID().slice(0, 6)}`, audience: 'contacts', filter: {} });
  const campaign = await one('campaigns', { org_id: org, name: `Merge ${randomUUID().slice(0, 6)}`, segment_id: segment, template: 'welcome', status: 'draft' });
  await one('campaign_recipients', { org_id: org, campaign_id: campaign, contact_id: id, enqueued_run: 1 });
  const sequence = await one('sequences', { org_id: org, name: `Merge ${randomUUID().slice(0, 6)}` });
  await one('sequence_enrollments', { org_id: org, sequence_id: sequence, contact_id: id, next_run_at: new Date() });
  await one('leads', { org_id: org, last_name: 'Converted', email: `conv.${randomUUID().slice(0, 6)}@example.com`, status: 'converted', converted_at: new Date(), converted_contact_id: id });
  return { id, message, tag: tag.id };
}

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  manager = { ...(await staff('manager@northwind.example')), role: 'manager' };
  sales1 = { ...(await staff('sales1@northwind.example')), role: 'sales' };
  contosoAdmin = { ...(await staff('admin@contoso.example')), role: 'admin' };
});

describe('merge references', () => {
  it('list every column that points at a contact (a new one fails here until the merge moves it)', async () => {
    const { rows } = await sql<{ reference: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as reference
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[array_length(c.conkey, 1)]
       where c.contype = 'f' and c.confrelid = 'public.contacts'::regclass and c.conrelid <> 'public.contacts'::regclass`.execute(db());
    const { rows: listed } = await sql<{ reference: string }>`select 'public.' || table_name || '.' || column_name as reference from private.merge_references where object = 'contacts'`.execute(db());
    // A merged contact's learner portal sessions and sign-in links end with it (a session needs a
    // live contact: private.learner_session), so a merge leaves them where they are.
    const handled = new Set([...listed.map((r) => r.reference.replace(/^public\./, '')), 'private.learner_sessions.contact_id', 'private.learner_sign_in_links.contact_id']);
    expect(rows.map((r) => r.reference.replace(/^public\./, '')).filter((r) => !handled.has(r))).toEqual([]);
    // And whose data the audit trail is about, which is no foreign key.
    expect(handled.has('audit_log.subject_contact_id')).toBe(true);
  });
});

describe('merging contacts', () => {
  it('moves every related row to the survivor, takes the chosen values, and leaves the others pointing at it', async () => {
    const survivor = await contact(admin.orgId, { job_title: null, lifecycle_stage: 'lead' });
    const other = await contactEverywhere(admin.orgId);
    await db().updateTable('contacts').set({ job_title: 'Head of quality', lifecycle_stage: 'certified' }).where('id', '=', other.id).execute();
    const before = await db().selectFrom('contacts').select(['email', 'first_name']).where('id', '=', other.id).executeTakeFirstOrThrow();

    const { mergeId } = await mergeContacts(admin, { survivor, merged: [other.id], choice: { email: other.id, job_title: other.id, lifecycle_stage: other.id } });
    const kept = await db().selectFrom('contacts').selectAll().where('id', '=', survivor).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ email: before.email, job_title: 'Head of quality', lifecycle_stage: 'certified', first_name: 'Pat', deleted_at: null });
    const gone = await db().selectFrom('contacts').select(['merged_into', 'deleted_at']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(gone.merged_into).toBe(survivor);
    expect(gone.deleted_at).not.toBeNull();

    const { rows: references } = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from private.merge_references where object = 'contacts'`.execute(db());
    for (const ref of references) {
      // (The merged contact's own entry saying it went to the trash is about it, and stays so.)
      const ownEntry = ref.table_name === 'audit_log' ? sql`and not (operation = 'update' and changes ? 'merged_into')` : sql``;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`public.${ref.table_name}`)} where ${sql.ref(ref.column_name)} = ${other.id}::uuid ${ownEntry}`.execute(db());
      expect(rows[0]?.n, `${ref.table_name}.${ref.column_name} still points at the merged contact`).toBe(0);
    }
    const moved = await db().selectFrom('email_messages').select('contact_id').where('id', '=', other.message).executeTakeFirstOrThrow();
    expect(moved.contact_id).toBe(survivor);
    const audit = await db().selectFrom('audit_log').select('id').where('subject_contact_id', '=', survivor).where('record_id', '=', other.id).execute();
    expect(audit.length).toBeGreaterThan(0);

    // Undo: the merged contact is back with its rows; the survivor's fields as they were.
    const summary = await unmergeRecords(admin, mergeId);
    expect(summary).toEqual({ fields_kept: [], rows_not_moved_back: 0 });
    expect(await db().selectFrom('contacts').select(['email', 'job_title', 'deleted_at', 'merged_into']).where('id', '=', other.id).executeTakeFirstOrThrow()).toMatchObject({ email: before.email, deleted_at: null, merged_into: null });
    expect(await db().selectFrom('contacts').select(['email', 'job_title', 'lifecycle_stage']).where('id', '=', survivor).executeTakeFirstOrThrow()).toMatchObject({ job_title: null, lifecycle_stage: 'lead' });
    for (const ref of references) {
      if (ref.table_name === 'audit_log') continue;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`public.${ref.table_name}`)} where ${sql.ref(ref.column_name)} = ${other.id}::uuid`.execute(db());
      expect(rows[0]?.n, `${ref.table_name}.${ref.column_name} came back`).toBeGreaterThan(0);
    }
    expect(await kindOf(unmergeRecords(admin, mergeId))).toBe('validation');
  });

  it('drops a tagging the survivor already has (and brings it back on undo), and refuses two bookings of one session', async () => {
    const a = await contactEverywhere(admin.orgId);
    const b = await contactEverywhere(admin.orgId);
    const { mergeId } = await mergeContacts(admin, { survivor: a.id, merged: [b.id] });
    expect(await db().selectFrom('taggings').select('id').where('contact_id', '=', a.id).where('tag_id', '=', a.tag).execute()).toHaveLength(1);
    await unmergeRecords(admin, mergeId);
    expect(await db().selectFrom('taggings').select('id').where('contact_id', '=', b.id).where('tag_id', '=', b.tag).execute()).toHaveLength(1);

    const session = await db().selectFrom('enrollments').select('session_id').where('contact_id', '=', a.id).executeTakeFirstOrThrow();
    await db().insertInto('enrollments').values({ org_id: admin.orgId, session_id: session.session_id, contact_id: b.id }).execute();
    const error = await mergeContacts(admin, { survivor: a.id, merged: [b.id] }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe('Both contacts are booked on the same session: cancel one of the bookings first.');
    expect(await db().selectFrom('contacts').select('deleted_at').where('id', '=', b.id).executeTakeFirstOrThrow()).toEqual({ deleted_at: null });
  });

  it('empties the copy an undo needs once its 30 days are over, keeping the merge on record (the daily retention job)', async () => {
    const a = await contact(admin.orgId, { job_title: 'Trainer' });
    const b = await contact(admin.orgId, { job_title: 'Assessor' });
    const old = (await mergeContacts(admin, { survivor: a, merged: [b], choice: { job_title: b } })).mergeId;
    const c = await contact(admin.orgId);
    const d = await contact(admin.orgId);
    const recent = (await mergeContacts(admin, { survivor: c, merged: [d] })).mergeId;
    await db().updateTable('record_merges').set({ merged_at: sql<Date>`now() - interval '31 days'` }).where('id', '=', old).execute();

    const { applyRetentionPolicies } = await import('../../lib/jobs/daily');
    const outcome = await applyRetentionPolicies({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ status: 'completed', output: { merge_snapshots_purged: expect.any(Number) } });
    expect(Number((outcome?.status === 'completed' && outcome.output?.merge_snapshots_purged) || 0)).toBeGreaterThanOrEqual(1);
    const snapshot = (id: string) =>
      db().selectFrom('record_merges').select(['survivor_id', 'merged_ids', 'moved', 'dropped', 'survivor_before', 'survivor_after', 'snapshot_purged_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await snapshot(old)).toMatchObject({ survivor_id: a, merged_ids: [b], moved: {}, dropped: {}, survivor_before: {}, survivor_after: {}, snapshot_purged_at: expect.any(Date) });
    expect(await snapshot(recent)).toMatchObject({ snapshot_purged_at: null, survivor_before: expect.objectContaining({}) });
    expect(Object.keys((await snapshot(recent)).survivor_before as object).length).toBeGreaterThan(0);
    // Past its days, an undo is refused (as before the copy went) and changes nothing.
    expect(await kindOf(unmergeRecords(admin, old))).not.toBe('ok');
    expect(await db().selectFrom('contacts').select('merged_into').where('id', '=', b).executeTakeFirstOrThrow()).toEqual({ merged_into: a });
  });

  it('keeps, and names, a survivor field edited since, when undoing', async () => {
    const a = await contact(admin.orgId, { job_title: 'Trainer' });
    const b = await contact(admin.orgId, { job_title: 'Assessor' });
    const { mergeId } = await mergeContacts(admin, { survivor: a, merged: [b], choice: { job_title: b } });
    await db().updateTable('contacts').set({ job_title: 'Director' }).where('id', '=', a).execute();
    expect(await unmergeRecords(admin, mergeId)).toMatchObject({ fields_kept: ['job_title'] });
    expect(await db().selectFrom('contacts').select('job_title').where('id', '=', a).executeTakeFirstOrThrow()).toEqual({ job_title: 'Director' });
  });

  it('is for admins and managers of the organisation only, and refuses what is not a merge', async () => {
    const a = await contact(admin.orgId, { owner_id: sales1.userId });
    const b = await contact(admin.orgId, { owner_id: sales1.userId });
    expect(await kindOf(mergeContacts(sales1, { survivor: a, merged: [b] }))).toBe('forbidden');
    // A direct call as a rep, or by another organisation's admin, is refused by the database.
    const { role: _r, ...asRep } = sales1;
    expect(await kindOf(mergeContacts(asRep, { survivor: a, merged: [b] }))).not.toBe('ok');
    const { role: _c, ...outsider } = contosoAdmin;
    expect(await kindOf(mergeContacts({ ...outsider, orgId: admin.orgId }, { survivor: a, merged: [b] }))).not.toBe('ok');
    expect(await kindOf(mergeContacts(manager, { survivor: a, merged: [a] }))).toBe('validation');
    expect(await kindOf(mergeContacts(manager, { survivor: a, merged: [] }))).toBe('validation');
    expect(await kindOf(mergeContacts(manager, { survivor: a, merged: [b], choice: { email: randomUUID() } }))).toBe('validation');
    expect(await db().selectFrom('contacts').select('deleted_at').where('id', 'in', [a, b]).execute()).toEqual([{ deleted_at: null }, { deleted_at: null }]);
    expect(await kindOf(mergeContacts(manager, { survivor: a, merged: [b] }))).toBe('ok');
  });

  it('merges two contacts with 1,000 activities and 100 emails each within 500 ms', async () => {
    const [a, b] = [await contact(admin.orgId), await contact(admin.orgId)] as [string, string];
    for (const c of [a, b]) {
      await sql`insert into public.activities (org_id, kind, subject, contact_id) select ${admin.orgId}::uuid, 'note', 'Note ' || n, ${c}::uuid from generate_series(1, 1000) n`.execute(db());
      await sql`insert into public.email_messages (org_id, template, category, recipient_email, contact_id, idempotency_key, subject)
                select ${admin.orgId}::uuid, 'welcome', 'marketing', 'x@example.com', ${c}::uuid, 'perf-' || ${c} || '-' || n, 'Hi' from generate_series(1, 100) n`.execute(db());
    }
    const started = performance.now();
    await mergeContacts(admin, { survivor: a, merged: [b] });
    const ms = performance.now() - started;
    console.log(`[merges] two contacts with 1,000 activities and 100 emails each merged in ${ms.toFixed(0)} ms`);
    expect(await db().selectFrom('activities').select(sql<number>`count(*)::int`.as('n')).where('contact_id', '=', a).executeTakeFirstOrThrow()).toEqual({ n: 2000 });
    expect(ms).toBeLessThan(2000); // the figure (≤ 500 ms) is measured in npm run bench; this guards a regression by an order of magnitude
  });
});

describe('the rights of a merged person', () => {
  it('exports and erases the contact a merge kept under another address, and the merged one, with the rows that moved', async () => {
    const compliance = await staff('compliance@northwind.example');
    const t = randomUUID().slice(0, 8);
    const kept = await contact(admin.orgId, { email: `work.${t}@example.com` });
    const merged = await contact(admin.orgId, { email: `home.${t}@example.com`, phone: '+44 20 7946 0123' });
    await db().insertInto('activities').values({ org_id: admin.orgId, kind: 'note', subject: `Mentioned ${t}`, contact_id: merged }).execute();
    await mergeContacts(admin, { survivor: kept, merged: [merged] });
    const request = await db()
      .insertInto('data_subject_requests')
      .values({ org_id: admin.orgId, type: 'erasure', subject_email: `home.${t}@example.com`, received_via: 'email', status: 'verified', verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Asked for first (by an admin, who reads the trash the merged contact is in), the
    // person's data holds both contacts and the note that moved to the kept one.
    const exported = await withUser(admin, async (tx) => (await sql<{ d: { data: Record<string, { id?: string; subject?: string }[]> } }>`select private.subject_export(${request.id}::uuid) as d`.execute(tx)).rows[0]?.d);
    expect(exported?.data.contacts?.map((c) => c.id).sort()).toEqual([kept, merged].sort());
    expect(exported?.data.activities?.map((a) => a.subject)).toContain(`Mentioned ${t}`);
    await withUser(compliance, (tx) => sql`select private.erase_subject(${request.id}::uuid, true)`.execute(tx));
    const people = await db().selectFrom('contacts').select(['email', 'phone', 'last_name']).where('id', 'in', [kept, merged]).execute();
    expect(people).toEqual([
      { email: null, phone: null, last_name: 'Erased person' },
      { email: null, phone: null, last_name: 'Erased person' },
    ]);
    expect(await db().selectFrom('activities').select('id').where('subject', '=', `Mentioned ${t}`).execute()).toEqual([]);
    expect(await db().selectFrom('record_merges').select('id').where('survivor_id', '=', kept).execute()).toEqual([]);
  });
});

describe('finding duplicates', () => {
  it('pairs the same mailbox (case, +tags, Gmail dots) and the same phone, under the reader’s RLS', async () => {
    const t = randomUUID().slice(0, 8);
    const a = await contact(admin.orgId, { email: `jo.smith.${t}@gmail.com`, owner_id: sales1.userId });
    const b = await contact(admin.orgId, { email: `josmith${t}+news@googlemail.com` });
    const phone = `+44 7700 ${t.replace(/\D/g, '1').slice(0, 6)}`;
    const c = await contact(admin.orgId, { phone });
    const d = await contact(admin.orgId, { phone: phone.replace(/ /g, '-') });
    const queue = (await duplicateQueue(manager, 200)).rows;
    const pairOf = (x: string, y: string) => queue.find((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    expect(pairOf(a, b)?.reason).toBe('email');
    expect(pairOf(c, d)?.reason).toBe('phone');
    expect((await duplicatesOf(manager, 'contacts', b)).map((x) => x.id)).toEqual([a]);
    // Another rep's contact is not shown to a rep who cannot see it.
    const sales2 = await staff('sales2@northwind.example');
    expect((await duplicatesOf(sales2, 'contacts', b)).map((x) => x.id)).toEqual([]);
    expect(await mergeCandidates(contosoAdmin, [a, b]).catch((e: unknown) => e)).toBeInstanceOf(Error);
    // Nor is the pair itself, read directly: a pair is seen only by who sees both contacts.
    const pairsOfB = (who: Staff) => withUser(who, (tx) => tx.selectFrom('contact_duplicates').select('duplicate_of').where('contact_id', '=', b).execute());
    expect((await pairsOfB(manager)).map((r) => r.duplicate_of)).toEqual([a]);
    expect(await pairsOfB(sales2)).toEqual([]);
    expect(await pairsOfB(contosoAdmin)).toEqual([]);
  });

  it('finds a pair when an edit makes two contacts alike, and drops it from the queue when they no longer are', async () => {
    const t = randomUUID().slice(0, 8);
    const a = await contact(admin.orgId, { email: `kim.${t}@example.com` });
    const b = await contact(admin.orgId, { email: `someone.else.${t}@example.com` });
    const inQueue = async () => (await duplicateQueue(manager, 200)).rows.some((p) => [p.a.id, p.b.id].sort().join() === [a, b].sort().join());
    expect(await inQueue()).toBe(false);
    await db().updateTable('contacts').set({ email: `KIM.${t}+work@example.com` }).where('id', '=', b).execute();
    expect(await inQueue()).toBe(true);
    // A later edit apart, or one of them in the trash: the pair is stale, and skipped.
    await db().updateTable('contacts').set({ email: `kimberly.${t}@example.com` }).where('id', '=', b).execute();
    expect(await inQueue()).toBe(false);
    await db().updateTable('contacts').set({ email: `kim.${t}+old@example.com`, deleted_at: new Date() }).where('id', '=', b).execute();
    expect(await inQueue()).toBe(false);
    // Back from the trash: alike again.
    await db().updateTable('contacts').set({ deleted_at: null }).where('id', '=', b).execute();
    expect(await inQueue()).toBe(true);
  });

  it('pairs a similar name at the same account, and not the same name at another account', async () => {
    const t = randomUUID().slice(0, 8);
    const account = async () => (await db().insertInto('accounts').values({ org_id: admin.orgId, name: `Smythe Ltd ${t}` }).returning('id').executeTakeFirstOrThrow()).id;
    const [here, elsewhere] = [await account(), await account()];
    const a = await contact(admin.orgId, { first_name: 'Jonathan', last_name: `Smythe${t}`, account_id: here });
    const b = await contact(admin.orgId, { first_name: 'Jonathon', last_name: `Smythe${t}`, account_id: here });
    const c = await contact(admin.orgId, { first_name: 'Jonathan', last_name: `Smythe${t}`, account_id: elsewhere });
    const d = await contact(admin.orgId, { first_name: 'Priscilla', last_name: `Quartermaine${t}`, account_id: here });
    const queue = (await duplicateQueue(manager, 200)).rows;
    const pairOf = (x: string, y: string) => queue.find((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    expect(pairOf(a, b)).toMatchObject({ reason: 'name', confidence: 0.6 });
    expect(pairOf(a, c)).toBeUndefined();
    expect(pairOf(b, d)).toBeUndefined();
    expect((await duplicatesOf(manager, 'contacts', a)).map((x) => [x.id, x.reason])).toEqual([[b, 'name']]);
    // Moved to the other account: no longer alike there.
    await db().updateTable('contacts').set({ account_id: elsewhere }).where('id', '=', b).execute();
    const after = (await duplicateQueue(manager, 200)).rows;
    expect(after.some((p) => [p.a.id, p.b.id].sort().join() === [a, b].sort().join())).toBe(false);
    expect(after.some((p) => [p.a.id, p.b.id].sort().join() === [b, c].sort().join())).toBe(true);
  });

  it('pages through the queue without repeating or skipping a pair, skipping stale ones', async () => {
    const owner = { ...(await adminOfOwnOrganisation('Duplicate Pages Training')), role: 'admin' as const };
    const pairsMade: string[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await contact(owner.orgId, { email: `page.${i}@example.com` });
      const b = await contact(owner.orgId, { email: `page.${i}+x@example.com` });
      pairsMade.push([a, b].sort().join());
      // Every other pair made stale before it is read: one side in the trash.
      if (i % 2) await db().updateTable('contacts').set({ deleted_at: new Date() }).where('id', '=', b).execute();
    }
    const live = pairsMade.filter((_, i) => i % 2 === 0);
    const read: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { rows, nextCursor } = await duplicateQueue(owner, 2, cursor);
      read.push(...rows.map((p) => [p.a.id, p.b.id].sort().join()));
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    expect(read).toEqual([...live].reverse());
    expect(await kindOf(duplicateQueue(owner, 2, 'not-a-cursor'))).toBe('validation');
  });

  it('finds the pairs an import makes in one statement, against each other and against contacts already there', async () => {
    const t = randomUUID().slice(0, 8);
    const existing = await contact(admin.orgId, { email: `lee.${t}@example.com` });
    const added = await db()
      .insertInto('contacts')
      .values([
        { org_id: admin.orgId, last_name: 'One', email: `Lee.${t}+events@Example.com` },
        { org_id: admin.orgId, last_name: 'Two', email: `new.${t}@example.com`, phone: `+44 20 7000 ${t.replace(/\D/g, '3').slice(0, 4)}` },
        { org_id: admin.orgId, last_name: 'Three', email: `other.${t}@example.com`, phone: `020 7000 ${t.replace(/\D/g, '3').slice(0, 4)}` },
      ])
      .returning('id')
      .execute();
    const queue = (await duplicateQueue(manager, 200)).rows;
    const has = (x: string, y: string) => queue.some((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    expect(has(existing, added[0]?.id as string)).toBe(true);
    expect(has(added[1]?.id as string, added[2]?.id as string)).toBe(true);
  });
});

describe('merging every duplicate by email address', () => {
  it('dry-runs without a change, then merges each mailbox into its oldest contact in the background, a step at a time, resuming and listing what the database refuses', async () => {
    const owner = { ...(await adminOfOwnOrganisation('Bulk Merge Training')), role: 'admin' as const };
    const org = owner.orgId;
    // More groups than one step takes: each a mailbox written three ways, oldest first.
    const groups = BULK_MERGE_GROUPS + 3;
    for (let g = 0; g < groups; g++) {
      await contact(org, { first_name: `Bulk${g}`, last_name: 'Oldest', email: `bulk.${g}@example.com`, job_title: null, created_at: new Date(Date.UTC(2025, 0, 1, 0, g)) });
      await contact(org, { first_name: null, last_name: 'Second', email: `BULK.${g}+events@example.com`, job_title: `Title ${g}`, created_at: new Date(Date.UTC(2025, 0, 2, 0, g)) });
      await contact(org, { first_name: null, last_name: 'Third', email: `bulk.${g}+news@example.com`, created_at: new Date(Date.UTC(2025, 0, 3, 0, g)) });
    }
    // One group the database refuses: two of its contacts booked on one session.
    const course = await db().insertInto('courses').values({ org_id: org, code: 'BULK-1', title: 'Bulk course', level: 'foundation', duration_hours: 8, price: 100 }).returning('id').executeTakeFirstOrThrow();
    const session = await db().insertInto('course_sessions').values({ org_id: org, course_id: course.id, starts_at: '2026-05-01T09:00Z', ends_at: '2026-05-01T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/b', capacity: 10 }).returning('id').executeTakeFirstOrThrow();
    const booked = await db().selectFrom('contacts').select('id').where('org_id', '=', org).where('email', 'in', ['bulk.1@example.com', 'BULK.1+events@example.com']).execute();
    for (const b of booked) await db().insertInto('enrollments').values({ org_id: org, session_id: session.id, contact_id: b.id }).execute();
    // One group of two owners' contacts: listed for a person to compare, not merged.
    const colleague = await createUserWithPassword({ email: `colleague.${org.slice(0, 8)}@example.com`, name: 'Colleague', password: 'own-organisation-password-1234' });
    await db().insertInto('memberships').values({ org_id: org, user_id: colleague, role: 'sales', display_name: 'Colleague', email: `colleague.${org.slice(0, 8)}@example.com` }).execute();
    await db().updateTable('contacts').set({ owner_id: owner.userId }).where('org_id', '=', org).where('email', '=', 'bulk.2@example.com').execute();
    await db().updateTable('contacts').set({ owner_id: colleague }).where('org_id', '=', org).where('email', '=', 'BULK.2+events@example.com').execute();
    const live = async () => Number((await db().selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', org).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n);
    expect(await live()).toBe(groups * 3);

    // The worker's drain, here: a turn of `turnMs` (at least one step each).
    const boss = { send: async () => null } as unknown as PgBoss;
    const drain = (turnMs = 60_000) => bulkMergeDrainer({ boss }, turnMs)({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });
    const run = async () => {
      const latest = await latestBulkMerge(owner);
      if (!latest) throw new Error('no run');
      return latest;
    };

    // The dry run: the real run's counts, nothing changed.
    await requestBulkMerge(owner, { dryRun: true });
    expect(await run()).toMatchObject({ dry_run: true, status: 'queued', groups_done: 0 });
    await drain();
    const dry = await run();
    expect(dry).toMatchObject({ dry_run: true, status: 'done', groups_total: groups, groups_done: groups, merged: (groups - 2) * 2, refused_count: 2 });
    expect(dry.refused).toEqual([
      expect.objectContaining({ email: 'bulk.1@example.com', reason: expect.stringContaining('same session') }),
      expect.objectContaining({ email: 'bulk.2@example.com', reason: expect.stringContaining('different owners') }),
    ]);
    expect(await live()).toBe(groups * 3);
    expect(await db().selectFrom('record_merges').select('id').where('org_id', '=', org).execute()).toEqual([]);

    // The real run; one at a time per organisation.
    await requestBulkMerge(owner, { dryRun: false });
    expect(await kindOf(requestBulkMerge(owner, { dryRun: true }))).toBe('validation');
    // A turn cut short after its first step (a worker stopped between two steps)…
    await drain(0);
    expect(await run()).toMatchObject({ status: 'running', groups_total: groups, groups_done: BULK_MERGE_GROUPS, merged: (BULK_MERGE_GROUPS - 2) * 2 });
    // …then two drains at once (two workers): the second's step is not kept, nothing is merged or counted twice.
    await Promise.all([drain(), drain()]);
    expect(await run()).toMatchObject({ status: 'done', groups_done: groups, merged: (groups - 2) * 2, refused_count: 2 });
    expect((await run()).refused).toHaveLength(2);
    expect(await live()).toBe(groups + 4);
    // The oldest kept, its empty title filled from the next; each merge undoable on its own.
    const kept = await db().selectFrom('contacts').select(['first_name', 'last_name', 'job_title', 'email']).where('org_id', '=', org).where('email', '=', 'bulk.7@example.com').where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    expect(kept).toEqual({ first_name: 'Bulk7', last_name: 'Oldest', job_title: 'Title 7', email: 'bulk.7@example.com' });
    expect((await db().selectFrom('record_merges').select('id').where('org_id', '=', org).execute()).length).toBe(groups - 2);
    // Nothing is left to merge but the refused groups.
    await requestBulkMerge(owner, { dryRun: true });
    await drain();
    expect(await run()).toMatchObject({ groups_total: 2, merged: 0, refused_count: 2 });

    // A run stopped while queued does nothing; a finished one cannot be stopped.
    const { id: stopped } = await requestBulkMerge(owner, { dryRun: false });
    await cancelBulkMerge(owner, stopped);
    await drain();
    expect(await run()).toMatchObject({ id: stopped, status: 'cancelled', groups_done: 0, merged: 0 });
    expect(await kindOf(cancelBulkMerge(owner, stopped))).toBe('validation');

    // Only admins; input is checked.
    expect(await kindOf(requestBulkMerge(manager, { dryRun: true }))).toBe('forbidden');
    expect(await kindOf(cancelBulkMerge(manager, stopped))).toBe('forbidden');
    expect(await kindOf(requestBulkMerge(owner, { dryRun: 'yes' }))).toBe('validation');
    expect(await kindOf(cancelBulkMerge(owner, 'not-an-id'))).toBe('validation');
    // The database agrees: a manager's insert is refused by RLS, and another organisation's admin sees no run.
    await expect(withUser(manager, (tx) => tx.insertInto('bulk_merges').values({ org_id: manager.orgId, dry_run: true }).execute())).rejects.toThrow(/row-level security/);
    expect(await latestBulkMerge({ ...manager, orgId: org })).toBeNull();
  });
});
