/**
 * Writing one batch of an attendee sheet (an import of bookings), inside the importer's own
 * transaction, as lib/imports/apply.ts does for records. A row names a person by email and a
 * session by course and start day. The person is the contact with that address — their
 * details are never changed by a sheet — or a new contact made from the row. Their booking on
 * the session is created, or (upsert, update) its status, price, paying account and custom
 * values brought to the row's. The database keeps its own rules: a session that is full
 * refuses the seat (`session_full`), a person holds one live booking per session.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { becomeService, becomeUser, type Tx } from '../db/session';
import { type BatchContext, type BatchRow, erasedAmong, type RowOutcome, refusingAlone, resolveAccounts, same } from './apply';
import { hasRequiredName, isRefusal, type PreparedRow } from './prepare';

/** The booking columns a sheet may set (the person's go to their contact, when it is new). */
const bookingColumns = ['status', 'price', 'paying_account_id'] as const;
const contactColumns = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'account_id'] as const;

type Live = { row: BatchRow; prepared: PreparedRow & { session: NonNullable<PreparedRow['session']> } };
type Booking = { id: string; session_id: string; contact_id: string; status: string; price: string | null; paying_account_id: string | null; custom: Record<string, unknown> };
/** Rows that book one new person, created with the first of them. */
type NewPerson = { email: string; contact: Record<string, unknown>; rows: Live[] };

/** The sessions the rows name: course (code, else exact title) and start day → session, or why none. */
async function sessionsOf(tx: Tx, orgId: string, wanted: { course: string; day: string }[]): Promise<Map<string, string | 'unknown_course' | 'unknown_session' | 'ambiguous_session'>> {
  const refs = [...new Set(wanted.map((w) => w.course.toLowerCase()))];
  const { rows: courses } = await sql<{ id: string; code: string; title: string }>`
    select id, lower(code::text) as code, lower(title) as title from public.courses
     where org_id = ${orgId}::uuid and deleted_at is null
       and (code = any(${refs}::extensions.citext[]) or lower(title) = any(${refs}::text[]))`.execute(tx);
  const courseOf = new Map<string, string>();
  for (const ref of refs) {
    const byCode = courses.find((c) => c.code === ref);
    const byTitle = courses.filter((c) => c.title === ref);
    const id = byCode?.id ?? (byTitle.length === 1 ? byTitle[0]?.id : undefined);
    if (id) courseOf.set(ref, id);
  }
  const days = [...new Set(wanted.map((w) => w.day))].sort();
  const courseIds = [...new Set(courseOf.values())];
  const { rows: sessions } = courseIds.length
    ? await sql<{ id: string; course_id: string; day: string }>`
        select id, course_id, to_char(starts_at at time zone 'UTC', 'YYYY-MM-DD') as day from public.course_sessions
         where org_id = ${orgId}::uuid and deleted_at is null and course_id = any(${courseIds}::uuid[])
           and starts_at >= (${days[0]}::date)::timestamp at time zone 'UTC'
           and starts_at < (${days[days.length - 1]}::date + 1)::timestamp at time zone 'UTC'`.execute(tx)
    : { rows: [] };
  const found = new Map<string, string | 'unknown_course' | 'unknown_session' | 'ambiguous_session'>();
  for (const w of wanted) {
    const ref = w.course.toLowerCase();
    const course = courseOf.get(ref);
    const on = course ? sessions.filter((s) => s.course_id === course && s.day === w.day) : [];
    found.set(`${ref}|${w.day}`, !course ? 'unknown_course' : on.length === 0 ? 'unknown_session' : on.length > 1 ? 'ambiguous_session' : (on[0]?.id as string));
  }
  return found;
}

/** The bookings of these people on these sessions: the live one, else the latest cancelled one. */
async function bookingsOf(tx: Tx, orgId: string, sessionIds: string[], contactIds: string[]): Promise<Map<string, Booking>> {
  const found = new Map<string, Booking>();
  if (sessionIds.length === 0 || contactIds.length === 0) return found;
  const { rows } = await sql<Booking>`
    select id, session_id, contact_id, status, price::text as price, paying_account_id, custom from public.enrollments
     where org_id = ${orgId}::uuid and session_id = any(${sessionIds}::uuid[]) and contact_id = any(${contactIds}::uuid[])
     order by (status = 'cancelled'), cancelled_at desc nulls last`.execute(tx);
  for (const row of rows) {
    const key = `${row.session_id}|${row.contact_id}`;
    if (!found.has(key)) found.set(key, row);
  }
  return found;
}

/** Writes a batch of bookings as the importer and says what became of each row. */
export async function applyEnrollmentBatch(tx: Tx, ctx: BatchContext, rows: BatchRow[]): Promise<RowOutcome[]> {
  const outcomes = new Map<number, RowOutcome>();
  const refuse = (l: Live, reason: string) => outcomes.set(l.row.rowNumber, { rowNumber: l.row.rowNumber, outcome: 'refused', reason, warnings: l.prepared.warnings });
  let live: Live[] = [];
  for (const row of rows) {
    if (row.prepared === 'duplicate') outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'duplicate', warnings: [] });
    else if (isRefusal(row.prepared)) outcomes.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: 'refused', reason: row.prepared.refused, warnings: row.prepared.warnings });
    else live.push({ row, prepared: row.prepared as Live['prepared'] });
  }
  const pending = () => (live = live.filter((l) => !outcomes.has(l.row.rowNumber)));

  const erased = await erasedAmong(tx, ctx.orgId, live.map((l) => l.prepared.values.email as string));
  for (const l of live) if (erased.has(l.prepared.values.email as string)) refuse(l, 'erased');

  const sessions = await sessionsOf(tx, ctx.orgId, pending().map((l) => l.prepared.session));
  const sessionOf = new Map<number, string>();
  for (const l of live) {
    const found = sessions.get(`${l.prepared.session.course.toLowerCase()}|${l.prepared.session.day}`) as string;
    if (found === 'unknown_course' || found === 'unknown_session' || found === 'ambiguous_session') refuse(l, found);
    else sessionOf.set(l.row.rowNumber, found);
  }

  // Accounts: a new person's company, and the booking's paying account.
  await resolveAccounts(tx, ctx, pending().flatMap((l) => [l.prepared.accountRef, l.prepared.payingAccountRef].filter((r): r is string => !!r)));
  for (const l of live) {
    for (const [ref, column] of [[l.prepared.accountRef, 'account_id'], [l.prepared.payingAccountRef, 'paying_account_id']] as const) {
      if (!ref) continue;
      const account = ctx.accounts.get(ref.toLowerCase());
      if (account) l.prepared.values[column] = account;
      else if (!l.prepared.warnings.includes('unknown_account')) l.prepared.warnings.push('unknown_account');
    }
  }

  // The people: contacts with these addresses, as the importer sees them.
  const emails = [...new Set(pending().map((l) => l.prepared.values.email as string))];
  const { rows: people } = emails.length
    ? await sql<{ id: string; email: string }>`select id, lower(email::text) as email from public.contacts
        where org_id = ${ctx.orgId}::uuid and deleted_at is null and email = any(${emails}::extensions.citext[])
        order by created_at`.execute(tx)
    : { rows: [] };
  const contactOf = new Map<string, string>();
  for (const p of people) if (!contactOf.has(p.email)) contactOf.set(p.email, p.id);
  const bookings = await bookingsOf(tx, ctx.orgId, [...new Set(sessionOf.values())], [...contactOf.values()]);

  const newPeople = new Map<string, NewPerson>();
  const creations: { live: Live; contactEmail: string; booking: Record<string, unknown> }[] = [];
  const changes: { live: Live; id: string; patch: Record<string, unknown>; previous: Record<string, unknown>; applied: Record<string, unknown> }[] = [];
  for (const l of live) {
    const { values, custom } = l.prepared;
    const email = values.email as string;
    const sessionId = sessionOf.get(l.row.rowNumber) as string;
    const contactId = contactOf.get(email);
    const match = contactId ? bookings.get(`${sessionId}|${contactId}`) : undefined;
    if (match) {
      if (ctx.mode === 'create') {
        refuse(l, 'already_exists');
        continue;
      }
      const patch: Record<string, unknown> = {};
      const previous: Record<string, unknown> = {};
      for (const column of bookingColumns) {
        const stored = column === 'price' && match.price !== null ? Number(match.price) : match[column];
        if (column in values && !same(stored, values[column])) {
          patch[column] = values[column];
          previous[column] = stored;
        }
      }
      const customPatch: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(custom)) {
        if (!same(match.custom?.[key], value)) {
          customPatch[key] = value;
          previous[`custom.${key}`] = match.custom?.[key] ?? null;
        }
      }
      if (Object.keys(customPatch).length) patch.custom = customPatch;
      if (Object.keys(patch).length === 0) outcomes.set(l.row.rowNumber, { rowNumber: l.row.rowNumber, outcome: 'unchanged', recordId: match.id, warnings: l.prepared.warnings });
      else {
        const applied = Object.fromEntries(Object.keys(previous).map((k) => [k, k.startsWith('custom.') ? customPatch[k.slice(7)] : patch[k]]));
        changes.push({ live: l, id: match.id, patch, previous, applied });
      }
      continue;
    }
    if (ctx.mode === 'update') {
      refuse(l, 'not_found');
      continue;
    }
    if (!contactId) {
      const person = newPeople.get(email);
      if (person) person.rows.push(l);
      else if (!hasRequiredName('contacts', values)) {
        refuse(l, 'missing_name');
        continue;
      } else {
        const contact: Record<string, unknown> = { lifecycle_stage: 'customer', id: randomUUID(), org_id: ctx.orgId, import_id: ctx.importId, custom: {}, external_ids: [], source: 'import' };
        for (const column of contactColumns) if (column in values) contact[column] = values[column];
        newPeople.set(email, { email, contact, rows: [l] });
      }
    }
    const booking: Record<string, unknown> = { status: 'enrolled', id: randomUUID(), org_id: ctx.orgId, import_id: ctx.importId, session_id: sessionId, contact_id: contactId ?? newPeople.get(email)?.contact.id, custom };
    for (const column of bookingColumns) if (column in values) booking[column] = values[column];
    creations.push({ live: l, contactEmail: email, booking });
  }

  // New people first: a person the database refuses takes their rows with them.
  const contactList = sql.join(['id', 'org_id', 'import_id', 'custom', 'external_ids', 'lifecycle_stage', 'source', ...contactColumns].map((c) => sql.ref(c)));
  const refusedPeople = await refusingAlone(tx, [...newPeople.values()], async (items) => {
    await sql`insert into public.contacts (${contactList})
      select ${contactList} from jsonb_populate_recordset(null::public.contacts, ${JSON.stringify(items.map((i) => i.contact))}::jsonb)`.execute(tx);
  });
  const refusedEmails = new Map(refusedPeople.map((r) => [r.item.email, r.reason]));
  for (const c of creations) {
    const reason = refusedEmails.get(c.contactEmail);
    if (reason) refuse(c.live, reason);
  }

  // New bookings: one insert; a session that is full refuses its seats alone.
  const bookingList = sql.join(['id', 'org_id', 'import_id', 'session_id', 'contact_id', 'custom', ...bookingColumns].map((c) => sql.ref(c)));
  const toCreate = creations.filter((c) => !outcomes.has(c.live.row.rowNumber));
  const refusedBookings = await refusingAlone(tx, toCreate, async (items) => {
    await sql`insert into public.enrollments (${bookingList})
      select ${bookingList} from jsonb_populate_recordset(null::public.enrollments, ${JSON.stringify(items.map((i) => i.booking))}::jsonb)`.execute(tx);
  });
  for (const { item, reason } of refusedBookings) refuse(item.live, reason);
  const created = toCreate.filter((c) => !outcomes.has(c.live.row.rowNumber));
  for (const c of created) outcomes.set(c.live.row.rowNumber, { rowNumber: c.live.row.rowNumber, outcome: 'created', recordId: c.booking.id as string, warnings: c.live.prepared.warnings });

  // A new person none of whose bookings went in is not kept: the sheet only brought them for a booking.
  const booked = new Set(created.map((c) => c.contactEmail));
  const unbooked = [...newPeople.values()].filter((p) => !refusedEmails.has(p.email) && !booked.has(p.email)).map((p) => p.contact.id as string);
  if (unbooked.length) {
    // Made by this transaction a moment ago; the importer's role may not delete contacts.
    await becomeService(tx, 'imports: drop a new person whose bookings were refused');
    await sql`delete from public.contacts where id = any(${unbooked}::uuid[]) and import_id = ${ctx.importId}::uuid`.execute(tx);
    await becomeUser(tx, ctx.requester);
  }

  // Changed bookings: one update; the status stamps follow from the status (trigger).
  const assignments = sql.join(bookingColumns.map((c) => sql`${sql.ref(c)} = case when r.d ? ${c} then (r.p).${sql.ref(c)} else t.${sql.ref(c)} end`));
  const refusedChanges = await refusingAlone(tx, changes, async (items) => {
    const { rows: written } = await sql<{ id: string }>`
      update public.enrollments as t
         set ${assignments}, custom = t.custom || coalesce(r.d -> 'custom', '{}'::jsonb)
        from (select x.d, jsonb_populate_record(null::public.enrollments, x.d - 'custom') as p
                from jsonb_array_elements(${JSON.stringify(items.map((i) => ({ ...i.patch, id: i.id })))}::jsonb) x(d)) r
       where t.id = (r.p).id and t.org_id = ${ctx.orgId}::uuid
      returning t.id`.execute(tx);
    const done = new Set(written.map((w) => w.id));
    for (const item of items) if (!done.has(item.id)) throw Object.assign(new Error('not permitted'), { code: '42501' });
  });
  for (const { item, reason } of refusedChanges) refuse(item.live, reason);
  for (const c of changes) {
    if (!outcomes.has(c.live.row.rowNumber)) outcomes.set(c.live.row.rowNumber, { rowNumber: c.live.row.rowNumber, outcome: 'updated', recordId: c.id, previous: c.previous, applied: c.applied, warnings: c.live.prepared.warnings });
  }

  // Confirmations were raised by the insert; a sheet of bookings made elsewhere sends none.
  if (!ctx.sendConfirmations && created.length) {
    await becomeService(tx, 'imports: no confirmations for imported bookings');
    await sql`delete from public.email_triggers where event = 'enrollment_created' and status = 'pending' and record_id = any(${created.map((c) => c.booking.id as string)}::uuid[])`.execute(tx);
    await becomeUser(tx, ctx.requester);
  }

  return rows.map((r) => outcomes.get(r.rowNumber) as RowOutcome);
}
