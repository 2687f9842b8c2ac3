/**
 * Writing one batch of training records — bookings (an attendee sheet), exam results and
 * certificates — inside the importer's own transaction, as lib/imports/apply.ts does for
 * contacts, leads and accounts. Each row names a person by email: the contact with that
 * address, whose details a sheet never changes, or (bookings, certificates) a new contact made
 * from the row. A booking is the person on a session (course code and start day), a result one
 * attempt of a booking, a certificate its number. The database keeps its own rules: a full
 * session refuses the seat (`session_full`), a result needs a session that has started, a
 * certificate number is unique.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PASS_MARK } from '../crm/training.schema';
import { becomeService, becomeUser, type Tx } from '../db/session';
import { type BatchContext, type BatchRow, erasedAmong, type RowOutcome, refusingAlone, resolveAccounts, same } from './apply';
import type { TrainingImportObject } from './fields';
import { hasRequiredName, isRefusal, type PreparedRow } from './prepare';

type Live = { row: BatchRow; prepared: PreparedRow };
type Existing = { id: string; custom?: Record<string, unknown> } & Record<string, unknown>;
type Change = { live: Live; id: string; patch: Record<string, unknown>; previous: Record<string, unknown>; applied: Record<string, unknown> };
type Creation = { live: Live; email: string; record: Record<string, unknown> };

/** What each kind of training record is: its table, what a sheet may change, the email its insert raises. */
const kinds = {
  enrollments: { table: 'enrollments', own: ['status', 'price', 'paying_account_id'], changes: ['status', 'price', 'paying_account_id'], email: 'enrollment_created', createsPeople: true },
  exam_results: { table: 'exam_results', own: ['enrollment_id', 'attempt', 'score', 'passed', 'taken_at', 'notes'], changes: ['score', 'passed', 'taken_at', 'notes'], email: 'exam_result_recorded', createsPeople: false },
  certifications: {
    table: 'certifications',
    own: ['certificate_number', 'issued_at', 'expires_at', 'status', 'revoked_reason'],
    changes: ['issued_at', 'expires_at', 'status', 'revoked_reason'],
    email: 'certification_issued',
    createsPeople: true,
  },
} as const satisfies Record<TrainingImportObject, { table: string; own: readonly string[]; changes: readonly string[]; email: string; createsPeople: boolean }>;
const contactColumns = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'account_id'] as const;

/** One batch's rows: what is already decided (duplicates, refusals) and the rows still to write. */
class Batch {
  readonly outcomes = new Map<number, RowOutcome>();
  live: Live[] = [];
  constructor(rows: BatchRow[]) {
    for (const row of rows) {
      if (row.prepared === 'duplicate') this.outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'duplicate', warnings: [] });
      else if (isRefusal(row.prepared)) this.outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'refused', reason: row.prepared.refused, warnings: row.prepared.warnings });
      else this.live.push({ row, prepared: row.prepared });
    }
  }
  refuse(l: Live, reason: string) {
    this.outcomes.set(l.row.rowNumber, { rowNumber: l.row.rowNumber, outcome: 'refused', reason, warnings: l.prepared.warnings });
  }
  decided(l: Live) {
    return this.outcomes.has(l.row.rowNumber);
  }
  /** The rows not yet decided. */
  pending(): Live[] {
    this.live = this.live.filter((l) => !this.decided(l));
    return this.live;
  }
  results(rows: BatchRow[]): RowOutcome[] {
    return rows.map((r) => this.outcomes.get(r.rowNumber) as RowOutcome);
  }
}

/** Courses the rows name, by code or else by an exact title no other course has. */
async function coursesOf(tx: Tx, orgId: string, refs: string[]): Promise<Map<string, { id: string; validity: number | null }>> {
  const wanted = [...new Set(refs.map((r) => r.toLowerCase()))];
  const found = new Map<string, { id: string; validity: number | null }>();
  if (wanted.length === 0) return found;
  const { rows } = await sql<{ id: string; code: string; title: string; validity: number | null }>`
    select id, lower(code::text) as code, lower(title) as title, certification_validity_months as validity from public.courses
     where org_id = ${orgId}::uuid and deleted_at is null
       and (code = any(${wanted}::extensions.citext[]) or lower(title) = any(${wanted}::text[]))`.execute(tx);
  for (const ref of wanted) {
    const byTitle = rows.filter((c) => c.title === ref);
    const course = rows.find((c) => c.code === ref) ?? (byTitle.length === 1 ? byTitle[0] : undefined);
    if (course) found.set(ref, { id: course.id, validity: course.validity });
  }
  return found;
}

/** The sessions the rows name (course and start day, UTC as the app shows it), or why none. */
async function sessionsOf(tx: Tx, orgId: string, wanted: { course: string; day: string }[]) {
  const courses = await coursesOf(tx, orgId, wanted.map((w) => w.course));
  const days = [...new Set(wanted.map((w) => w.day))].sort();
  const courseIds = [...new Set([...courses.values()].map((c) => c.id))];
  const { rows: sessions } =
    courseIds.length && days.length
      ? await sql<{ id: string; course_id: string; day: string; starts_at: Date }>`
          select id, course_id, to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD') as day, starts_at from public.course_sessions
           where org_id = ${orgId}::uuid and deleted_at is null and course_id = any(${courseIds}::uuid[])
             and starts_at >= (${days[0]}::date)::timestamp at time zone 'UTC'
             and starts_at < (${days[days.length - 1]}::date + 1)::timestamp at time zone 'UTC'`.execute(tx)
      : { rows: [] };
  return (session: { course: string; day: string }): { id: string; starts_at: Date } | 'unknown_course' | 'unknown_session' | 'ambiguous_session' => {
    const course = courses.get(session.course.toLowerCase());
    if (!course) return 'unknown_course';
    const on = sessions.filter((s) => s.course_id === course.id && s.day === session.day);
    return on.length === 0 ? 'unknown_session' : on.length > 1 ? 'ambiguous_session' : (on[0] as { id: string; starts_at: Date });
  };
}

/** Contacts with these addresses, as the importer sees them: the oldest for each. */
async function contactsByEmail(tx: Tx, orgId: string, emails: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (emails.length === 0) return found;
  const { rows } = await sql<{ id: string; email: string }>`select id, lower(email::text) as email from public.contacts
    where org_id = ${orgId}::uuid and deleted_at is null and email = any(${[...new Set(emails)]}::extensions.citext[])
    order by created_at`.execute(tx);
  for (const r of rows) if (!found.has(r.email)) found.set(r.email, r.id);
  return found;
}

/** What a row changes of a record it matches: the fields that differ, with their values before. */
function changeOf(l: Live, match: Existing, columns: readonly string[], values: Record<string, unknown>): Change | null {
  const patch: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const column of columns) {
    if (!(column in values) || same(match[column], values[column])) continue;
    patch[column] = values[column];
    previous[column] = match[column] ?? null;
  }
  const customPatch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(l.prepared.custom)) {
    if (same(match.custom?.[key], value)) continue;
    customPatch[key] = value;
    previous[`custom.${key}`] = match.custom?.[key] ?? null;
  }
  if (Object.keys(customPatch).length) patch.custom = customPatch;
  if (Object.keys(patch).length === 0) return null;
  const applied = Object.fromEntries(Object.keys(previous).map((k) => [k, k.startsWith('custom.') ? customPatch[k.slice(7)] : patch[k]]));
  return { live: l, id: match.id, patch, previous, applied };
}

/** A day some months later, as Postgres adds an interval: 31 Aug + 6 months is 28 Feb (or 29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * A certificate's status: the sheet's, except that one past its expiry date is expired
 * whatever the sheet calls it (else the next daily pass would expire it and mail its holder).
 */
function certificateStatus(stated: string | undefined, expires: unknown, today: string, warnings: string[]): string {
  const lapsed = typeof expires === 'string' && expires < today;
  if (lapsed && stated !== 'revoked' && stated !== 'expired') {
    if (stated === 'active' && !warnings.includes('expired_by_date')) warnings.push('expired_by_date');
    return 'expired';
  }
  return stated ?? 'active';
}

/** Values as the database returns them, for comparing with a sheet's (numbers as numbers, dates as days). */
function comparable(row: Record<string, unknown>): Existing {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? v.toISOString() : typeof v === 'string' && /^\d+\.\d+$/.test(v) ? Number(v) : v;
  return out as Existing;
}

/**
 * Writes a batch of training records as the importer and says what became of each row: finds
 * what each row is about, creates the people it must, inserts and updates in one statement
 * each (a row the database refuses is refused alone), and drops the emails the inserts raised
 * unless the importer asked for them.
 */
export async function applyTrainingBatch(tx: Tx, ctx: BatchContext, object: TrainingImportObject, rows: BatchRow[]): Promise<RowOutcome[]> {
  const kind = kinds[object];
  const batch = new Batch(rows);
  const emailOf = (l: Live) => l.prepared.values.email as string | undefined;

  const erased = await erasedAmong(tx, ctx.orgId, batch.live.flatMap((l) => emailOf(l) ?? []));
  for (const l of batch.live) if (erased.has(emailOf(l) as string)) batch.refuse(l, 'erased');

  // What each row is about: the session (bookings, results) or the course (certificates).
  const sessionOfRow = new Map<number, { id: string; starts_at: Date }>();
  const courseOfRow = new Map<number, { id: string; validity: number | null }>();
  if (object === 'certifications') {
    const courses = await coursesOf(tx, ctx.orgId, batch.pending().flatMap((l) => l.prepared.course ?? []));
    for (const l of batch.live) if (l.prepared.course) {
      const course = courses.get(l.prepared.course.toLowerCase());
      if (course) courseOfRow.set(l.row.rowNumber, course);
      else batch.refuse(l, 'unknown_course');
    }
  } else {
    const sessionOf = await sessionsOf(tx, ctx.orgId, batch.pending().flatMap((l) => l.prepared.session ?? []));
    for (const l of batch.live) {
      const found = sessionOf(l.prepared.session as { course: string; day: string });
      if (typeof found === 'string') batch.refuse(l, found);
      else sessionOfRow.set(l.row.rowNumber, found);
    }
  }

  // Accounts: a new person's company, and a booking's paying account.
  await resolveAccounts(tx, ctx, batch.pending().flatMap((l) => [l.prepared.accountRef, l.prepared.payingAccountRef].filter((r): r is string => !!r)));
  for (const l of batch.live) {
    for (const [ref, column] of [[l.prepared.accountRef, 'account_id'], [l.prepared.payingAccountRef, 'paying_account_id']] as const) {
      if (!ref) continue;
      const account = ctx.accounts.get(ref.toLowerCase());
      if (account) l.prepared.values[column] = account;
      else if (!l.prepared.warnings.includes('unknown_account')) l.prepared.warnings.push('unknown_account');
    }
  }

  const contactOf = await contactsByEmail(tx, ctx.orgId, batch.pending().flatMap((l) => emailOf(l) ?? []));
  const existing = await existingRecords(tx, ctx, object, batch.live, contactOf, sessionOfRow);

  const newPeople = new Map<string, Record<string, unknown>>();
  const creations: Creation[] = [];
  const changes: Change[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const l of batch.live) {
    // The record's own fields (the person's go to their contact, when it is new).
    const values: Record<string, unknown> = Object.fromEntries((kind.own as readonly string[]).filter((c) => c in l.prepared.values).map((c) => [c, l.prepared.values[c]]));
    if (object === 'exam_results' && typeof values.score === 'number') values.passed = values.score >= PASS_MARK;
    const match = existing.get(l.row.rowNumber);
    if (match === 'holder_differs' || match === 'no_booking') {
      batch.refuse(l, match);
      continue;
    }
    if (match) {
      if (ctx.mode === 'create') batch.refuse(l, 'already_exists');
      else {
        if (object === 'certifications' && (values.status !== undefined || values.expires_at !== undefined)) {
          values.status = certificateStatus((values.status as string | undefined) ?? (match.status as string), values.expires_at ?? match.expires_at, today, l.prepared.warnings);
          if (values.status === 'revoked' && !values.revoked_reason && !match.revoked_reason) values.revoked_reason = 'Revoked before it was imported';
        }
        const change = changeOf(l, match, kind.changes, values);
        if (change) changes.push(change);
        else batch.outcomes.set(l.row.rowNumber, { rowNumber: l.row.rowNumber, outcome: 'unchanged', recordId: match.id, warnings: l.prepared.warnings });
      }
      continue;
    }
    if (ctx.mode === 'update') {
      batch.refuse(l, 'not_found');
      continue;
    }
    const email = emailOf(l);
    // A new certificate needs its course, holder and issue day: checked before anyone is made for it.
    if (object === 'certifications') {
      const reason = !courseOfRow.get(l.row.rowNumber) ? (l.prepared.course ? 'unknown_course' : 'missing_course') : !email ? 'missing_email' : typeof values.issued_at !== 'string' ? 'missing_issue_date' : null;
      if (reason) {
        batch.refuse(l, reason);
        continue;
      }
    }
    let contactId = email ? contactOf.get(email) : undefined;
    if (!contactId && kind.createsPeople) {
      if (!email) {
        batch.refuse(l, 'missing_email');
        continue;
      }
      const person = newPeople.get(email);
      if (person) contactId = person.id as string;
      else if (!hasRequiredName('contacts', l.prepared.values)) {
        batch.refuse(l, 'missing_name');
        continue;
      } else {
        const contact: Record<string, unknown> = { lifecycle_stage: 'customer', source: 'import', id: randomUUID(), org_id: ctx.orgId, import_id: ctx.importId, custom: {}, external_ids: [] };
        for (const column of contactColumns) if (column in l.prepared.values) contact[column] = l.prepared.values[column];
        newPeople.set(email, contact);
        contactId = contact.id as string;
      }
    }
    const record: Record<string, unknown> = { ...values, id: randomUUID(), org_id: ctx.orgId, import_id: ctx.importId };
    if (object === 'enrollments') Object.assign(record, { status: values.status ?? 'enrolled', session_id: sessionOfRow.get(l.row.rowNumber)?.id, contact_id: contactId, custom: l.prepared.custom });
    else if (object === 'exam_results') record.taken_at ??= sessionOfRow.get(l.row.rowNumber)?.starts_at.toISOString();
    else if (object === 'certifications') {
      // Its course and issue day were checked before its holder was looked for.
      const course = courseOfRow.get(l.row.rowNumber) as { id: string; validity: number | null };
      // Without an expiry date the course's validity sets it; one past it was imported expired.
      if (values.expires_at === undefined && course.validity) record.expires_at = addMonths(values.issued_at as string, course.validity);
      const status = certificateStatus(values.status as string | undefined, record.expires_at, today, l.prepared.warnings);
      Object.assign(record, { contact_id: contactId, course_id: course.id, status });
      if (status === 'revoked' && !record.revoked_reason) record.revoked_reason = 'Revoked before it was imported';
    }
    creations.push({ live: l, email: email ?? '', record });
  }

  // New people first: a person the database refuses takes their rows with them.
  const contactList = sql.join(['id', 'org_id', 'import_id', 'custom', 'external_ids', 'lifecycle_stage', 'source', ...contactColumns].map((c) => sql.ref(c)));
  const refusedPeople = await refusingAlone(tx, [...newPeople.entries()], async (items) => {
    await sql`insert into public.contacts (${contactList})
      select ${contactList} from jsonb_populate_recordset(null::public.contacts, ${JSON.stringify(items.map(([, c]) => c))}::jsonb)`.execute(tx);
  });
  const refusedEmails = new Map(refusedPeople.map((r) => [r.item[0], r.reason]));
  for (const c of creations) {
    const reason = refusedEmails.get(c.email);
    if (reason) batch.refuse(c.live, reason);
  }

  // New records: one insert; a row the database refuses (a full session) is refused alone.
  const table = sql.table(`public.${kind.table}`);
  const toCreate = creations.filter((c) => !batch.decided(c.live));
  const columns = [...new Set(toCreate.flatMap((c) => Object.keys(c.record)))];
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const refusedCreations = await refusingAlone(tx, toCreate, async (items) => {
    await sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(items.map((i) => i.record))}::jsonb)`.execute(tx);
  });
  for (const { item, reason } of refusedCreations) batch.refuse(item.live, reason);
  const created = toCreate.filter((c) => !batch.decided(c.live));
  for (const c of created) batch.outcomes.set(c.live.row.rowNumber, { rowNumber: c.live.row.rowNumber, outcome: 'created', recordId: c.record.id as string, warnings: c.live.prepared.warnings });

  // A new person none of whose records went in is not kept: the sheet only brought them for those.
  const used = new Set(created.map((c) => c.email));
  const unused = [...newPeople.entries()].filter(([email]) => !refusedEmails.has(email) && !used.has(email)).map(([, c]) => c.id as string);
  if (unused.length) {
    // Made by this transaction a moment ago; the importer's role may not delete contacts.
    await becomeService(tx, 'imports: drop a new person whose records were refused');
    await sql`delete from public.contacts where id = any(${unused}::uuid[]) and import_id = ${ctx.importId}::uuid`.execute(tx);
    await becomeUser(tx, ctx.requester);
  }

  // Changed records: one update (a booking's status stamps follow from its status, by trigger).
  const assignments = sql.join(kind.changes.map((c) => sql`${sql.ref(c)} = case when r.d ? ${c} then (r.p).${sql.ref(c)} else t.${sql.ref(c)} end`));
  const customSet = object === 'enrollments' ? sql`, custom = t.custom || coalesce(r.d -> 'custom', '{}'::jsonb)` : sql``;
  const refusedChanges = await refusingAlone(tx, changes, async (items) => {
    const { rows: written } = await sql<{ id: string }>`
      update ${table} as t set ${assignments} ${customSet}
        from (select x.d, jsonb_populate_record(null::${table}, x.d - 'custom') as p
                from jsonb_array_elements(${JSON.stringify(items.map((i) => ({ ...i.patch, id: i.id })))}::jsonb) x(d)) r
       where t.id = (r.p).id and t.org_id = ${ctx.orgId}::uuid
      returning t.id`.execute(tx);
    // A record the importer may see but not change is left out by RLS, not refused: say so.
    const done = new Set(written.map((w) => w.id));
    for (const item of items) if (!done.has(item.id)) throw Object.assign(new Error('not permitted'), { code: '42501' });
  });
  for (const { item, reason } of refusedChanges) batch.refuse(item.live, reason);
  for (const c of changes) {
    if (!batch.decided(c.live)) batch.outcomes.set(c.live.row.rowNumber, { rowNumber: c.live.row.rowNumber, outcome: 'updated', recordId: c.id, previous: c.previous, applied: c.applied, warnings: c.live.prepared.warnings });
  }

  // The emails the inserts raised (confirmation, result, certificate): a sheet of what
  // happened elsewhere sends none unless the importer asked.
  // happened elsewhere sends none unless the importer asked — nor starts the sequences those
  // events start (a certificate's "next course", a failed exam's "retake"): sequence rows made
  // by trigger in this transaction (created_at is its start, to the millisecond: stamp_row) for the people concerned.
  if (!ctx.sendConfirmations && created.length) {
    const people = [...new Set(created.map((c) => (c.record.contact_id as string | undefined) ?? contactOf.get(c.email)).filter((id): id is string => !!id))];
    await becomeService(tx, 'imports: no emails for imported training records');
    await sql`delete from public.email_triggers where event = ${kind.email} and status = 'pending' and record_id = any(${created.map((c) => c.record.id as string)}::uuid[])`.execute(tx);
    await sql`delete from public.sequence_enrollments
               where org_id = ${ctx.orgId}::uuid and source = 'trigger' and created_at = date_trunc('milliseconds', now()) and contact_id = any(${people}::uuid[])`.execute(tx);
    await becomeUser(tx, ctx.requester);
  }

  return batch.results(rows);
}

/**
 * The records the rows match, as the importer sees them: a booking (live, else the latest
 * cancelled one) of the person on the session; a result of that booking with the attempt; a
 * certificate with the number. A result needs its booking; a number held by someone else is
 * not moved to the row's person.
 */
async function existingRecords(
  tx: Tx,
  ctx: BatchContext,
  object: TrainingImportObject,
  live: Live[],
  contactOf: Map<string, string>,
  sessionOfRow: Map<number, { id: string }>,
): Promise<Map<number, Existing | 'no_booking' | 'holder_differs'>> {
  const found = new Map<number, Existing | 'no_booking' | 'holder_differs'>();
  const contactOfRow = (l: Live) => contactOf.get(l.prepared.values.email as string);
  if (object === 'certifications') {
    const numbers = live.map((l) => l.prepared.values.certificate_number as string);
    if (numbers.length === 0) return found;
    const { rows } = await sql<Record<string, unknown>>`
      select id, contact_id, certificate_number, issued_at::text, expires_at::text, status::text, revoked_reason from public.certifications
       where org_id = ${ctx.orgId}::uuid and certificate_number = any(${numbers}::text[])`.execute(tx);
    const byNumber = new Map(rows.map((r) => [r.certificate_number as string, comparable(r)]));
    for (const l of live) {
      const match = byNumber.get(l.prepared.values.certificate_number as string);
      if (!match) continue;
      const email = l.prepared.values.email as string | undefined;
      found.set(l.row.rowNumber, email && contactOfRow(l) !== match.contact_id ? 'holder_differs' : match);
    }
    return found;
  }
  const sessionIds = [...new Set([...sessionOfRow.values()].map((s) => s.id))];
  const contactIds = [...new Set(contactOf.values())];
  const bookings = new Map<string, Existing>();
  if (sessionIds.length && contactIds.length) {
    const { rows } = await sql<Record<string, unknown>>`
      select id, session_id, contact_id, status::text, price, paying_account_id, custom from public.enrollments
       where org_id = ${ctx.orgId}::uuid and session_id = any(${sessionIds}::uuid[]) and contact_id = any(${contactIds}::uuid[])
       order by (status = 'cancelled'), cancelled_at desc nulls last`.execute(tx);
    for (const row of rows) {
      const key = `${row.session_id}|${row.contact_id}`;
      if (!bookings.has(key)) bookings.set(key, comparable(row));
    }
  }
  const bookingOf = (l: Live) => bookings.get(`${sessionOfRow.get(l.row.rowNumber)?.id}|${contactOfRow(l)}`);
  if (object === 'enrollments') {
    for (const l of live) {
      const booking = bookingOf(l);
      if (booking) found.set(l.row.rowNumber, booking);
    }
    return found;
  }
  // Exam results: the booking must be there; the attempt of it, maybe.
  const bookingIds = [...new Set(live.flatMap((l) => (bookingOf(l)?.id as string | undefined) ?? []))];
  const { rows: results } = bookingIds.length
    ? await sql<Record<string, unknown>>`select id, enrollment_id, attempt, score, passed, taken_at, notes from public.exam_results
        where org_id = ${ctx.orgId}::uuid and enrollment_id = any(${bookingIds}::uuid[])`.execute(tx)
    : { rows: [] };
  const byAttempt = new Map(results.map((r) => [`${r.enrollment_id}|${r.attempt}`, comparable(r)]));
  for (const l of live) {
    const booking = bookingOf(l);
    if (!booking) {
      found.set(l.row.rowNumber, 'no_booking');
      continue;
    }
    l.prepared.values.enrollment_id = booking.id;
    l.prepared.values.attempt ??= 1;
    const result = byAttempt.get(`${booking.id}|${l.prepared.values.attempt}`);
    if (result) found.set(l.row.rowNumber, result);
  }
  return found;
}
