/**
 * The learner portal's trust boundary: a trainee reaches Postgres as the `trainee` role with a
 * learner session's id as claims.sub, and sees only their own rows — all of them with a full
 * session, only the one booking or certificate with a session opened by an email's pass —
 * never another trainee's or another organisation's, and writes only through the named
 * functions, which apply the cut-off, the seats and the waitlist.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../lib/crm/errors';
import { ownerDb } from '../../lib/db/owner';
import { emailDigest, readPass, signPass } from '../../lib/learn/passes';
import { isLearnerPath } from '../../lib/learn/urls';
import { type Learner, learnerSessionOf, openLearnerSession, withTrainee } from '../../lib/learn/session';
import { requestSignInLink, spendSignInLink } from '../../lib/learn/sign-in';
import { getCourse, updateCourse } from '../../lib/crm/training';
import { composeTriggerEmail } from '../../lib/jobs/transactional/compose';
import { bookRenewal, cancelBooking, keepBooking, moveBooking, moveOptions, myBooking, myDataRequests, myTraining, renewalAlternatives, renewalOptions, requestMyData, requestRenewal } from '../../lib/learn/training';
import { myCertificate } from '../../lib/learn/certificates';
import { bookPublicSeat, catalogueConsentText, catalogueCourse, catalogueCourses, sendGroupEnquiry } from '../../lib/learn/catalogue';
import { confirmConsent } from '../../lib/compliance/lead-forms';
import { asService, withUser } from '../../lib/db/session';
import { CONTOSO, kindOf, NORTHWIND, orgId, staff } from './support';

const db = () => ownerDb();
const HOUR = 3_600_000;
let northwind: string;
let contoso: string;

async function contact(org: string, first: string) {
  const email = `learner-${randomUUID().slice(0, 8)}@example.com`;
  const row = await db().insertInto('contacts').values({ org_id: org, first_name: first, last_name: 'Trainee', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, email };
}

async function course(org: string) {
  const code = `LP-${randomUUID().slice(0, 6).toUpperCase()}`;
  return db().insertInto('courses').values({ org_id: org, code, title: `Portal course ${code}`, level: 'foundation', duration_hours: 8, price: 500, certification_validity_months: 36 }).returning(['id', 'code']).executeTakeFirstOrThrow();
}

async function session(org: string, courseId: string, hoursAhead: number, capacity = 5) {
  const starts = new Date(Date.now() + hoursAhead * HOUR);
  const row = await db()
    .insertInto('course_sessions')
    .values({ org_id: org, course_id: courseId, starts_at: starts, ends_at: new Date(starts.getTime() + 8 * HOUR), delivery: 'online', meeting_url: 'https://meet.example.com/portal', capacity })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function book(org: string, sessionId: string, contactId: string, status: 'enrolled' | 'waitlisted' = 'enrolled') {
  const row = await db()
    .insertInto('enrollments')
    .values({ org_id: org, session_id: sessionId, contact_id: contactId, status, waitlisted_at: status === 'waitlisted' ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function certify(org: string, contactId: string, courseId: string) {
  const number = `LP-${randomUUID().slice(0, 8).toUpperCase()}`;
  const row = await db()
    .insertInto('certifications')
    .values({ org_id: org, contact_id: contactId, course_id: courseId, certificate_number: number, issued_at: '2026-11-01', expires_at: '2029-11-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, number };
}

async function learnerOf(org: string, contactId: string, scope: Learner['scope'] = 'full', scopeRef: string | null = null, ttlMs = HOUR): Promise<Learner> {
  const opened = await openLearnerSession({ orgId: org, contactId, scope, scopeRef, expiresAt: new Date(Date.now() + ttlMs) });
  if (!opened) throw new Error('no session');
  const learner = await learnerSessionOf(opened.token);
  if (!learner) throw new Error('session not found');
  return learner;
}

/** Counts of what a session sees, table by table. */
async function sees(learner: Pick<Learner, 'sessionId'>) {
  return withTrainee(learner, async (tx) => {
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]?.n);
    return {
      organizations: await count('organizations'),
      contacts: await count('contacts'),
      enrollments: await count('enrollments'),
      course_sessions: await count('course_sessions'),
      certifications: await count('certifications'),
      exam_results: await count('exam_results'),
      email_messages: await count('email_messages'),
      consent_events: await count('consent_events'),
    };
  });
}

/** 'denied' when Postgres refuses the statement for lack of privilege (42501, which withTrainee reports as forbidden). */
async function outcomeOf(learner: Pick<Learner, 'sessionId'>, statement: string): Promise<string> {
  try {
    await withTrainee(learner, (tx) => sql.raw(statement).execute(tx));
    return 'ok';
  } catch (error) {
    return error instanceof CrmError && error.kind === 'forbidden' ? 'denied' : String((error as { code?: string }).code ?? error);
  }
}

let alice: { id: string; email: string };
let bob: { id: string; email: string };
let carol: { id: string; email: string };
let courseA: { id: string; code: string };
let aliceBooking: string;
let aliceSecondBooking: string;
let bobBooking: string;
let aliceCertificate: { id: string; number: string };
let bobCertificate: { id: string; number: string };

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
  contoso = await orgId(CONTOSO);
  alice = await contact(northwind, 'Alice');
  bob = await contact(northwind, 'Bob');
  carol = await contact(contoso, 'Carol');
  courseA = await course(northwind);
  const sessionA = await session(northwind, courseA.id, 24 * 30);
  const sessionB = await session(northwind, courseA.id, 24 * 40);
  aliceBooking = await book(northwind, sessionA, alice.id);
  aliceSecondBooking = await book(northwind, sessionB, alice.id);
  bobBooking = await book(northwind, sessionA, bob.id);
  aliceCertificate = await certify(northwind, alice.id, courseA.id);
  bobCertificate = await certify(northwind, bob.id, courseA.id);
  await db().insertInto('exam_results').values({ org_id: northwind, enrollment_id: aliceBooking, attempt: 1, score: 80, passed: true, taken_at: new Date() }).execute().catch(() => undefined);
  await db().insertInto('consent_events').values({ org_id: northwind, contact_id: alice.id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
  await db().insertInto('consent_events').values({ org_id: northwind, contact_id: bob.id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
  const carolCourse = await course(contoso);
  await book(contoso, await session(contoso, carolCourse.id, 24 * 30), carol.id);
  await certify(contoso, carol.id, carolCourse.id);
});

describe('what a trainee reads', () => {
  it('a full session reads the trainee’s own rows only: their contact, bookings and the sessions booked, certificates, consents — no other trainee’s, no other organisation’s', async () => {
    const alices = await learnerOf(northwind, alice.id);
    expect(await sees(alices)).toMatchObject({ organizations: 1, contacts: 1, enrollments: 2, course_sessions: 2, certifications: 1, consent_events: 1 });
    const training = await myTraining(alices);
    expect(training.upcoming.map((b) => b.id).sort()).toEqual([aliceBooking, aliceSecondBooking].sort());
    expect(training.certificates.map((z) => z.certificate_number)).toEqual([aliceCertificate.number]);
    expect(await kindOf(myBooking(alices, bobBooking))).toBe('not_found');
    expect(await kindOf(myCertificate(alices, bobCertificate.number))).toBe('not_found');
    const carols = await learnerOf(contoso, carol.id);
    expect(await sees(carols)).toMatchObject({ organizations: 1, contacts: 1, enrollments: 1, certifications: 1 });
    expect(await kindOf(myBooking(carols, aliceBooking))).toBe('not_found');
  });

  it('a session opened by a booking email’s pass reaches that booking only: not the trainee’s other bookings, certificates, emails or consents', async () => {
    const scoped = await learnerOf(northwind, alice.id, 'booking', aliceBooking);
    expect(await sees(scoped)).toMatchObject({ contacts: 1, enrollments: 1, course_sessions: 1, certifications: 0, email_messages: 0, consent_events: 0 });
    expect((await myBooking(scoped, aliceBooking)).id).toBe(aliceBooking);
    expect(await kindOf(myBooking(scoped, aliceSecondBooking))).toBe('not_found');
    expect(await kindOf(cancelBooking(scoped, { enrollmentId: aliceSecondBooking }))).toBe('not_found');
  });

  it('a session opened by a certificate email’s pass reaches that certificate only', async () => {
    const scoped = await learnerOf(northwind, alice.id, 'certificate', aliceCertificate.id);
    expect(await sees(scoped)).toMatchObject({ enrollments: 0, certifications: 1, consent_events: 0 });
    expect((await myCertificate(scoped, aliceCertificate.number)).holderName).toBe('Alice Trainee');
  });

  it('an expired or revoked session, a made-up session id and a staff member’s id as the trainee see nothing', async () => {
    const expired = await learnerOf(northwind, alice.id);
    await db().updateTable('private.learner_sessions' as never).set({ expires_at: new Date(Date.now() - 1000), created_at: new Date(Date.now() - 2000) } as never).where('id' as never, '=', expired.sessionId as never).execute();
    const revoked = await learnerOf(northwind, alice.id);
    await sql`update private.learner_sessions set revoked_at = now() where id = ${revoked.sessionId}`.execute(db());
    const staffId = (await db().selectFrom('memberships').select('user_id').where('org_id', '=', northwind).executeTakeFirstOrThrow()).user_id;
    for (const who of [{ sessionId: expired.sessionId }, { sessionId: revoked.sessionId }, { sessionId: randomUUID() }, { sessionId: staffId }]) {
      expect(await sees(who)).toEqual({ organizations: 0, contacts: 0, enrollments: 0, course_sessions: 0, certifications: 0, exam_results: 0, email_messages: 0, consent_events: 0 });
    }
  });
});

describe('what a session stops at', () => {
  it('the online room is given to a booking with a seat only, not to the waitlist or a cancelled booking', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 20, 1);
    const seated = await contact(northwind, 'Seated');
    const waiting = await contact(northwind, 'Waiting');
    const seat = await book(northwind, s, seated.id);
    const place = await book(northwind, s, waiting.id, 'waitlisted');
    expect((await myBooking(await learnerOf(northwind, seated.id), seat)).meeting_url).toBe('https://meet.example.com/portal');
    const waiter = await learnerOf(northwind, waiting.id);
    expect((await myBooking(waiter, place)).meeting_url).toBeNull();
    expect(await outcomeOf(waiter, 'select meeting_url from public.course_sessions')).toBe('denied');
  });

  it('a session or a pass stops working when the contact’s address changes (a link sent to a mistyped address)', async () => {
    const person = await contact(northwind, 'Typo');
    const learner = await learnerOf(northwind, person.id);
    const digest = emailDigest(person.email);
    await db().updateTable('contacts').set({ email: `fixed-${person.email}` }).where('id', '=', person.id).execute();
    expect(await sees(learner)).toMatchObject({ contacts: 0, enrollments: 0 });
    expect(await openLearnerSession({ orgId: northwind, contactId: person.id, scope: 'full', scopeRef: null, expiresAt: new Date(Date.now() + HOUR), emailDigest: digest })).toBeNull();
    expect(await openLearnerSession({ orgId: northwind, contactId: person.id, scope: 'full', scopeRef: null, expiresAt: new Date(Date.now() + HOUR), emailDigest: emailDigest(`fixed-${person.email}`) })).not.toBeNull();
  });

  it('a session ends when its contact goes (deleted, or merged into another)', async () => {
    const person = await contact(northwind, 'Leaving');
    const learner = await learnerOf(northwind, person.id);
    expect(await sees(learner)).toMatchObject({ contacts: 1 });
    await db().updateTable('contacts').set({ deleted_at: new Date() }).where('id', '=', person.id).execute();
    expect(await sees(learner)).toMatchObject({ contacts: 0, enrollments: 0, certifications: 0 });
    expect(await learnerSessionOf(undefined)).toBeNull();
  });

  it('a pass leads only to paths inside the portal', () => {
    for (const path of ['/learn', '/learn/bookings/abc', '/learn/bookings/abc/move?to=x', '/learn/certificates/AB-123456.pdf']) expect([path, isLearnerPath(path)]).toEqual([path, true]);
    for (const path of ['/learn/../settings', '/learn/%2e%2e/settings', '/learn/./x', '//evil.example', '/learnx', 'https://evil.example/learn', '/learn\\evil', '/dashboard']) {
      expect([path, isLearnerPath(path)]).toEqual([path, false]);
    }
  });
});

describe('what a trainee may not do', () => {
  it('writes no table directly, reads no staff table and no column staff keep on them, and cannot read the sessions table', async () => {
    const alices = await learnerOf(northwind, alice.id);
    const denied = [
      `update public.enrollments set status = 'cancelled' where id = '${aliceBooking}'`,
      `insert into public.enrollments (org_id, session_id, contact_id) select org_id, session_id, contact_id from public.enrollments limit 1`,
      `delete from public.certifications`,
      `update public.contacts set first_name = 'Mallory'`,
      `insert into public.consent_events (org_id, contact_id, purpose, granted, source) values ('${northwind}', '${alice.id}', 'marketing_email', true, 'web_form')`,
      'select count(*) from public.leads',
      'select count(*) from public.accounts',
      'select count(*) from public.activities',
      'select count(*) from public.memberships',
      'select owner_id from public.contacts',
      'select price from public.enrollments',
      'select count(*) from private.learner_sessions',
      'select count(*) from private.learner_sign_in_links',
      `select private.fill_seats_from_waitlist('${randomUUID()}')`,
    ];
    for (const statement of denied) expect([statement, await outcomeOf(alices, statement)]).toEqual([statement, 'denied']);
  });
});

describe('changing a booking', () => {
  it('moves to another date of the course with seats, refuses a full date or another course’s, and frees the seat for the waitlist', async () => {
    const c = await course(northwind);
    const from = await session(northwind, c.id, 24 * 20, 1);
    const open = await session(northwind, c.id, 24 * 25, 3);
    const full = await session(northwind, c.id, 24 * 26, 1);
    const other = await session(northwind, (await course(northwind)).id, 24 * 27, 5);
    const mover = await contact(northwind, 'Mover');
    const waiting = await contact(northwind, 'Waiting');
    const booking = await book(northwind, from, mover.id);
    const waitlisted = await book(northwind, from, waiting.id, 'waitlisted');
    await book(northwind, full, (await contact(northwind, 'Taken')).id);
    const learner = await learnerOf(northwind, mover.id, 'booking', booking);
    const options = await moveOptions(learner, booking);
    expect(options.map((o) => [o.session_id, o.seats_left])).toEqual([[open, 3], [full, 0]]);
    expect(await kindOf(moveBooking(learner, { enrollmentId: booking, sessionId: full }))).toBe('validation');
    expect(await kindOf(moveBooking(learner, { enrollmentId: booking, sessionId: other }))).toBe('validation');
    await moveBooking(learner, { enrollmentId: booking, sessionId: open });
    const moved = await db().selectFrom('enrollments').select(['session_id', 'status']).where('id', '=', booking).executeTakeFirstOrThrow();
    expect(moved).toEqual({ session_id: open, status: 'enrolled' });
    // The new date is confirmed by email, as a booking is.
    const events = await db().selectFrom('email_triggers').select(['event', 'details']).where('record_id', '=', booking).execute();
    expect(events).toEqual([{ event: 'booking_moved', details: { session_id: open } }]);
    const promoted = await db().selectFrom('enrollments').select('status').where('id', '=', waitlisted).executeTakeFirstOrThrow();
    expect(promoted.status).toBe('enrolled');
  });

  it('a cancellation gives the seat to the first person on the waitlist and calls for their email', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 20, 1);
    const holder = await contact(northwind, 'Holder');
    const first = await contact(northwind, 'First');
    const second = await contact(northwind, 'Second');
    const booking = await book(northwind, s, holder.id);
    const firstWaiting = await book(northwind, s, first.id, 'waitlisted');
    await new Promise((r) => setTimeout(r, 5));
    const secondWaiting = await book(northwind, s, second.id, 'waitlisted');
    await cancelBooking(await learnerOf(northwind, holder.id, 'booking', booking), { enrollmentId: booking });
    const rows = await db().selectFrom('enrollments').select(['id', 'status']).where('session_id', '=', s).orderBy('created_at').execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [booking]: 'cancelled', [firstWaiting]: 'enrolled', [secondWaiting]: 'waitlisted' });
    const triggers = await db().selectFrom('email_triggers').select(['event', 'contact_id']).where('record_id', '=', firstWaiting).execute();
    expect(triggers).toEqual([{ event: 'waitlist_promoted', contact_id: first.id }]);
  });

  it('within the organisation’s cut-off the trainee may not cancel, move or keep, and is told whom to write to', async () => {
    await db().updateTable('organizations').set({ learner_contact_email: 'bookings@northwind.example' }).where('id', '=', northwind).execute();
    const c = await course(northwind);
    const soon = await session(northwind, c.id, 24);
    await session(northwind, c.id, 24 * 10);
    const person = await contact(northwind, 'Late');
    const booking = await book(northwind, soon, person.id);
    const learner = await learnerOf(northwind, person.id);
    const view = await myBooking(learner, booking);
    expect(view.changeable).toBe(false);
    expect(view.cutoffHours).toBe(48);
    const refusal = await cancelBooking(learner, { enrollmentId: booking }).catch((error: Error) => error.message);
    expect(refusal).toBe('This session starts within 48 hours: it can no longer be changed here. Please write to bookings@northwind.example.');
    expect(await kindOf(keepBooking(learner, { enrollmentId: booking }))).toBe('validation');
    expect(await moveOptions(learner, booking)).toHaveLength(1);
    expect((await db().selectFrom('enrollments').select('status').where('id', '=', booking).executeTakeFirstOrThrow()).status).toBe('enrolled');
    await db().updateTable('organizations').set({ learner_change_cutoff_hours: 12 }).where('id', '=', northwind).execute();
    try {
      await cancelBooking(learner, { enrollmentId: booking });
      expect((await db().selectFrom('enrollments').select('status').where('id', '=', booking).executeTakeFirstOrThrow()).status).toBe('cancelled');
    } finally {
      await db().updateTable('organizations').set({ learner_change_cutoff_hours: 48, learner_contact_email: null }).where('id', '=', northwind).execute();
    }
  });

  it('keeping a booking notes the answer on the contact’s timeline', async () => {
    const learner = await learnerOf(northwind, alice.id, 'booking', aliceSecondBooking);
    await keepBooking(learner, { enrollmentId: aliceSecondBooking });
    const notes = await db().selectFrom('activities').select('subject').where('contact_id', '=', alice.id).execute();
    expect(notes.map((n) => n.subject)).toEqual([expect.stringMatching(/^Kept their place on Portal course LP-.* in the learner portal$/)]);
  });
});

describe('passes in email links', () => {
  const pass = () => ({ purpose: 'booking' as const, ref: randomUUID(), orgId: randomUUID(), contactId: randomUUID(), email: 'Pat@Example.com', expiresAt: new Date(Date.now() + HOUR) });

  it('reads back what was signed, and refuses a tampered, expired or malformed one', () => {
    const signed = pass();
    const token = signPass(signed);
    const { email, ...facts } = signed;
    expect(readPass(token)).toEqual({ ok: true, pass: { ...facts, emailDigest: emailDigest(email), expiresAt: new Date(Math.floor(signed.expiresAt.getTime() / 1000) * 1000) } });
    expect(emailDigest(' pat@example.COM')).toBe(emailDigest(email));
    const [v, payload, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 'certificate' })).toString('base64url');
    expect(readPass(`${v}.${forged}.${mac}`)).toEqual({ ok: false, reason: 'tampered' });
    expect(readPass(`${v}.${payload}.${mac.slice(0, -2)}AA`)).toEqual({ ok: false, reason: 'tampered' });
    expect(readPass(signPass({ ...signed, expiresAt: new Date(Date.now() - 1000) }))).toEqual({ ok: false, reason: 'expired' });
    for (const junk of ['', 'v1..', 'v2.a.b', `${token}.x`, 'x'.repeat(700)]) expect(readPass(junk).ok).toBe(false);
  });
});

describe('signing in without a password', () => {
  const linksOf = async (contactId: string) =>
    (await sql<{ used_at: Date | null }>`select used_at from private.learner_sign_in_links where contact_id = ${contactId}`.execute(db())).rows;

  it('sends a one-time link to a known address only, and the link works once', async () => {
    const person = await contact(northwind, 'Signing');
    const known = await requestSignInLink({ email: `  ${person.email.toUpperCase()} ` }, `203.0.113.${Math.floor(Math.random() * 200)}`);
    expect(known.status).toBe('sent');
    expect(await linksOf(person.id)).toHaveLength(1);
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const stranger = await requestSignInLink({ email: unknown }, '203.0.113.250');
    expect(stranger.status).toBe('sent');
    for (const outcome of [known, stranger]) if (outcome.status === 'sent') await outcome.deliver();
    const sent = await db().selectFrom('email_messages').select(['template', 'recipient_email']).where('template', '=', 'learner-sign-in').where('recipient_email', 'in', [person.email, unknown]).execute();
    expect(sent).toEqual([{ template: 'learner-sign-in', recipient_email: person.email }]);
    // The link itself is only in the sealed mailbox: read it back there, as the trainee would.
    const sealed = await sql<{ text: string }>`select s.text from private.security_outbox s join public.email_messages m on m.id = s.message_id where m.recipient_email = ${person.email}`.execute(db());
    const token = /\/learn\/sign-in\/([A-Za-z0-9_-]+)/.exec(sealed.rows[0]?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const opened = await spendSignInLink(token as string);
    expect(opened).not.toBeNull();
    expect((await learnerSessionOf(opened?.token))?.scope).toBe('full');
    expect(await spendSignInLink(token as string)).toBeNull();
  });

  it('limits the links one address may ask for, and refuses an address that is not one', async () => {
    const person = await contact(northwind, 'Limited');
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) outcomes.push((await requestSignInLink({ email: person.email }, `198.51.100.${i}`)).status);
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'limited']);
    expect(await linksOf(person.id)).toHaveLength(3);
    expect(await kindOf(requestSignInLink({ email: 'not an address' }, '198.51.100.9'))).toBe('validation');
  });
});

describe('the public catalogue', () => {
  const visitor = () => ({ ip: `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 4)}`, userAgent: 'vitest' });
  const person = (sessionId: string, extra: Record<string, unknown> = {}) => ({
    session_id: sessionId,
    first_name: 'Visiting',
    last_name: 'Learner',
    email: `visitor-${randomUUID().slice(0, 8)}@example.com`,
    ...extra,
  });

  it('lists an organisation’s active courses and open dates with the seats left, and finds a course by code', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 12, 4);
    await book(northwind, s, (await contact(northwind, 'Seated')).id);
    expect((await catalogueCourses(northwind)).map((x) => x.code)).toContain(c.code);
    expect((await catalogueCourses(contoso)).map((x) => x.code)).not.toContain(c.code);
    const found = await catalogueCourse(c.code, northwind);
    expect(found?.sessions.map((x) => [x.id, x.seats_left])).toEqual([[s, 3]]);
    expect(await catalogueCourse(c.code, contoso)).toBeNull();
    expect(await catalogueCourse("x' or 1=1 --", undefined)).toBeNull();
  });

  it('20 visitors booking the last 3 seats at once: exactly 3 seats, 17 waitlist places', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 15, 5);
    await book(northwind, s, (await contact(northwind, 'Early')).id);
    await book(northwind, s, (await contact(northwind, 'Early')).id);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => bookPublicSeat(person(s), visitor())));
    expect(outcomes.filter((o) => o.status === 'enrolled')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'waitlisted')).toHaveLength(17);
    const seats = await db().selectFrom('enrollments').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).where('session_id', '=', s).groupBy('status').orderBy('status').execute();
    expect(seats.map((r) => [r.status, Number(r.n)])).toEqual([['enrolled', 5], ['waitlisted', 17]]);
    // Each of the 20 is told by email: a confirmation, or their place on the waiting list.
    const told = await db().selectFrom('email_triggers').innerJoin('enrollments', 'enrollments.id', 'email_triggers.record_id').select('email_triggers.id').where('enrollments.session_id', '=', s).where('email_triggers.event', '=', 'enrollment_created').execute();
    expect(told).toHaveLength(20);
  });

  it('never changes an existing person: the booking goes to their contact, with what the visitor typed as a note', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 15, 5);
    const known = await contact(northwind, 'Known');
    const outcome = await bookPublicSeat(person(s, { email: known.email.toUpperCase(), first_name: 'Mallory', last_name: 'Overwrite', company: 'Evil Corp' }), visitor());
    expect(outcome.status).toBe('enrolled');
    const stored = await db().selectFrom('contacts').select(['first_name', 'last_name']).where('id', '=', known.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ first_name: 'Known', last_name: 'Trainee' });
    expect(await db().selectFrom('contacts').select('id').where('org_id', '=', northwind).where('email', '=', known.email).execute()).toHaveLength(1);
    const note = await db().selectFrom('activities').select(['subject', 'body']).where('contact_id', '=', known.id).executeTakeFirstOrThrow();
    expect(note.body).toContain('Cohort changed nothing on the contact');
    expect(note.body).toContain('Company: Evil Corp');
    // Booking the same date again answers as a new booking would now, and writes nothing: on a
    // full date that is the waiting list, whatever the person holds, so nobody learns who is booked.
    const before = await db().selectFrom('enrollments').select('id').where('session_id', '=', s).execute();
    expect((await bookPublicSeat(person(s, { email: known.email }), visitor())).status).toBe('enrolled');
    expect(await db().selectFrom('enrollments').select('id').where('session_id', '=', s).execute()).toEqual(before);
    await db().updateTable('course_sessions').set({ capacity: 1 }).where('id', '=', s).execute();
    expect((await bookPublicSeat(person(s, { email: known.email }), visitor())).status).toBe('waitlisted');
    expect(await db().selectFrom('enrollments').select(['id', 'status']).where('session_id', '=', s).execute()).toEqual([{ id: before[0]?.id, status: 'enrolled' }]);
  });

  it('a ticked consent is only asked for (double opt-in), and granted when the person confirms', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 15, 5);
    const booking = person(s, { marketing_consent: true });
    await bookPublicSeat(booking, visitor());
    const created = await db().selectFrom('contacts').select('id').where('org_id', '=', northwind).where('email', '=', booking.email).executeTakeFirstOrThrow();
    expect(await db().selectFrom('consent_events').select('id').where('contact_id', '=', created.id).execute()).toEqual([]);
    const pending = await db().selectFrom('consent_confirmations').select(['purpose', 'text_shown', 'confirmed_at']).where('contact_id', '=', created.id).execute();
    expect(pending).toEqual([{ purpose: 'marketing_email', text_shown: catalogueConsentText('Northwind Training'), confirmed_at: null }]);
    const sealed = await sql<{ text: string }>`select s.text from private.security_outbox s join public.email_messages m on m.id = s.message_id where m.recipient_email = ${booking.email}`.execute(db());
    const token = /\/confirm-consent\/([A-Za-z0-9_-]+)/.exec(sealed.rows.map((r) => r.text).join('\n'))?.[1];
    expect(await confirmConsent(token as string, { ip: '192.0.2.1', userAgent: 'vitest' })).toBe('confirmed');
    const granted = await db().selectFrom('consent_events').select(['purpose', 'granted', 'source']).where('contact_id', '=', created.id).execute();
    expect(granted).toEqual([{ purpose: 'marketing_email', granted: true, source: 'web_form' }]);
  });

  it('refuses a date that is not open, bad input and an address that books too often, writing nothing', async () => {
    const c = await course(northwind);
    const started = await session(northwind, c.id, -2, 5);
    expect(await kindOf(bookPublicSeat(person(started), visitor()))).toBe('not_found');
    expect(await kindOf(bookPublicSeat(person(randomUUID()), visitor()))).toBe('not_found');
    const open = await session(northwind, c.id, 24 * 15, 50);
    const bad = await bookPublicSeat(person(open, { email: 'nope', first_name: '', company: 'x'.repeat(201) }), visitor()).catch((e: CrmError) => e.fieldErrors);
    expect(Object.keys(bad).sort()).toEqual(['company', 'email', 'first_name']);
    expect(await kindOf(bookPublicSeat(person(open, { last_name: 'Nul\u0000l' }), visitor()))).toBe('validation');
    const email = `often-${randomUUID().slice(0, 8)}@example.com`;
    const sessions = await Promise.all(Array.from({ length: 6 }, (_, i) => session(northwind, c.id, 24 * (20 + i), 5)));
    const kinds = [];
    for (const s of sessions) kinds.push(await kindOf(bookPublicSeat(person(s, { email }), visitor())));
    expect(kinds).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'conflict']);
    expect(await db().selectFrom('enrollments').select('id').where('session_id', '=', sessions[5] as string).execute()).toEqual([]);
  });

  it('a group enquiry becomes a lead, or a note on the lead that has the address, which stays as it was', async () => {
    const c = await course(northwind);
    const email = `buyer-${randomUUID().slice(0, 8)}@example.com`;
    const enquiry = { course_id: c.id, first_name: 'Pat', last_name: 'Buyer', email, company: 'Acme Ltd', seats: '12', message: 'On site in Leeds?' };
    await sendGroupEnquiry(enquiry, visitor());
    const lead = await db().selectFrom('leads').select(['id', 'company_name', 'source']).where('org_id', '=', northwind).where('email', '=', email).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ company_name: 'Acme Ltd', source: 'website' });
    await sendGroupEnquiry({ ...enquiry, company: 'Changed Ltd', seats: '3' }, visitor());
    expect((await db().selectFrom('leads').select('company_name').where('id', '=', lead.id).executeTakeFirstOrThrow()).company_name).toBe('Acme Ltd');
    const notes = await db().selectFrom('activities').select('subject').where('lead_id', '=', lead.id).orderBy('created_at').execute();
    expect(notes.map((n) => n.subject)).toEqual([`Group enquiry: 12 people for ${`Portal course ${c.code}`}`, `Group enquiry: 3 people for Portal course ${c.code}`]);
    expect(await kindOf(sendGroupEnquiry({ ...enquiry, seats: '1' }, visitor()))).toBe('validation');
  });
});

describe('renewing a certificate', () => {
  it('offers the course’s dates ahead, books one (a waitlist place when full), and refuses another course’s date', async () => {
    const c = await course(northwind);
    const person = await contact(northwind, 'Renewing');
    const held = await certify(northwind, person.id, c.id);
    const open = await session(northwind, c.id, 24 * 60, 2);
    const full = await session(northwind, c.id, 24 * 70, 1);
    await book(northwind, full, (await contact(northwind, 'Taken')).id);
    const elsewhere = await session(northwind, courseA.id, 24 * 80, 5);
    const learner = await learnerOf(northwind, person.id, 'certificate', held.id);
    expect((await renewalOptions(learner, held.id)).map((o) => [o.session_id, o.seats_left])).toEqual([[open, 2], [full, 0]]);
    expect(await bookRenewal(learner, { certificateId: held.id, sessionId: full })).toBe('waitlisted');
    // One renewal booking at a time: another date is a move of that one.
    expect(await kindOf(bookRenewal(learner, { certificateId: held.id, sessionId: open }))).toBe('validation');
    await db().updateTable('enrollments').set({ status: 'cancelled' }).where('contact_id', '=', person.id).where('session_id', '=', full).execute();
    expect(await bookRenewal(learner, { certificateId: held.id, sessionId: open })).toBe('enrolled');
    expect(await kindOf(bookRenewal(learner, { certificateId: held.id, sessionId: elsewhere }))).toBe('validation');
    // Another trainee's certificate is not theirs to renew.
    expect(await kindOf(renewalOptions(learner, bobCertificate.id))).toBe('not_found');
    expect(await kindOf(bookRenewal(await learnerOf(northwind, alice.id), { certificateId: held.id, sessionId: open }))).toBe('not_found');
  });

  it('a renewal request becomes one open opportunity for the person’s owner', async () => {
    const owner = await db().selectFrom('memberships').select('user_id').where('org_id', '=', northwind).where('role', '=', 'sales').executeTakeFirstOrThrow();
    const person = await contact(northwind, 'Arrange');
    await db().updateTable('contacts').set({ owner_id: owner.user_id }).where('id', '=', person.id).execute();
    const held = await certify(northwind, person.id, courseA.id);
    const learner = await learnerOf(northwind, person.id, 'certificate', held.id);
    expect(await requestRenewal(learner, { certificateId: held.id })).toBe('created');
    expect(await requestRenewal(learner, { certificateId: held.id })).toBe('already');
    const deals = await db().selectFrom('opportunities').select(['name', 'owner_id', 'status', 'amount', 'expected_close_date']).where('primary_contact_id', '=', person.id).execute();
    expect(deals).toEqual([{ name: `Renewal: Portal course ${courseA.code} (Arrange Trainee)`, owner_id: owner.user_id, status: 'open', amount: '500.00', expected_close_date: '2029-11-01' }]);
  });
});

describe('the trainee’s own data', () => {
  it('asks for a copy or an erasure as a verified request, once per kind, and shows its status; a pass’s session may not', async () => {
    const person = await contact(northwind, 'Rights');
    const learner = await learnerOf(northwind, person.id);
    const first = await requestMyData(learner, { type: 'access' });
    expect(await requestMyData(learner, { type: 'access' })).toBe(first);
    await requestMyData(learner, { type: 'erasure' });
    const stored = await db().selectFrom('data_subject_requests').select(['type', 'status', 'received_via', 'subject_email']).where('subject_email', '=', person.email).orderBy('type').execute();
    expect(stored).toEqual([
      { type: 'access', status: 'verified', received_via: 'web_form', subject_email: person.email },
      { type: 'erasure', status: 'verified', received_via: 'web_form', subject_email: person.email },
    ]);
    expect((await myDataRequests(learner)).map((r) => [r.type, r.status]).sort()).toEqual([['access', 'verified'], ['erasure', 'verified']]);
    expect(await kindOf(requestMyData(learner, { type: 'rectification' }))).toBe('validation');
    const scoped = await learnerOf(northwind, person.id, 'booking', randomUUID());
    expect(await kindOf(requestMyData(scoped, { type: 'access' }))).toBe('forbidden');
    expect(await myDataRequests(scoped)).toEqual([]);
    expect(await myDataRequests(await learnerOf(northwind, alice.id))).toEqual([]);
  });
});

describe('erasure and the portal', () => {
  it('erasing a trainee ends their portal sessions and spends their sign-in links; their export holds their pending consent confirmations', async () => {
    const c = await course(northwind);
    const s = await session(northwind, c.id, 24 * 15, 5);
    const booking = person(s);
    function person(sessionId: string) {
      return { session_id: sessionId, first_name: 'Erase', last_name: 'Me', email: `erase-${randomUUID().slice(0, 8)}@example.com`, marketing_consent: true };
    }
    await bookPublicSeat(booking, { ip: `192.0.2.77-${randomUUID().slice(0, 4)}`, userAgent: 'vitest' });
    const contactId = (await db().selectFrom('contacts').select('id').where('org_id', '=', northwind).where('email', '=', booking.email).executeTakeFirstOrThrow()).id;
    const learner = await learnerOf(northwind, contactId);
    const asked = await requestSignInLink({ email: booking.email }, `198.51.100.${Math.floor(Math.random() * 250)}`);
    expect(asked.status).toBe('sent');
    const compliance = await staff('compliance@northwind.example');
    const request = await requestMyData(learner, { type: 'access' });
    const exported = await withUser(compliance, async (tx) => (await sql<{ e: { data: Record<string, unknown[]> } }>`select private.subject_export(${request}::uuid) as e`.execute(tx)).rows[0]?.e);
    expect(exported?.data.consent_confirmations).toHaveLength(1);
    const erasure = await requestMyData(learner, { type: 'erasure' });
    const counts = await withUser(compliance, async (tx) => (await sql<{ c: Record<string, number> }>`select private.erase_subject(${erasure}::uuid, true) as c`.execute(tx)).rows[0]?.c);
    expect(counts).toMatchObject({ learner_sessions: 1, learner_sign_in_links: 1, contact_consent_confirmations: 1 });
    expect(await sees(learner)).toMatchObject({ contacts: 0, enrollments: 0 });
  });
});

describe('housekeeping', () => {
  it('the daily job deletes sessions and sign-in links a day past their end, and keeps live ones', async () => {
    const person = await contact(northwind, 'Old');
    const live = await learnerOf(northwind, person.id);
    const old = await learnerOf(northwind, person.id);
    await sql`update private.learner_sessions set created_at = now() - interval '40 days', expires_at = now() - interval '2 days' where id = ${old.sessionId}`.execute(db());
    await sql`insert into private.learner_sign_in_links (org_id, contact_id, token_hash, created_at, expires_at)
              values (${northwind}, ${person.id}, ${'e'.repeat(64)}, now() - interval '3 days', now() - interval '2 days')`.execute(db());
    const purged = await asService('test: purge', (tx) => sql<{ n: number }>`select private.purge_expired_learner_access() as n`.execute(tx));
    expect(purged.rows[0]?.n).toBeGreaterThanOrEqual(2);
    const left = await sql<{ id: string }>`select id from private.learner_sessions where contact_id = ${person.id}`.execute(db());
    expect(left.rows.map((r) => r.id)).toEqual([live.sessionId]);
    expect((await sql`select 1 from private.learner_sign_in_links where contact_id = ${person.id}`.execute(db())).rows).toEqual([]);
  });
});

describe('what staff set on a course for the portal', () => {
  it('admins and managers edit a course’s description, preparation and renewal courses; others may not; bad lists and stale edits change nothing', async () => {
    const admin = await staff('admin@northwind.example');
    const manager = await staff('manager@northwind.example');
    const sales = await staff('sales1@northwind.example');
    const main = await course(northwind);
    const workshop = await course(northwind);
    const foreign = await course(contoso);
    const { course: before } = await getCourse(admin, main.id);
    const edit = {
      id: main.id,
      expected_updated_at: before.updated_at,
      title: before.title,
      level: 'advanced',
      duration_hours: 14,
      price: 1200,
      certification_validity_months: 24,
      description: 'Two days of practice.',
      is_active: true,
      preparation: 'Read chapter 1\n\n  Bring a laptop  ',
      renewal_course_ids: [workshop.id],
    };
    expect(await kindOf(updateCourse(sales, edit))).toBe('forbidden');
    const refused = await Promise.all([
      kindOf(updateCourse(admin, { ...edit, renewal_course_ids: [main.id] })),
      kindOf(updateCourse(admin, { ...edit, renewal_course_ids: [foreign.id] })),
      kindOf(updateCourse(admin, { ...edit, preparation: Array.from({ length: 9 }, (_, i) => `Item ${i}`).join('\n') })),
      kindOf(updateCourse(admin, { ...edit, preparation: 'x'.repeat(301) })),
    ]);
    expect(refused).toEqual(['validation', 'validation', 'validation', 'validation']);
    const saved = await updateCourse(manager, edit);
    expect(await kindOf(updateCourse(admin, edit))).toBe('conflict');
    const { course: after } = await getCourse(admin, main.id);
    expect(after).toMatchObject({ level: 'advanced', description: 'Two days of practice.', preparation: ['Read chapter 1', 'Bring a laptop'], renewal_course_ids: [workshop.id], certification_validity_months: 24 });
    expect(new Date(after.updated_at)).toEqual(saved);

    // The trainee sees the preparation on their booking, and the workshop as a way to renew.
    const person = await contact(northwind, 'Prepared');
    const booking = await book(northwind, await session(northwind, main.id, 24 * 20), person.id);
    const held = await certify(northwind, person.id, main.id);
    const learner = await learnerOf(northwind, person.id);
    expect((await myBooking(learner, booking)).preparation).toEqual(['Read chapter 1', 'Bring a laptop']);
    expect((await renewalAlternatives(learner, held.id)).map((a) => a.code)).toEqual([workshop.code]);
    expect(await outcomeOf(learner, 'select custom from public.courses')).toBe('denied');
    // …and the renewal reminder offers it beside the course's own date.
    const composed = await asService('test: compose a reminder', (tx) =>
      composeTriggerEmail(tx, { id: randomUUID(), org_id: northwind, event: 'renewal_reminder', contact_id: person.id, record_id: held.id, details: { days_left: 30 } }),
    );
    const options = composed.kind === 'send' ? (composed.props.options as { title: string; format: string }[]) : [];
    expect(options.map((o) => o.title)).toEqual([`Portal course ${main.code}`, `Portal course ${workshop.code}`]);
    expect(options[1]?.format).toBe('Continuing education, dates on request');
  });
});
