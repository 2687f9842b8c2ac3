/**
 * Imports of training records through the real path (upload → mapping → dry run → run →
 * revert). Attendee sheets: a row books a person (found by email, or made a contact) on a
 * session (found by course code and start day) — every refusal reason of a booking,
 * duplicates in the sheet, a full session, re-importing the same sheet, updating a status and
 * reverting it, removing what an import created, confirmations only when asked. Certificate
 * registers (matched on the number) and exam results (an attempt of a booking) the same way.
 * And who may import them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { beginImport, getImport, refusedRowsCsv, revertImportRequest, saveImportSettings, uploadImport } from '../../lib/imports/imports';
import { ambiguousDay, dayOrderOf, sessionDay, sheetMoment } from '../../lib/imports/prepare';
import { bytesOf, csv, drain, importThrough } from './import-support';
import { editableProps } from '../../lib/marketing/template-props';
import { adminOfOwnOrganisation, kindOf, type Staff, staff } from './support';

let admin: Staff;
let manager: Staff;
let sales: Staff;


/** An attendee sheet (or another training record, by `object`), upserted unless asked otherwise. */
const importSheet = (who: Staff, text: string, options: { mode?: string; send_confirmations?: boolean; object?: string } = {}) =>
  importThrough(who, options.object ?? 'enrollments', text, { mode: options.mode ?? 'upsert', external_source: null, send_confirmations: options.send_confirmations });

/** A course of its own with sessions on known days (UTC), so each test's sheet names only its own. */
async function courseWith(capacities: { day: string; capacity: number; hour?: number }[], validityMonths: number | null = null) {
  const code = `IMP-${randomUUID().slice(0, 6)}`;
  const db = ownerDb();
  const course = await db
    .insertInto('courses')
    .values({ org_id: admin.orgId, code, title: `Import course ${code}`, level: 'foundation', duration_hours: 8, price: 900, certification_validity_months: validityMonths })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessions: string[] = [];
  for (const { day, capacity, hour = 9 } of capacities) {
    const starts = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
    const row = await db
      .insertInto('course_sessions')
      .values({ org_id: admin.orgId, course_id: course.id, starts_at: starts, ends_at: new Date(starts.getTime() + 8 * 3600_000), delivery: 'online', meeting_url: 'https://meet.example.com/x', capacity })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessions.push(row.id);
  }
  return { code, sessions };
}

const bookingsOn = (sessionId: string) =>
  ownerDb().selectFrom('enrollments').innerJoin('contacts', 'contacts.id', 'enrollments.contact_id').select(['contacts.email', 'enrollments.status', 'enrollments.price', 'enrollments.import_id', 'enrollments.cancelled_at']).where('session_id', '=', sessionId).orderBy('contacts.email').execute();

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
  manager = await staff('manager@northwind.example');
  sales = await staff('sales1@northwind.example');
});

describe('reading an attendee sheet', () => {
  it('reads the days sheets write: ISO, day first, US month first when it must be', () => {
    expect(sessionDay('2026-12-14')).toBe('2026-12-14');
    expect(sessionDay('2026-12-14T09:00:00Z')).toBe('2026-12-14');
    expect(sessionDay('14/12/2026')).toBe('2026-12-14');
    expect(sessionDay('12/14/2026')).toBe('2026-12-14');
    expect(sessionDay('03.04.2026 09:00')).toBe('2026-04-03');
    expect(sessionDay('31/02/2026')).toBeNull();
    expect(sessionDay('next tuesday')).toBeNull();
  });

  it('reads a column of days in the order its cells show, and refuses what reads two ways in a mixed one', () => {
    const us = ['04/13/2026', '04/03/2026'];
    expect(dayOrderOf(us)).toBe('mdy');
    expect(sessionDay('04/03/2026', 'mdy')).toBe('2026-04-03');
    expect(sessionDay('04/03/2026', 'dmy')).toBe('2026-03-04');
    expect(dayOrderOf(['13/04/2026', '04/03/2026'])).toBe('dmy');
    expect(dayOrderOf(['04/03/2026'])).toBe('dmy');
    const mixed = dayOrderOf(['13/04/2026', '04/13/2026']);
    expect(mixed).toBe('mixed');
    expect(ambiguousDay('04/03/2026', mixed)).toBe(true);
    expect(ambiguousDay('04/04/2026', mixed)).toBe(false);
    expect(sheetMoment('04/13/2026 14:30', 'mdy')).toBe('2026-04-13T14:30:00.000Z');
    expect(sheetMoment('2026-05-04T16:30:00+02:00')).toBe('2026-05-04T14:30:00.000Z');
    expect(sheetMoment('2026-05-04')).toBe('2026-05-04T00:00:00.000Z');
    expect(sheetMoment('2026-02-31 10:00')).toBeNull();
    expect(sheetMoment('2026-05-04 25:00')).toBeNull();
  });

  it('books from a US sheet whose days are all read month first', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([
      { day: '2027-05-03', capacity: 5 },
      { day: '2027-04-13', capacity: 5 },
    ]);
    await ownerDb().insertInto('contacts').values({ org_id: admin.orgId, last_name: 'Usa', email: `usa.${t}@example.com` }).execute();
    const { summary } = await importSheet(admin, csv([['Email', 'Course code', 'Start date'], [`usa.${t}@example.com`, code, '05/03/2027'], [`usa.${t}@example.com`, code, '04/13/2027']]));
    expect(summary).toMatchObject({ created: 2, refused: {} });
    expect((await bookingsOn(sessions[0] as string)).map((b) => b.email)).toEqual([`usa.${t}@example.com`]);
  });
});

describe('an attendee sheet', () => {
  it('counts in its dry run the seats its earlier batches booked, so the dry run refuses what the real run will', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([{ day: '2027-03-01', capacity: 3 }]);
    const sheet = csv([['Email', 'First name', 'Last name', 'Course code', 'Session date'], ...Array.from({ length: 5 }, (_, i) => [`seat${i}.${t}@example.com`, 'Seat', `Taker ${i}`, code, '2027-03-01'])]);
    const { id } = await uploadImport(admin, { object: 'enrollments', fileName: 'seats.csv' }, bytesOf(sheet));
    const uploaded = await getImport(admin, id);
    await saveImportSettings(admin, { id, mapping: uploaded.mapping, mode: 'upsert', match: uploaded.match, external_source: null });
    const { startImport } = await import('../../lib/imports/imports');
    const { runImport } = await import('../../lib/imports/run');
    // Two rows a batch: the session fills up in the second batch.
    await startImport(admin, id, true);
    await runImport(id, { batchRows: 2 });
    const checked = await getImport(admin, id);
    expect(checked.dry_summary).toMatchObject({ rows: 5, created: 3, refused: { session_full: 2 } });
    expect(await bookingsOn(sessions[0] as string)).toEqual([]);
    await startImport(admin, id, false);
    await runImport(id, { batchRows: 2 });
    expect((await getImport(admin, id)).summary).toMatchObject({ rows: 5, created: 3, refused: { session_full: 2 } });
    expect(await bookingsOn(sessions[0] as string)).toHaveLength(3);
  });

  it('cannot be made to book past capacity by whoever sets the dry-run count', async () => {
    const { sessions } = await courseWith([{ day: '2027-04-01', capacity: 1 }]);
    const db = ownerDb();
    const people = await db.insertInto('contacts').values([1, 2].map((n) => ({ org_id: admin.orgId, first_name: 'Cap', last_name: `Person ${n}`, email: `cap${n}.${randomUUID().slice(0, 6)}@example.com` }))).returning('id').execute();
    await db.insertInto('enrollments').values({ org_id: admin.orgId, session_id: sessions[0] as string, contact_id: people[0]?.id as string }).execute();
    const booked = await withUser(admin, async (tx) => {
      await sql`select set_config('cohort.dry_run_seats', ${JSON.stringify({ [sessions[0] as string]: -10 })}, true)`.execute(tx);
      await tx.insertInto('enrollments').values({ org_id: admin.orgId, session_id: sessions[0] as string, contact_id: people[1]?.id as string }).execute();
    }).then(
      () => 'booked',
      (error: { constraint?: string }) => error.constraint ?? 'other',
    );
    expect(booked).toBe('enrollments_session_capacity');
    expect(await bookingsOn(sessions[0] as string)).toHaveLength(1);
  });

  it('books people on sessions by course code and day, creating only the people it must, and refuses what it cannot book', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([
      { day: '2026-06-01', capacity: 5 },
      { day: '2027-01-12', capacity: 2 },
      { day: '2027-02-01', capacity: 5 },
      { day: '2027-02-01', capacity: 5, hour: 14 },
    ]);
    const [past, upcoming] = sessions as [string, string];
    const db = ownerDb();
    const account = await db.insertInto('accounts').values({ org_id: admin.orgId, name: `Sheet Corp ${t}`, domain: `sheet-${t}.example` }).returning('id').executeTakeFirstOrThrow();
    const known = await db.insertInto('contacts').values({ org_id: admin.orgId, first_name: 'Kim', last_name: 'Known', email: `kim.${t}@example.com` }).returning(['id', 'updated_at']).executeTakeFirstOrThrow();

    const sheet = csv([
      ['Email', 'First name', 'Last name', 'Company', 'Course code', 'Session date', 'Attendance', 'Price'],
      [`Kim.${t}@Example.com `, 'Kimberly', 'Renamed', '', code.toLowerCase(), '2026-06-01', 'Attended', ''],
      [`ada.${t}@example.com`, 'Ada', 'New', `Sheet Corp ${t}`, code, '01/06/2026', 'Passed', '€1,200.00'],
      [`ada.${t}@example.com`, 'Ada', 'New', '', code, '2027-01-12', 'Booked', ''],
      [`kim.${t}@example.com`, '', '', '', code, '1/6/2026', '', ''], // the first row again
      [`bo.${t}@example.com`, 'Bo', 'Second', '', code, '2027-01-12', 'maybe', ''],
      [`cy.${t}@example.com`, 'Cy', 'Third', '', code, '2027-01-12', '', ''], // the session is full by now
      [`dee.${t}@example.com`, 'Dee', 'Nobody', '', 'NO-SUCH-COURSE', '2027-01-12', '', ''],
      [`eve.${t}@example.com`, 'Eve', 'Wrongday', '', code, '2027-01-13', '', ''],
      [`fay.${t}@example.com`, 'Fay', 'Twice', '', code, '2027-02-01', '', ''],
      ['', 'No', 'Address', '', code, '2026-06-01', '', ''],
      [`gus.${t}@example.com`, 'Gus', 'Someday', '', code, 'next tuesday', '', ''],
      [`hal.${t}@example.com`, 'Hal', '', '', code, '2026-06-01', '', ''],
    ]);
    const { uploaded, dry, summary, done } = await importSheet(admin, sheet);
    expect(Object.values(uploaded.mapping).sort()).toEqual(['account', 'course', 'email', 'first_name', 'last_name', 'price', 'session_start', 'status'].sort());

    const expected = {
      rows: 12,
      created: 4,
      updated: 0,
      unchanged: 0,
      duplicates_in_file: 1,
      refused: { session_full: 1, unknown_course: 1, unknown_session: 1, ambiguous_session: 1, missing_email: 1, invalid_session_date: 1, missing_name: 1 },
      warnings: { unknown_status: 1 },
    };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);

    expect(await bookingsOn(past)).toEqual([
      { email: `ada.${t}@example.com`, status: 'completed', price: '1200.00', import_id: done.id, cancelled_at: null },
      { email: `kim.${t}@example.com`, status: 'attended', price: null, import_id: done.id, cancelled_at: null },
    ]);
    expect((await bookingsOn(upcoming)).map((b) => [b.email, b.status])).toEqual([
      [`ada.${t}@example.com`, 'enrolled'],
      [`bo.${t}@example.com`, 'enrolled'],
    ]);
    // The known person is untouched; the new one is one contact, at the account the sheet names.
    const kim = await db.selectFrom('contacts').select(['first_name', 'last_name', 'updated_at']).where('id', '=', known.id).executeTakeFirstOrThrow();
    expect(kim).toEqual({ first_name: 'Kim', last_name: 'Known', updated_at: known.updated_at });
    const ada = await db.selectFrom('contacts').select(['id', 'account_id', 'lifecycle_stage', 'source', 'import_id']).where('org_id', '=', admin.orgId).where('email', '=', `ada.${t}@example.com`).execute();
    expect(ada).toEqual([{ id: expect.any(String), account_id: account.id, lifecycle_stage: 'customer', source: 'import', import_id: done.id }]);
    // A person whose only booking was refused was not kept.
    expect(await db.selectFrom('contacts').select('id').where('org_id', '=', admin.orgId).where('email', 'in', [`cy.${t}@example.com`, `eve.${t}@example.com`]).execute()).toEqual([]);
    // Bookings made elsewhere are not confirmed again unless asked.
    const triggers = await db.selectFrom('email_triggers').select('id').where('event', '=', 'enrollment_created').where('contact_id', 'in', ada.map((a) => a.id)).execute();
    expect(triggers).toEqual([]);

    // The refused rows come back with their reason, to fix and import again.
    const refused = await refusedRowsCsv(admin, done.id);
    let text = '';
    for await (const part of refused.chunks) text += part;
    expect(text).toContain('The session is full');
    expect(text).toContain(`cy.${t}@example.com`);

    // The same sheet again changes nothing; a changed status updates the booking, and its revert puts it back.
    const again = await importSheet(admin, sheet);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, duplicates_in_file: 1 });
    const noShow = await importSheet(admin, csv([['Email', 'Course', 'Start date', 'Status'], [`kim.${t}@example.com`, code, '2026-06-01', 'no show'], [`bo.${t}@example.com`, code, '2027-01-12', 'Cancelled']]));
    expect(noShow.summary).toMatchObject({ created: 0, updated: 2 });
    expect((await bookingsOn(past)).find((b) => b.email?.startsWith('kim'))?.status).toBe('no_show');
    const bo = (await bookingsOn(upcoming)).find((b) => b.email?.startsWith('bo'));
    expect(bo?.status).toBe('cancelled');
    expect(bo?.cancelled_at).toBeInstanceOf(Date);
    await revertImportRequest(admin, noShow.id);
    await drain();
    expect((await getImport(admin, noShow.id)).revert_summary).toMatchObject({ restored: 2, conflicts: 0 });
    expect((await bookingsOn(past)).find((b) => b.email?.startsWith('kim'))?.status).toBe('attended');
    expect((await bookingsOn(upcoming)).find((b) => b.email?.startsWith('bo'))).toMatchObject({ status: 'enrolled', cancelled_at: null });

    // Reverting the first import removes the bookings it made and the people it made for them —
    // but not Kim's and Bo's bookings, changed since, nor Bo, who still holds one.
    await revertImportRequest(admin, done.id);
    await drain();
    expect((await getImport(admin, done.id)).revert_summary).toMatchObject({ removed: 3, kept_edited: 3 });
    expect((await bookingsOn(past)).map((b) => b.email)).toEqual([`kim.${t}@example.com`]);
    expect((await bookingsOn(upcoming)).map((b) => b.email)).toEqual([`bo.${t}@example.com`]);
    const deletedAt = async (email: string) => (await db.selectFrom('contacts').select('deleted_at').where('org_id', '=', admin.orgId).where('email', '=', email).executeTakeFirstOrThrow()).deleted_at;
    expect(await deletedAt(`ada.${t}@example.com`)).toBeInstanceOf(Date);
    expect(await deletedAt(`bo.${t}@example.com`)).toBeNull();
    expect(await deletedAt(`kim.${t}@example.com`)).toBeNull();
  });

  it('only creates when asked to, only updates when asked to, and confirms upcoming bookings when asked to', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([{ day: '2027-03-02', capacity: 10 }]);
    const sheet = (withKai: boolean) =>
      csv([['Email', 'Name', 'Course code', 'Session start'], [`ivy.${t}@example.com`, 'Ivy Upcoming', code, '2027-03-02'], [`jo.${t}@example.com`, 'Jo Later', code, '2027-03-02'], ...(withKai ? [[`kai.${t}@example.com`, 'Kai', code, '2027-03-02']] : [])]);
    const onlyUpdate = await importSheet(manager, sheet(false), { mode: 'update' });
    expect(onlyUpdate.summary).toMatchObject({ created: 0, refused: { not_found: 2 } });
    expect(await ownerDb().selectFrom('contacts').select('id').where('email', 'in', [`ivy.${t}@example.com`, `jo.${t}@example.com`]).execute()).toEqual([]);

    const confirmed = await importSheet(manager, sheet(false), { send_confirmations: true });
    expect(confirmed.summary).toMatchObject({ created: 2 });
    const booked = await bookingsOn(sessions[0] as string);
    expect(booked.map((b) => b.status)).toEqual(['enrolled', 'enrolled']);
    const triggers = await ownerDb()
      .selectFrom('email_triggers')
      .innerJoin('contacts', 'contacts.id', 'email_triggers.contact_id')
      .select('contacts.email')
      .where('event', '=', 'enrollment_created')
      .where('contacts.email', 'in', [`ivy.${t}@example.com`, `jo.${t}@example.com`])
      .execute();
    expect(triggers).toHaveLength(2);

    const onlyCreate = await importSheet(manager, sheet(true), { mode: 'create' });
    expect(onlyCreate.summary).toMatchObject({ created: 1, refused: { already_exists: 2 } });
  });
});

describe('what an import and its revert cannot take back', () => {
  it('leaves a booking whose seat went to the waitlist as it is, and says so', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([{ day: '2027-04-05', capacity: 1 }]);
    const db = ownerDb();
    const person = async (name: string) => (await db.insertInto('contacts').values({ org_id: admin.orgId, last_name: name, email: `${name.toLowerCase()}.${t}@example.com` }).returning('id').executeTakeFirstOrThrow()).id;
    const [ann, cat] = [await person('Ann'), await person('Cat')];
    await db.insertInto('enrollments').values({ org_id: admin.orgId, session_id: sessions[0] as string, contact_id: ann, status: 'enrolled' }).execute();
    await db.insertInto('enrollments').values({ org_id: admin.orgId, session_id: sessions[0] as string, contact_id: cat, status: 'waitlisted', waitlisted_at: new Date() }).execute();
    const cancelled = await importSheet(admin, csv([['Email', 'Course code', 'Session date', 'Status'], [`ann.${t}@example.com`, code, '2027-04-05', 'Cancelled']]));
    expect(cancelled.summary).toMatchObject({ updated: 1 });
    // Cat took the seat Ann freed: Ann's booking cannot be put back, and the revert says so instead of failing.
    expect((await bookingsOn(sessions[0] as string)).map((b) => [b.email, b.status])).toEqual([
      [`ann.${t}@example.com`, 'cancelled'],
      [`cat.${t}@example.com`, 'enrolled'],
    ]);
    await revertImportRequest(admin, cancelled.id);
    await drain();
    const reverted = await getImport(admin, cancelled.id);
    expect(reverted.status).toBe('reverted');
    expect(reverted.revert_summary).toMatchObject({ restored: 0, conflicts: 1, conflicted: [{ row: 1, fields: [expect.stringContaining('The session is full')] }] });
  });
});

describe('a certificate register', () => {
  it('imports a certificate called active but past its expiry as expired, and starts no sequence unless asked', async () => {
    const own = await adminOfOwnOrganisation('Certificate sequences');
    const db = ownerDb();
    const t = randomUUID().slice(0, 6).toUpperCase();
    await db.insertInto('courses').values({ org_id: own.orgId, code: `SEQ-${t}`, title: 'Sequenced', level: 'foundation', duration_hours: 8, price: 1 }).execute();
    const sequence = await db.insertInto('sequences').values({ org_id: own.orgId, name: `Next course ${t}`, enroll_on: 'certification_issued', is_active: true }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('sequence_steps').values({ org_id: own.orgId, sequence_id: sequence.id, position: 1, template: 'welcome', delay_minutes: 60, props: editableProps('welcome') as never }).execute();
    const register = (n: number, asked: boolean) =>
      importSheet(
        own,
        csv([
          ['Certificate number', 'Email', 'Last name', 'Course code', 'Issued on', 'Expires on', 'Status'],
          [`OLD-${t}-${n}`, `old${n}.${t}@example.com`.toLowerCase(), 'Old', `SEQ-${t}`, '2019-01-01', '2022-01-01', 'Active'],
          [`NEW-${t}-${n}`, `new${n}.${t}@example.com`.toLowerCase(), 'New', `SEQ-${t}`, '2026-01-01', '2029-01-01', 'Active'],
        ]),
        { object: 'certifications', send_confirmations: asked },
      );
    const quiet = await register(1, false);
    expect(quiet.summary).toMatchObject({ created: 2, warnings: { expired_by_date: 1 } });
    const statuses = await db.selectFrom('certifications').select(['certificate_number', 'status']).where('org_id', '=', own.orgId).orderBy('certificate_number').execute();
    expect(statuses).toEqual([
      { certificate_number: `NEW-${t}-1`, status: 'active' },
      { certificate_number: `OLD-${t}-1`, status: 'expired' },
    ]);
    const enrolled = () => db.selectFrom('sequence_enrollments').select('contact_id').where('sequence_id', '=', sequence.id).execute();
    expect(await enrolled()).toEqual([]);
    // Asked to send: the active certificate's holder joins the sequence, as in the app.
    await register(2, true);
    expect(await enrolled()).toHaveLength(1);
  });


  it('imports certificates by number for known and new holders, sets expiry from the course, and reverts', async () => {
    const t = randomUUID().slice(0, 6).toUpperCase();
    const { code } = await courseWith([], 36);
    const db = ownerDb();
    const kim = await db.insertInto('contacts').values({ org_id: admin.orgId, first_name: 'Kim', last_name: 'Holder', email: `kim.c${t}@example.com`.toLowerCase() }).returning('id').executeTakeFirstOrThrow();
    const other = await db.insertInto('contacts').values({ org_id: admin.orgId, last_name: 'Other', email: `other.c${t}@example.com`.toLowerCase() }).returning('id').executeTakeFirstOrThrow();
    const course = await db.selectFrom('courses').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    await db.insertInto('certifications').values({ org_id: admin.orgId, contact_id: other.id, course_id: course.id, certificate_number: `HELD-${t}`, issued_at: '2024-01-01' }).execute();
    const kimEmail = `kim.c${t}@example.com`.toLowerCase();
    const liaEmail = `lia.c${t}@example.com`.toLowerCase();
    const sheet = csv([
      ['Certificate number', 'Email', 'First name', 'Last name', 'Course code', 'Issued on', 'Expires on', 'Status'],
      [`CERT-${t}-1`, kimEmail, '', '', code, '2025-03-01', '', ''],
      [`cert-${t}-2`, liaEmail, 'Lia', 'New', code, '10/01/2020', '', ''],
      [`CERT-${t}-3`, kimEmail, '', '', code, '2025-04-01', '2030-04-01', 'Revoked'],
      ['x!', kimEmail, '', '', code, '2025-03-01', '', ''],
      [`CERT-${t}-5`, kimEmail, '', '', 'NO-SUCH', '2025-03-01', '', ''],
      [`CERT-${t}-6`, kimEmail, '', '', code, '', '', ''],
      [`CERT-${t}-7`, kimEmail, '', '', code, '2025-03-01', '2024-03-01', ''],
      [`HELD-${t}`, kimEmail, '', '', code, '2025-03-01', '', ''],
      [`CERT-${t}-1`, '', '', '', '', '', '', ''],
    ]);
    const { uploaded, dry, summary, done } = await importSheet(admin, sheet, { object: 'certifications' });
    expect(uploaded.match).toBe('certificate_number');
    const expected = {
      rows: 9,
      created: 3,
      updated: 0,
      unchanged: 0,
      duplicates_in_file: 1,
      refused: { invalid_certificate_number: 1, unknown_course: 1, missing_issue_date: 1, expiry_before_issue: 1, holder_differs: 1 },
      warnings: {},
    };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);
    const certs = await db
      .selectFrom('certifications')
      .innerJoin('contacts', 'contacts.id', 'certifications.contact_id')
      .select(['certificate_number', 'contacts.email', 'status', sql<string>`issued_at::text`.as('issued'), sql<string>`expires_at::text`.as('expires'), 'revoked_reason'])
      .where('certifications.import_id', '=', done.id)
      .orderBy('certificate_number')
      .execute();
    expect(certs).toEqual([
      { certificate_number: `CERT-${t}-1`, email: kimEmail, status: 'active', issued: '2025-03-01', expires: '2028-03-01', revoked_reason: null },
      { certificate_number: `CERT-${t}-2`, email: liaEmail, status: 'expired', issued: '2020-01-10', expires: '2023-01-10', revoked_reason: null },
      { certificate_number: `CERT-${t}-3`, email: kimEmail, status: 'revoked', issued: '2025-04-01', expires: '2030-04-01', revoked_reason: 'Revoked before it was imported' },
    ]);
    expect(await db.selectFrom('email_triggers').select('id').where('event', '=', 'certification_issued').where('contact_id', '=', kim.id).execute()).toEqual([]);

    // A later register extends a certificate; its revert puts the old expiry back.
    const renewal = await importSheet(admin, csv([['Certificate number', 'Expires on'], [`CERT-${t}-1`, '2029-03-01']]), { object: 'certifications' });
    expect(renewal.summary).toMatchObject({ updated: 1, refused: {} });
    await revertImportRequest(admin, renewal.id);
    await drain();
    const expiry = async () => (await db.selectFrom('certifications').select(sql<string>`expires_at::text`.as('e')).where('certificate_number', '=', `CERT-${t}-1`).executeTakeFirstOrThrow()).e;
    expect(await expiry()).toBe('2028-03-01');

    // Reverting the register removes its certificates and the holder it made — but not the
    // certificate changed since (by the renewal, even reverted), nor Kim.
    await revertImportRequest(admin, done.id);
    await drain();
    expect((await getImport(admin, done.id)).revert_summary).toMatchObject({ removed: 3, kept_edited: 1 });
    expect(await db.selectFrom('certifications').select('certificate_number').where('import_id', '=', done.id).execute()).toEqual([{ certificate_number: `CERT-${t}-1` }]);
    const lia = await db.selectFrom('contacts').select('deleted_at').where('email', '=', liaEmail).executeTakeFirstOrThrow();
    expect(lia.deleted_at).toBeInstanceOf(Date);
    expect((await db.selectFrom('contacts').select('deleted_at').where('id', '=', kim.id).executeTakeFirstOrThrow()).deleted_at).toBeNull();
  });
});

describe('exam results', () => {
  it('records attempts of booked people with pass or fail from the pass mark, refuses what has no booking or no started session, and reverts', async () => {
    const t = randomUUID().slice(0, 8);
    const { code, sessions } = await courseWith([
      { day: '2026-05-04', capacity: 10 },
      { day: '2027-06-07', capacity: 10 },
    ]);
    const [past, upcoming] = sessions as [string, string];
    const db = ownerDb();
    const person = async (name: string) =>
      (await db.insertInto('contacts').values({ org_id: admin.orgId, last_name: name, email: `${name.toLowerCase()}.${t}@example.com` }).returning('id').executeTakeFirstOrThrow()).id;
    const [kim, noa, ola] = [await person('Kim'), await person('Noa'), await person('Ola')];
    await db.insertInto('enrollments').values([
      { org_id: admin.orgId, session_id: past, contact_id: kim, status: 'attended' },
      { org_id: admin.orgId, session_id: upcoming, contact_id: ola, status: 'enrolled' },
    ]).execute();
    const email = (name: string) => `${name}.${t}@example.com`;
    const sheet = csv([
      ['Email', 'Course code', 'Session date', 'Attempt', 'Score', 'Taken on'],
      [email('kim'), code, '2026-05-04', '1', '80', '2026-05-04 16:30'],
      [email('kim'), code, '2026-05-04', '2', '50%', ''],
      [email('noa'), code, '2026-05-04', '1', '90', ''],
      [email('kim'), code, '2026-05-04', '3', 'abc', ''],
      [email('kim'), code, '2026-05-04', '4', '', ''],
      [email('ola'), code, '2027-06-07', '1', '70', ''],
      [email('kim'), code, '04/05/2026', '1', '', ''],
    ]);
    const { uploaded, dry, summary, done } = await importSheet(admin, sheet, { object: 'exam_results' });
    expect(uploaded.match).toBe('booking');
    const expected = { rows: 7, created: 2, updated: 0, unchanged: 0, duplicates_in_file: 1, refused: { no_booking: 1, invalid_score: 1, missing_score: 1, session_not_started: 1 }, warnings: {} };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);
    const results = () =>
      db.selectFrom('exam_results').select(['attempt', 'score', 'passed', 'taken_at']).where('enrollment_id', 'in', db.selectFrom('enrollments').select('id').where('contact_id', '=', kim)).orderBy('attempt').execute();
    expect(await results()).toEqual([
      { attempt: 1, score: '80.00', passed: true, taken_at: new Date('2026-05-04T16:30:00Z') },
      { attempt: 2, score: '50.00', passed: false, taken_at: new Date('2026-05-04T09:00:00Z') },
    ]);
    expect(await db.selectFrom('email_triggers').select('id').where('event', '=', 'exam_result_recorded').where('contact_id', '=', kim).execute()).toEqual([]);
    expect(noa).toBeTruthy();

    // A corrected score updates the attempt, pass and all; its revert puts both back.
    const corrected = await importSheet(admin, csv([['Email', 'Course', 'Start date', 'Attempt', 'Score'], [email('kim'), code, '2026-05-04', '1', '60']]), { object: 'exam_results' });
    expect(corrected.summary).toMatchObject({ updated: 1 });
    expect((await results())[0]).toMatchObject({ score: '60.00', passed: false });
    await revertImportRequest(admin, corrected.id);
    await drain();
    expect((await getImport(admin, corrected.id)).revert_summary).toMatchObject({ restored: 1, conflicts: 0 });
    expect((await results())[0]).toMatchObject({ score: '80.00', passed: true });

    // Reverting the first sheet removes the attempt nobody changed since.
    await revertImportRequest(admin, done.id);
    await drain();
    expect((await results()).map((r) => r.attempt)).toEqual([1]);
  });
});

describe('who may import training records', () => {
  it('lets admins and managers import bookings, results and certificates, and no other role — in the app or as a direct client', async () => {
    for (const [object, many] of [['enrollments', 'bookings'], ['exam_results', 'exam results'], ['certifications', 'certificates']] as const) {
      expect(await kindOf(beginImport(manager, { object, fileName: 'a.csv' }))).toBe('ok');
      await expect(beginImport(sales, { object, fileName: 'a.csv' })).rejects.toThrow(`Only admins and managers import ${many}.`);
      const direct = withUser(sales, (tx) => sql`insert into public.imports (org_id, object, file_name, file_format) values (${sales.orgId}::uuid, ${object}, 'a.csv', 'csv')`.execute(tx));
      await expect(direct).rejects.toMatchObject({ code: '42501' });
    }
    // Nor plants the mapping a manager is offered for one, or saves a mapping in someone else's name.
    const signature = `planted ${randomUUID()}`;
    const plant = (object: string) =>
      withUser(sales, (tx) => sql`insert into public.import_mappings (org_id, object, signature, mapping) values (${sales.orgId}::uuid, ${object}, ${signature}, '{}')`.execute(tx));
    await expect(plant('enrollments')).rejects.toMatchObject({ code: '42501' });
    await expect(plant('contacts')).resolves.toBeTruthy();
    await withUser(sales, (tx) => sql`update public.import_mappings set updated_by = ${manager.userId}::uuid where signature = ${signature}`.execute(tx));
    const saved = await ownerDb().selectFrom('import_mappings').select('updated_by').where('signature', '=', signature).executeTakeFirstOrThrow();
    expect(saved.updated_by).toBe(sales.userId);
    // A sales rep still imports their contacts — matched only as contacts can be, even as a direct client.
    const { id } = await uploadImport(sales, { object: 'contacts', fileName: 'a.csv' }, bytesOf(csv([['Email', 'Last name'], ['a@example.com', 'A']])));
    const bent = withUser(sales, (tx) => sql`update public.imports set match = 'booking' where id = ${id}::uuid`.execute(tx));
    await expect(bent).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses a mapping without the course or the session day, and changes nothing', async () => {
    const { id } = await uploadImport(admin, { object: 'enrollments', fileName: 'attendees.csv' }, bytesOf(csv([['Email', 'Course code'], ['a@example.com', 'X1']])));
    const uploaded = await getImport(admin, id);
    await expect(saveImportSettings(admin, { id, mapping: uploaded.mapping, mode: 'upsert', match: 'email' })).rejects.toThrow('Map a column to each of Session start date: every row needs them.');
    expect((await getImport(admin, id)).mode).toBe(uploaded.mode);
  });
});
