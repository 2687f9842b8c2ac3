/**
 * The unified CRM service, called the way the app calls it: with a staff session, under RLS.
 * A failed call must change nothing; conversions are all or nothing; errors are typed.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, listContacts } from '../../lib/crm/contacts';
import { verifyCertificate } from '../../lib/crm/certificate-verification';
import { convertLead } from '../../lib/crm/conversion';
import { CrmError } from '../../lib/crm/errors';
import { countMatches, filterBySearch, SEARCH_MATCH_LIMIT } from '../../lib/crm/list-query';
import { createLead, getLead, listLeads, restoreLead, trashLead, updateLead } from '../../lib/crm/leads';
import { createOpportunity, listPipelines, moveOpportunity } from '../../lib/crm/opportunities';
import { cancelEnrollment, createCourse, enroll, issueCertification, recordExamResult, revokeCertification } from '../../lib/crm/training';
import { ownerDb } from '../../lib/db/owner';
import { asUserRolledBack, kindOf, type Staff, staff } from './support';

let manager: Staff;
let sales1: Staff;
let sales2: Staff;
let viewer: Staff;


const count = async (table: 'leads' | 'contacts' | 'accounts' | 'opportunities', org: string) => {
  const row = await ownerDb().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', org).executeTakeFirstOrThrow();
  return Number(row.n);
};

beforeAll(async () => {
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
  viewer = await staff('viewer@northwind.example');
});

describe('leads service', () => {
  it('rejects invalid input with field messages and writes nothing', async () => {
    const before = await count('leads', sales1.orgId);
    const error = await createLead(sales1, { email: 'not-an-email', score: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).kind).toBe('validation');
    expect(Object.keys((error as CrmError).fieldErrors).sort()).toEqual(['email', 'score']);
    expect(await count('leads', sales1.orgId)).toBe(before);
  });

  it('creates, finds by search, updates with a version check and reports a stale edit', async () => {
    const marker = `Zephyrine${randomUUID().slice(0, 6)}`;
    const created = await createLead(sales1, { first_name: 'Ada', last_name: marker, owner_id: sales1.userId });
    const page = await listLeads(sales1, { q: marker.toLowerCase() });
    expect(page.rows.map((r) => r.id)).toEqual([created.id]);
    const newVersion = await updateLead(sales1, { id: created.id, expected_updated_at: created.updated_at, last_name: marker, score: 70 });
    expect(newVersion.getTime()).toBeGreaterThan(created.updated_at.getTime());
    expect(await kindOf(updateLead(sales1, { id: created.id, expected_updated_at: created.updated_at, last_name: marker }))).toBe('conflict');
    expect((await getLead(sales1, created.id)).score).toBe(70);
  });

  it('hides another rep’s lead from a sales rep, and refuses a viewer’s edit', async () => {
    const theirs = await createLead(sales2, { last_name: 'Private', owner_id: sales2.userId });
    expect(await kindOf(getLead(sales1, theirs.id))).toBe('not_found');
    expect(await kindOf(updateLead(sales1, { id: theirs.id, expected_updated_at: theirs.updated_at, last_name: 'Hijack' }))).toBe('not_found');
    expect(await kindOf(updateLead(viewer, { id: theirs.id, expected_updated_at: theirs.updated_at, last_name: 'Viewer' }))).toBe('forbidden');
    expect(await kindOf(updateLead(sales1, { id: theirs.id, expected_updated_at: theirs.updated_at, owner_id: sales1.userId }))).toBe('not_found');
    expect(await kindOf(createLead(viewer, { last_name: 'Viewer lead' }))).toBe('forbidden');
  });

  it('pages with keyset cursors without gaps or repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listLeads(manager, { limit: 7, cursor });
      for (const row of page.rows) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 100);
    const total = await ownerDb().selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', manager.orgId).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    expect(seen.size).toBe(Number(total.n));
  });

  it('sorts contacts by last name A–Z across keyset pages', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listContacts(manager, { sort: 'last_name', limit: 9, cursor });
      names.push(...page.rows.map((r) => r.last_name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // The database's own collation is the reference order.
    const expected = await ownerDb().selectFrom('contacts').select('last_name').where('org_id', '=', manager.orgId).where('deleted_at', 'is', null).orderBy('last_name').orderBy('id').execute();
    expect(names.length).toBeGreaterThan(20);
    expect(names).toEqual(expected.map((r) => r.last_name));
  });

  it('counts a search up to what it considers, and says when there may be more', async () => {
    const mark = `cap${randomUUID().slice(0, 8)}`;
    const counted = await asUserRolledBack(manager, async (tx) => {
      const add = (from: number, to: number) =>
        sql`insert into contacts (org_id, last_name, email) select ${manager.orgId}::uuid, ${`Capped ${mark}`}, ${mark} || '-' || g || '@example.com' from generate_series(${from}::int, ${to}::int) g`.execute(tx);
      const count = () => countMatches(tx, filterBySearch(tx.selectFrom('contacts').select('contacts.id').where('contacts.org_id', '=', manager.orgId), 'contacts', mark, manager), 'contacts', manager, { q: mark, object: 'contact' });
      await add(1, SEARCH_MATCH_LIMIT);
      const under = await count();
      await add(SEARCH_MATCH_LIMIT + 1, SEARCH_MATCH_LIMIT + 1);
      return { under, full: await count() };
    });
    // Exactly as many as the search keeps: nothing was left out.
    expect(counted.under).toEqual({ count: SEARCH_MATCH_LIMIT, more: false, partial: false });
    // One more: the search left matches out, and the total must not pass for all of them.
    expect(counted.full).toEqual({ count: SEARCH_MATCH_LIMIT, more: true, partial: true });
  });

  it('answers a tampered cursor with a validation error', async () => {
    expect(await kindOf(listLeads(manager, { cursor: 'not-a-cursor' }))).toBe('validation');
  });

  it('moves a lead to the trash and back; the trash is not a sales rep’s list', async () => {
    const lead = await createLead(sales1, { last_name: 'Trashable', owner_id: sales1.userId });
    await trashLead(sales1, lead.id);
    expect((await listLeads(sales1, { q: 'trashable' })).rows.find((r) => r.id === lead.id)).toBeUndefined();
    await restoreLead(manager, lead.id);
    expect((await listLeads(sales1, { q: 'trashable' })).rows.find((r) => r.id === lead.id)).toBeDefined();
  });
});

describe('lead conversion', () => {
  it('creates the account, contact and opportunity and marks the lead converted', async () => {
    const [pipeline] = await listPipelines(sales1);
    const stage = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    const lead = await createLead(sales1, { first_name: 'Grace', last_name: 'Convertible', email: `grace-${randomUUID()}@example.com`, owner_id: sales1.userId });
    const result = await convertLead(sales1, {
      lead_id: lead.id,
      expected_updated_at: lead.updated_at,
      contact: { mode: 'create' },
      account: { mode: 'create', name: 'Convertible Analytics Ltd' },
      opportunity: { name: 'Convertible – Agile Practitioner', pipeline_id: pipeline?.id, stage_id: stage?.id, amount: 4800 },
    });
    expect(result.accountId && result.opportunityId).toBeTruthy();
    const converted = await getLead(sales1, lead.id);
    expect(converted.status).toBe('converted');
    expect(converted.converted_contact_id).toBe(result.contactId);
  });

  it('changes nothing when any step fails (duplicate contact email)', async () => {
    const email = `taken-${randomUUID()}@example.com`;
    await createContact(sales1, { last_name: 'Existing', email, owner_id: sales1.userId });
    const lead = await createLead(sales1, { last_name: 'Duplicate', email, owner_id: sales1.userId });
    const accountsBefore = await count('accounts', sales1.orgId);
    const error = await convertLead(sales1, {
      lead_id: lead.id,
      expected_updated_at: lead.updated_at,
      contact: { mode: 'create' },
      account: { mode: 'create', name: 'Should Not Exist Ltd' },
    }).catch((e: unknown) => e);
    expect((error as CrmError).kind).toBe('validation');
    expect((error as CrmError).fieldErrors.email).toBeDefined();
    expect(await count('accounts', sales1.orgId)).toBe(accountsBefore);
    expect((await getLead(sales1, lead.id)).status).not.toBe('converted');
  });
});

describe('opportunities and training', () => {
  it('asks for a reason before moving a deal to a lost stage, and derives the status', async () => {
    const [pipeline] = await listPipelines(sales1);
    const open = pipeline?.stages.find((s) => !s.is_won && !s.is_lost);
    const lost = pipeline?.stages.find((s) => s.is_lost);
    const deal = await createOpportunity(sales1, { name: 'Lost cause', pipeline_id: pipeline?.id, stage_id: open?.id, owner_id: sales1.userId });
    expect(await kindOf(moveOpportunity(sales1, { id: deal.id, stage_id: lost?.id }))).toBe('validation');
    const moved = await moveOpportunity(sales1, { id: deal.id, stage_id: lost?.id, lost_reason: 'Budget frozen until Q3' });
    expect(moved.status).toBe('lost');
  });

  it('waitlists beyond capacity, promotes on cancellation, records results and certifies', async () => {
    const db = ownerDb();
    const course = await db.selectFrom('courses').select(['id']).where('org_id', '=', manager.orgId).where('certification_validity_months', 'is not', null).executeTakeFirstOrThrow();
    const session = await db
      .insertInto('course_sessions')
      .values({ org_id: manager.orgId, course_id: course.id, starts_at: '2027-06-01T09:00Z', ends_at: '2027-06-02T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/x', capacity: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const a = await createContact(manager, { last_name: 'Seat A', email: `a-${randomUUID()}@example.com` });
    const b = await createContact(manager, { last_name: 'Seat B', email: `b-${randomUUID()}@example.com` });
    const first = await enroll(manager, { session_id: session.id, contact_id: a.id });
    const second = await enroll(manager, { session_id: session.id, contact_id: b.id });
    expect([first.status, second.status]).toEqual(['enrolled', 'waitlisted']);
    await cancelEnrollment(manager, { id: first.id, reason: 'Moved to the June run' });
    const promoted = await db.selectFrom('enrollments').select('status').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(promoted.status).toBe('enrolled');
    // No result before the session has started, and no result without a score.
    expect(await recordExamResult(manager, { enrollment_id: second.id, score: 82, taken_at: new Date() }).catch((e: CrmError) => e.message)).toBe(
      'This session has not started yet: record the result once the exam has been taken.',
    );
    await db.updateTable('course_sessions').set({ starts_at: new Date(Date.now() - 2 * 3_600_000) }).where('id', '=', session.id).execute();
    const blank = await recordExamResult(manager, { enrollment_id: second.id, score: '', taken_at: new Date() }).catch((e: CrmError) => e);
    expect(blank).toMatchObject({ kind: 'validation', fieldErrors: { score: ['Enter the score (0–100).'] } });
    expect(await db.selectFrom('exam_results').select('id').where('enrollment_id', '=', second.id).execute()).toEqual([]);
    const exam = await recordExamResult(manager, { enrollment_id: second.id, score: 82, taken_at: new Date() });
    expect(exam).toMatchObject({ attempt: 1, passed: true });
    const certificate = await issueCertification(manager, { contact_id: b.id, course_id: course.id, enrollment_id: second.id, issued_at: '2026-11-21' });
    expect(certificate.certificate_number).toMatch(/^[A-Z0-9-]+-2026-\d{8}$/);
    expect(certificate.expires_at).toMatch(/^20\d\d-11-21$/);
    expect(await verifyCertificate(certificate.certificate_number, '198.51.100.51')).toMatchObject({ holder: 'Seat B', status: 'active', issuer: 'Northwind Training' });
    // Revoking needs a reason, is refused to a rep who does not own the contact, and shows on verification.
    expect(await revokeCertification(manager, { id: certificate.id, reason: ' ' }).catch((e: CrmError) => e.fieldErrors)).toEqual({ reason: ['Say why the certificate is revoked.'] });
    expect(await kindOf(revokeCertification(sales1, { id: certificate.id, reason: 'Exam irregularity' }))).toBe('not_found');
    await revokeCertification(manager, { id: certificate.id, reason: 'Exam irregularity' });
    expect(await verifyCertificate(certificate.certificate_number, '198.51.100.51')).toMatchObject({ status: 'revoked' });
    expect(await kindOf(revokeCertification(manager, { id: certificate.id, reason: 'Twice' }))).toBe('not_found');
  });

  it('adds courses for managers only, with clear errors for bad input', async () => {
    const code = `QA-${randomUUID().slice(0, 6)}`;
    expect(await kindOf(createCourse(sales1, { code, title: 'Quality Auditor', level: 'advanced', duration_hours: 24, price: 1450 }))).toBe('forbidden');
    const bad = await createCourse(manager, { code: 'no spaces allowed', title: '', level: 'guru', duration_hours: -1, price: 'free' }).catch((e: unknown) => e);
    expect(Object.keys((bad as CrmError).fieldErrors).sort()).toEqual(['code', 'duration_hours', 'level', 'price', 'title']);
    const course = await createCourse(manager, { code: code.toLowerCase(), title: 'Quality Auditor', level: 'advanced', duration_hours: 24, price: 1450, certification_validity_months: 36 });
    const stored = await ownerDb().selectFrom('courses').select(['code', 'certification_validity_months']).where('id', '=', course.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ code: code.toUpperCase(), certification_validity_months: 36 });
  });

  it('lets a sales rep book their own contact, even on a session they cannot edit', async () => {
    const session = await ownerDb().selectFrom('course_sessions').select('id').where('org_id', '=', sales1.orgId).where('starts_at', '>', new Date()).where('capacity', '>', 2).executeTakeFirstOrThrow();
    const mine = await createContact(sales1, { last_name: 'Own Trainee', email: `own-${randomUUID()}@example.com`, owner_id: sales1.userId });
    const booking = await enroll(sales1, { session_id: session.id, contact_id: mine.id });
    expect(['enrolled', 'waitlisted']).toContain(booking.status);
    const theirs = await createContact(sales2, { last_name: 'Not Mine', email: `theirs-${randomUUID()}@example.com`, owner_id: sales2.userId });
    expect(await kindOf(enroll(sales1, { session_id: session.id, contact_id: theirs.id }))).toBe('forbidden');
  });
});
