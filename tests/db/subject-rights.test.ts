/**
 * GDPR subject rights at the database: the export holds every row about the person, the
 * erasure leaves no trace of them anywhere (scanned the way a dump would hold the data),
 * coverage is checked against the catalog, and only compliance officers and admins of the
 * organisation may do either. The audit trail cannot be changed by any app role.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../lib/crm/certificate-verification';
import { type Tx, withUser } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { asUserRolledBack, isRlsDenial, type Staff, staff } from './support';

let compliance: Staff;
let admin: Staff;
const db = () => ownerDb();

/** A person with data in every table that can hold personal data, and a verified request. */
async function subjectEverywhere(org: string, type: 'access' | 'erasure') {
  const tag = randomUUID().slice(0, 8);
  const person = { first: `Philippa${tag}`, last: `Quennell${tag}`, email: `philippa.${tag}@subject.example`, phone: `+44 7700 9${tag.replace(/\D/g, '0').slice(0, 5)}` };
  const one = async (table: string, values: Record<string, unknown>) =>
    (await db().insertInto(table as 'contacts').values(values as never).returning('id').executeTakeFirstOrThrow()).id;
  const contact = await one('contacts', { org_id: org, first_name: person.first, last_name: person.last, email: person.email, phone: person.phone, job_title: 'Quality lead' });
  const lead = await one('leads', { org_id: org, first_name: person.first, last_name: person.last, email: person.email, phone: person.phone, company_name: `${person.last} Consulting` });
  await one('activities', { org_id: org, kind: 'call', subject: `Call with ${person.first}`, body: `Spoke to ${person.first} ${person.last} on ${person.phone}`, contact_id: contact });
  await one('activities', { org_id: org, kind: 'note', subject: 'Lead note', body: `${person.email} asked for a brochure`, lead_id: lead });
  // A merge of the person's lead keeps their details for its undo.
  await one('record_merges', { org_id: org, object: 'leads', survivor_id: lead, merged_ids: [randomUUID()], survivor_before: { email: person.email }, survivor_after: { email: person.email, phone: person.phone } });
  const tagId = (await db().selectFrom('tags').select('id').where('org_id', '=', org).executeTakeFirstOrThrow()).id;
  await one('taggings', { org_id: org, tag_id: tagId, contact_id: contact });
  const stage = await db().selectFrom('pipeline_stages').select(['id', 'pipeline_id']).where('org_id', '=', org).where('is_won', '=', false).where('is_lost', '=', false).executeTakeFirstOrThrow();
  await one('opportunities', { org_id: org, name: `${person.first} ${person.last} – renewal`, pipeline_id: stage.pipeline_id, stage_id: stage.id, primary_contact_id: contact });
  const course = await db().selectFrom('courses').select(['id']).where('org_id', '=', org).executeTakeFirstOrThrow();
  const session = await one('course_sessions', { org_id: org, course_id: course.id, starts_at: '2026-09-01T09:00Z', ends_at: '2026-09-01T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/gdpr', capacity: 30 });
  const enrollment = await one('enrollments', { org_id: org, session_id: session, contact_id: contact });
  await one('exam_results', { org_id: org, enrollment_id: enrollment, attempt: 1, score: 91, passed: true, taken_at: new Date(), notes: `${person.first} finished early` });
  const certificateNumber = `GDPR-${tag.toUpperCase()}`;
  await one('certifications', { org_id: org, contact_id: contact, course_id: course.id, enrollment_id: enrollment, certificate_number: certificateNumber, issued_at: '2026-09-02', expires_at: '2028-09-02' });
  await one('consent_events', { org_id: org, contact_id: contact, purpose: 'marketing_email', granted: true, source: 'web_form', proof: { text: 'Yes, send me course news', ip: '198.51.100.7', name: person.first } });
  await one('consent_confirmations', {
    org_id: org, lead_id: lead, purpose: 'partner_offers', token_hash: randomUUID().replace(/-/g, '').padEnd(64, '0'), text_shown: 'Yes, partner offers',
    proof: { submitted_ip: '198.51.100.8', form_name: `${person.last} form` }, expires_at: new Date(Date.now() + 86_400_000),
  });
  const message = await one('email_messages', { org_id: org, template: 'welcome', category: 'marketing', recipient_email: person.email, contact_id: contact, idempotency_key: `gdpr-${tag}`, subject: `Welcome, ${person.first}` });
  await one('email_outbox', { org_id: org, message_id: message, from_address: 'Northwind <hello@northwind.example>', to_address: person.email, subject: `Welcome, ${person.first}`, html: `<p>Dear ${person.first} ${person.last}</p>`, text: `Dear ${person.first}` });
  await one('email_events', { org_id: org, message_id: message, provider_event_id: `evt_${tag}`, type: 'email.delivered', payload: { to: [person.email] }, occurred_at: new Date() });
  // Marketing and transactional work still queued for the person.
  const segment = await one('segments', { org_id: org, name: `Segment ${tag}`, audience: 'contacts', filter: {} });
  const campaign = await one('campaigns', { org_id: org, name: `Campaign ${tag}`, segment_id: segment, template: 'welcome', status: 'sending', recipients_total: 1, run: 1 });
  await one('campaign_recipients', { org_id: org, campaign_id: campaign, contact_id: contact, enqueued_run: 1 });
  const sequence = await one('sequences', { org_id: org, name: `Sequence ${tag}` });
  await one('sequence_enrollments', { org_id: org, sequence_id: sequence, lead_id: lead, next_run_at: new Date() });
  await one('email_triggers', { org_id: org, event: 'certification_issued', contact_id: contact, record_id: randomUUID() });
  const request = await one('data_subject_requests', {
    org_id: org, type, subject_email: person.email, received_via: 'email', status: 'verified', verified_at: new Date(), notes: `Phoned by ${person.first}`,
  });
  await one('dsr_actions', { org_id: org, request_id: request, action: 'verified', note: `Identity of ${person.first} confirmed` });
  await one('subject_exports', { org_id: org, request_id: request, document: { name: person.last } });
  // An import that refused a row of the person, changed their contact, and another still
  // waiting to run with the person in its file and its first rows.
  const adminId = (await db().selectFrom('memberships').select('user_id').where('org_id', '=', org).where('role', '=', 'admin').executeTakeFirstOrThrow()).user_id;
  const ran = await one('imports', { org_id: org, requested_by: adminId, object: 'contacts', file_name: 'people.csv', file_format: 'csv', status: 'done', headers: ['Email', 'Last name'] });
  await db().insertInto('import_rows').values({ org_id: org, import_id: ran, row_number: 1, outcome: 'refused', reason: 'missing_name', cells: [person.email.toUpperCase(), ''] }).execute();
  await db().insertInto('import_rows').values({ org_id: org, import_id: ran, row_number: 2, outcome: 'updated', record_id: contact, previous: { phone: person.phone }, applied: { phone: '+44 1' } }).execute();
  const waiting = await one('imports', { org_id: org, requested_by: adminId, object: 'contacts', file_name: 'waiting.csv', file_format: 'csv', status: 'uploaded', file_chunks: 1 });
  // As the upload does: the headers and first rows are read after the import is created.
  await db().updateTable('imports').set({ headers: ['Email'], sample: JSON.stringify([[person.email]]) }).where('id', '=', waiting).execute();
  await db().insertInto('import_file_chunks').values({ org_id: org, import_id: waiting, seq: 0, data: Buffer.from(`Email\n${person.email.toUpperCase()}\n`) }).execute();
  // Lead scoring's profile of the person (the booking above was a signal by itself).
  await one('person_scores', { org_id: org, person_id: contact, person_kind: 'contact', score: 35, breakdown: JSON.stringify([{ rule: randomUUID(), name: 'Booked a course', kind: 'behaviour', points: 35, hits: 1 }]) });
  await one('score_history', { org_id: org, person_id: lead, person_kind: 'lead', day: '2026-09-01', score: 20 });
  // A change after creation, so the audit trail holds old and new values of the person.
  await db().updateTable('contacts').set({ job_title: 'Head of quality' }).where('id', '=', contact).execute();
  return { person, contact, lead, request, certificateNumber, waitingImport: waiting };
}

/** Every row of every table of every user schema, as a dump would hold it, that mentions any needle. */
async function rowsMentioning(needles: string[]): Promise<string[]> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`.execute(db());
  const hits: string[] = [];
  for (const t of tables) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(`${t.schema}.${t.name}`)} r
       where lower(to_jsonb(r)::text) like any (${needles.map((x) => `%${x.toLowerCase()}%`)})`.execute(db());
    if ((rows[0]?.n ?? 0) > 0) hits.push(`${t.schema}.${t.name} (${rows[0]?.n})`);
  }
  return hits;
}

beforeAll(async () => {
  compliance = await staff('compliance@northwind.example');
  admin = await staff('admin@northwind.example');
});

describe('subject export', () => {
  it('holds rows from every covered table for a subject with data in all of them, with a manifest', async () => {
    const s = await subjectEverywhere(compliance.orgId, 'access');
    const document = await withUser(compliance, async (tx) => (await sql<{ d: { manifest: { tables: Record<string, number> }; data: Record<string, unknown[]> } }>`select private.subject_export(${s.request}::uuid) as d`.execute(tx)).rows[0]?.d);
    const counts = document?.manifest.tables ?? {};
    const { rows: covered } = await sql<{ table_name: string }>`select table_name from private.personal_data_coverage where export_rule not like 'not exported%'`.execute(db());
    const missing = covered.map((r) => r.table_name).filter((t) => !(counts[t] && counts[t] > 0));
    // accounts: the subject has no company account in this fixture; suppressions: nothing suppressed yet.
    expect(missing.sort()).toEqual(['accounts', 'suppressions']);
    expect(JSON.stringify(document?.data.contacts)).toContain(s.person.email);
  });

  it('is refused to sales, marketing and viewers, and to a compliance officer of another organisation', async () => {
    const s = await subjectEverywhere(compliance.orgId, 'access');
    for (const email of ['sales1@northwind.example', 'marketing@northwind.example', 'viewer@northwind.example', 'admin@contoso.example']) {
      const outsider = await staff(email);
      const error = await asUserRolledBack(outsider, (tx) => sql`select private.subject_export(${s.request}::uuid)`.execute(tx)).catch((e: unknown) => e);
      expect(error, email).toBeInstanceOf(Error);
    }
  });
});

describe('subject erasure', () => {
  it('leaves no email, name or phone of the subject in any row of any table, keeps the certificate, and suppresses the address', async () => {
    const s = await subjectEverywhere(compliance.orgId, 'erasure');
    const needles = [s.person.email, s.person.first, s.person.last, s.person.phone];
    expect((await rowsMentioning(needles)).length).toBeGreaterThan(10);
    const profile = () =>
      Promise.all([
        db().selectFrom('score_signals').select('id').where((eb) => eb.or([eb('contact_id', '=', s.contact), eb('lead_id', '=', s.lead)])).execute(),
        db().selectFrom('person_scores').select('id').where('person_id', 'in', [s.contact, s.lead]).execute(),
        db().selectFrom('score_history').select('id').where('person_id', 'in', [s.contact, s.lead]).execute(),
      ]).then((found) => found.map((rows) => rows.length));
    expect(await profile()).toEqual([1, 1, 1]);

    const counts = await withUser(compliance, async (tx) => (await sql<{ c: Record<string, unknown> }>`select private.erase_subject(${s.request}::uuid, true) as c`.execute(tx)).rows[0]?.c);
    expect(counts).toMatchObject({ contacts: 1, leads: 1, training_records_kept: true });

    expect(await rowsMentioning(needles)).toEqual([]);
    // Profiling goes with the person: what they did, their score and its history.
    expect(await profile()).toEqual([0, 0, 0]);
    // A file is bytes (a dump shows them as hex): the import still waiting with the person in its file is gone.
    expect(await db().selectFrom('import_file_chunks').select('id').where('import_id', '=', s.waitingImport).execute()).toEqual([]);
    const certificate = await db().selectFrom('certifications').select(['contact_id', 'status']).where('certificate_number', '=', s.certificateNumber).executeTakeFirst();
    expect(certificate?.contact_id).toBe(s.contact);
    // Still verifiable by its number in public, naming nobody.
    expect(await verifyCertificate(s.certificateNumber.toLowerCase(), '198.51.100.50')).toMatchObject({ number: s.certificateNumber, holder: null, status: 'active' });
    expect(await verifyCertificate('NOT-A-REAL-NUMBER', '198.51.100.50')).toBeNull();
    const request = await db().selectFrom('data_subject_requests').select(['status', 'subject_email', 'subject_email_hash']).where('id', '=', s.request).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ status: 'completed', subject_email: null });
    expect(request.subject_email_hash).toMatch(/^[0-9a-f]{64}$/);

    // Never emailed again, and a re-import of the address is recognised.
    const asService = async <T>(q: ReturnType<typeof sql<T>>) =>
      db().transaction().execute(async (tx) => {
        await sql`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true)`.execute(tx);
        return (await q.execute(tx)).rows[0];
      });
    const block = await asService(sql<{ reason: string }>`select private.email_block_reason(${compliance.orgId}::uuid, ${s.person.email}, null, null, 'transactional') as reason`);
    expect(block?.reason).toBe('erased');
    const erased = await asUserRolledBack(await staff('sales1@northwind.example'), async (tx) => (await sql<{ e: boolean }>`select private.was_erased(${compliance.orgId}::uuid, ${s.person.email.toUpperCase()}) as e`.execute(tx)).rows[0]?.e);
    expect(erased).toBe(true);
  });

  it('is refused for an unverified request and for roles other than compliance and admin', async () => {
    const s = await subjectEverywhere(admin.orgId, 'erasure');
    const viewer = await staff('viewer@northwind.example');
    const denied = await asUserRolledBack(viewer, (tx) => sql`select private.erase_subject(${s.request}::uuid, true)`.execute(tx)).catch((e: unknown) => e);
    expect(isRlsDenial(denied)).toBe(true);
    await db().updateTable('data_subject_requests').set({ status: 'received', verified_at: null }).where('id', '=', s.request).execute();
    const unverified = await asUserRolledBack(admin, (tx) => sql`select private.erase_subject(${s.request}::uuid, true)`.execute(tx)).catch((e: unknown) => e);
    expect((unverified as { code?: string }).code).toBe('23514');
  });
});

describe('personal data coverage', () => {
  it('lists every table that references a contact or lead or holds an email, name or phone', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select distinct c.relname as table_name
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and (a.attname ~ '(^|_)(email|phone)$' or a.attname ~ '^(first|last|display)_name$' or a.attname ~ '(^|_)address$'
              or a.attname in ('contact_id', 'lead_id', 'primary_contact_id', 'converted_contact_id', 'subject_contact_id', 'subject_lead_id', 'message_id', 'request_id'))`.execute(db());
    const { rows: covered } = await sql<{ table_name: string }>`select table_name from private.personal_data_coverage`.execute(db());
    const listed = new Set(covered.map((r) => r.table_name));
    expect(rows.map((r) => r.table_name).filter((t) => !listed.has(t))).toEqual([]);
  });
});

describe('audit trail', () => {
  it('records who changed which field from what to what', async () => {
    const contact = (await db().selectFrom('contacts').select(['id', 'org_id']).where('org_id', '=', admin.orgId).where('deleted_at', 'is', null).executeTakeFirstOrThrow());
    const title = `Audited ${randomUUID().slice(0, 6)}`;
    await withUser(admin, (tx) => tx.updateTable('contacts').set({ job_title: title }).where('id', '=', contact.id).execute());
    const entry = await withUser(compliance, (tx) =>
      tx.selectFrom('audit_log').selectAll().where('record_id', '=', contact.id).orderBy('id', 'desc').executeTakeFirstOrThrow(),
    );
    expect(entry).toMatchObject({ actor_id: admin.userId, table_name: 'contacts', operation: 'update', subject_contact_id: contact.id });
    expect((entry.changes as Record<string, { new: string }>).job_title?.new).toBe(title);
    const salesView = await withUser(await staff('sales1@northwind.example'), (tx) => tx.selectFrom('audit_log').select('id').where('record_id', '=', contact.id).execute());
    expect(salesView).toEqual([]);
  });

  it('cannot be changed or deleted by any app role, admins and service role included', async () => {
    const entry = await db().selectFrom('audit_log').select('id').where('org_id', '=', admin.orgId).executeTakeFirstOrThrow();
    const attempts: ((tx: Tx) => Promise<unknown>)[] = [
      (tx) => tx.updateTable('audit_log').set({ changes: {} }).where('id', '=', entry.id).execute(),
      (tx) => tx.deleteFrom('audit_log').where('id', '=', entry.id).execute(),
      (tx) => sql`truncate public.audit_log`.execute(tx),
      (tx) => tx.insertInto('audit_log').values({ org_id: admin.orgId, table_name: 'contacts', record_id: randomUUID(), operation: 'update' }).execute(),
    ];
    for (const attempt of attempts) {
      const asAdmin = await asUserRolledBack(admin, attempt).catch((e: unknown) => e);
      expect((asAdmin as { code?: string }).code).toBe('42501');
      const asServiceRole = await db()
        .transaction()
        .execute(async (tx) => {
          await sql`select set_config('role', 'service_role', true)`.execute(tx);
          await attempt(tx);
        })
        .catch((e: unknown) => e);
      expect((asServiceRole as { code?: string }).code).toBe('42501');
    }
  });
});

describe('data subject requests', () => {
  it('are due one calendar month after receipt, and an extension needs a reason and the subject told', async () => {
    const base = { org_id: admin.orgId, type: 'access' as const, subject_email: 'due.date@example.com', received_via: 'letter' as const };
    const request = await db().insertInto('data_subject_requests').values({ ...base, received_at: '2026-01-31T10:00:00Z' }).returning(['id', 'due_at']).executeTakeFirstOrThrow();
    expect(request.due_at.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    const noReason = await db().updateTable('data_subject_requests').set({ extension_months: 2 }).where('id', '=', request.id).execute().catch((e: unknown) => e);
    expect((noReason as { code?: string }).code).toBe('23514');
    const extended = await db()
      .updateTable('data_subject_requests')
      .set({ extension_months: 2, extension_reason: 'Complex: records in three systems', subject_told_of_extension_at: new Date() })
      .where('id', '=', request.id)
      .returning('due_at')
      .executeTakeFirstOrThrow();
    expect(extended.due_at.toISOString()).toBe('2026-04-30T10:00:00.000Z');
  });
});
