/**
 * Transactional email driven by the database: a booking, a moved session, an exam result
 * and a certificate — written by staff under their own RLS — each raise an event row, and
 * the worker sends the right template once with key trigger:<event>:<row id>. Also the daily
 * certification pass (renewal reminders, expiry) and a sequence's steps and exits.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, withUser } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { queues } from '../../lib/jobs/queues';
import type { RunningWorker } from '../../lib/jobs/worker';
import type { FunctionsHost } from '../../scripts/functions-host';
import { campaign, campaignRow, functionsHost, organisationWithPeople, until, worker } from './jobs-support';
import { NORTHWIND, orgId, type Staff, staff } from './support';

let host: FunctionsHost;
let running: RunningWorker;
let northwind: string;
let manager: Staff;
const db = () => ownerDb();

async function trainee(first = 'Olufemi') {
  const email = `booking-${randomUUID().slice(0, 8)}@example.com`;
  const row = await db().insertInto('contacts').values({ org_id: northwind, first_name: first, last_name: 'Adeyemi', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, email };
}

/** A session starting `days` from now (negative: one that has started, as an exam result needs). */
async function sessionIn(days = 30) {
  const course = await db().selectFrom('courses').select(['id', 'title']).where('org_id', '=', northwind).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  const starts = new Date(Date.now() + days * 86_400_000);
  const session = await db()
    .insertInto('course_sessions')
    .values({ org_id: northwind, course_id: course.id, starts_at: starts, ends_at: new Date(starts.getTime() + 8 * 3_600_000), delivery: 'in_person', location: 'Northwind Centre, 14 Clerkenwell Green, London', capacity: 10, instructor_name: 'Grace Hopper' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { sessionId: session.id, course };
}

const sentFor = (event: string, recordId: string) =>
  until(`the ${event} email for ${recordId}`, async () => {
    const trigger = await db().selectFrom('email_triggers').selectAll().where('event', '=', event as never).where('record_id', '=', recordId).executeTakeFirst();
    return trigger && !['pending', 'queued'].includes(trigger.status) ? trigger : null;
  });

const messageWithOutbox = (messageId: string) =>
  db()
    .selectFrom('email_messages as m')
    .innerJoin('email_outbox as o', 'o.message_id', 'm.id')
    .select(['m.template', 'm.idempotency_key', 'm.status', 'm.contact_id', 'o.subject', 'o.text', 'o.attachments'])
    .where('m.id', '=', messageId)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  [northwind, manager] = await Promise.all([orgId(NORTHWIND), staff('manager@northwind.example')]);
  host = await functionsHost();
  running = await worker(host);
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await host?.stop();
});

describe('training events', () => {
  it('confirms a booking a manager makes, with the calendar file, once', async () => {
    const person = await trainee();
    const { sessionId, course } = await sessionIn();
    const enrollment = await withUser(manager, (tx) =>
      tx.insertInto('enrollments').values({ org_id: northwind, session_id: sessionId, contact_id: person.id }).returning('id').executeTakeFirstOrThrow(),
    );
    const trigger = await sentFor('enrollment_created', enrollment.id);
    expect(trigger).toMatchObject({ status: 'sent', contact_id: person.id, last_error: null });
    const message = await messageWithOutbox(trigger.message_id as string);
    expect(message).toMatchObject({ template: 'enrollment-confirmation', idempotency_key: `trigger:enrollment-created:${trigger.id}`, status: 'sent' });
    expect(message.subject).toContain(course.title.slice(0, 20));
    expect(message.text).toContain('Hi Olufemi');
    expect(message.text).toContain('Grace Hopper');
    expect((message.attachments as { filename: string }[])[0]?.filename).toMatch(/\.ics$/);
    const count = await db().selectFrom('email_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotency_key', '=', message.idempotency_key).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('tells everyone booked on a moved session, with the old date and the new one as the first option', async () => {
    const person = await trainee('Mei');
    const { sessionId } = await sessionIn(40);
    await db().insertInto('enrollments').values({ org_id: northwind, session_id: sessionId, contact_id: person.id }).execute();
    const before = await db().selectFrom('course_sessions').select('starts_at').where('id', '=', sessionId).executeTakeFirstOrThrow();
    const moved = new Date(before.starts_at.getTime() + 7 * 86_400_000);
    await withUser(manager, (tx) =>
      tx.updateTable('course_sessions').set({ starts_at: moved, ends_at: new Date(moved.getTime() + 8 * 3_600_000) }).where('id', '=', sessionId).execute(),
    );
    const enrollment = await db().selectFrom('enrollments').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    const trigger = await sentFor('session_changed', enrollment.id);
    const message = await messageWithOutbox(trigger.message_id as string);
    expect(message.template).toBe('schedule-change');
    expect(message.text).toContain('Move to option 1');
    const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long' }).format(d);
    expect(message.text).toContain(day(before.starts_at));
    expect(message.text).toContain(day(moved));
  });

  it('sends the exam result and the certificate when they are recorded', async () => {
    const person = await trainee('Sven');
    const { sessionId, course } = await sessionIn(-1);
    const enrollment = await db().insertInto('enrollments').values({ org_id: northwind, session_id: sessionId, contact_id: person.id }).returning('id').executeTakeFirstOrThrow();
    const [result, certificate] = await withUser(manager, async (tx) => [
      await tx.insertInto('exam_results').values({ org_id: northwind, enrollment_id: enrollment.id, attempt: 1, score: 82, passed: true, taken_at: new Date() }).returning('id').executeTakeFirstOrThrow(),
      await tx
        .insertInto('certifications')
        .values({ org_id: northwind, contact_id: person.id, course_id: course.id, enrollment_id: enrollment.id, certificate_number: `NW-${randomUUID().slice(0, 8).toUpperCase()}`, issued_at: '2026-11-21', expires_at: '2029-11-21' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ]);
    const exam = await messageWithOutbox((await sentFor('exam_result_recorded', result.id)).message_id as string);
    expect(exam).toMatchObject({ template: 'exam-result' });
    expect(exam.subject).toContain('You passed');
    const issued = await messageWithOutbox((await sentFor('certification_issued', certificate.id)).message_id as string);
    expect(issued.template).toBe('certificate-issued');
  });

  it('sends nothing for a booking cancelled before its confirmation went out', async () => {
    const person = await trainee();
    const { sessionId } = await sessionIn(60);
    await running.stop();
    try {
      const enrollment = await withUser(manager, async (tx) => {
        const row = await tx.insertInto('enrollments').values({ org_id: northwind, session_id: sessionId, contact_id: person.id }).returning('id').executeTakeFirstOrThrow();
        return row;
      });
      await withUser(manager, (tx) => tx.updateTable('enrollments').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', enrollment.id).execute());
      running = await worker(host);
      const trigger = await sentFor('enrollment_created', enrollment.id);
      expect(trigger).toMatchObject({ status: 'skipped', message_id: null, last_error: 'the booking is no longer active' });
    } finally {
      running ??= await worker(host);
    }
  });
});

describe('the daily certification pass', () => {
  it('sends the 60-day reminder and the expired notice, and raises nothing twice', async () => {
    const person = await trainee('Ines');
    const course = await db().selectFrom('courses').select('id').where('org_id', '=', northwind).executeTakeFirstOrThrow();
    const today = new Date().toISOString().slice(0, 10);
    const plus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const cert = (number: string, expires: string) =>
      db().insertInto('certifications').values({ org_id: northwind, contact_id: person.id, course_id: course.id, certificate_number: number, issued_at: '2024-01-10', expires_at: expires }).returning('id').executeTakeFirstOrThrow();
    const renewing = await cert(`RN-${randomUUID().slice(0, 8).toUpperCase()}`, plus(58));
    const lapsed = await cert(`EX-${randomUUID().slice(0, 8).toUpperCase()}`, plus(-1));

    await running.boss.send(queues.certificationNotices.name, { today });
    const reminder = await messageWithOutbox((await sentFor('renewal_reminder', renewing.id)).message_id as string);
    expect(reminder.template).toBe('renewal-reminder');
    expect(reminder.subject).toContain('expires in 60 days');
    const expired = await messageWithOutbox((await sentFor('certification_expired', lapsed.id)).message_id as string);
    expect(expired.template).toBe('certification-expired');
    expect(await db().selectFrom('certifications').select('status').where('id', '=', lapsed.id).executeTakeFirstOrThrow()).toEqual({ status: 'expired' });

    const again = await asService('test: run the pass again', (tx) => sql<{ expired: number; reminders: number }>`select * from private.raise_certification_notices(${today}::date)`.execute(tx));
    const raised = await db().selectFrom('email_triggers').select('id').where('record_id', 'in', [renewing.id, lapsed.id]).execute();
    expect(raised).toHaveLength(2);
    expect(again.rows[0]?.expired).toBe(0);
  });
});

describe('sequences', () => {
  it('sends the due step, moves on to the next, and lets people out who withdraw consent', async () => {
    const sequence = await db().insertInto('sequences').values({ org_id: northwind, name: `Nurture ${randomUUID().slice(0, 6)}` }).returning('id').executeTakeFirstOrThrow();
    const step = (position: number, template: string, delay: number, props: Record<string, unknown>) =>
      db().insertInto('sequence_steps').values({ org_id: northwind, sequence_id: sequence.id, position, template, delay_minutes: delay, props: props as never }).execute();
    await step(1, 'nurture-certification-value', 0, { certificationName: 'PRINCE2 Foundation', programmeUrl: 'https://learn.example.com/prince2' });
    await step(2, 'nurture-certification-roi', 60 * 24, { certificationName: 'PRINCE2 Foundation', programmeUrl: 'https://learn.example.com/prince2' });
    const staying = await trainee('Aiko');
    const leaving = await trainee('Bruno');
    for (const person of [staying, leaving]) {
      await db().insertInto('consent_events').values({ org_id: northwind, contact_id: person.id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
    }
    await db().insertInto('consent_events').values({ org_id: northwind, contact_id: leaving.id, purpose: 'marketing_email', granted: false, source: 'preferences_page' }).execute();
    const marketing = await staff('marketing@northwind.example');
    await withUser(marketing, (tx) =>
      tx.insertInto('sequence_enrollments').values([staying, leaving].map((p) => ({ org_id: northwind, sequence_id: sequence.id, contact_id: p.id, next_run_at: new Date() }))).execute(),
    );
    const enrollments = await until('both enrollments to be ticked', async () => {
      const rows = await db().selectFrom('sequence_enrollments').selectAll().where('sequence_id', '=', sequence.id).execute();
      return rows.every((r) => r.current_step > 0 || r.status !== 'active') ? rows : null;
    });
    const stayed = enrollments.find((e) => e.contact_id === staying.id) as (typeof enrollments)[number];
    const left = enrollments.find((e) => e.contact_id === leaving.id);
    expect(left).toMatchObject({ status: 'exited', exit_reason: 'unsubscribed', current_step: 0 });
    expect(stayed).toMatchObject({ status: 'active', current_step: 1 });
    expect((stayed.next_run_at as Date).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const sent = await until('the first step to be sent', () =>
      db().selectFrom('email_messages').select(['template', 'status', 'idempotency_key']).where('idempotency_key', '=', `sequence:${stayed.id}:1`).executeTakeFirst(),
    );
    expect(sent).toMatchObject({ template: 'nurture-certification-value', status: 'sent' });
  });
});

describe('people without a first name', () => {
  it('are greeted as “there” instead of failing: a campaign to leads, some of them nameless', async () => {
    const { orgId } = await organisationWithPeople(0, 'Nameless');
    const leads = await db()
      .insertInto('leads')
      .values([
        { org_id: orgId, first_name: 'Noor', last_name: 'Khan', email: `noor-${randomUUID().slice(0, 6)}@example.com` },
        { org_id: orgId, first_name: null, last_name: null, email: `card-${randomUUID().slice(0, 6)}@example.com` },
      ])
      .returning(['id', 'first_name'])
      .execute();
    for (const lead of leads) await db().insertInto('consent_events').values({ org_id: orgId, lead_id: lead.id, purpose: 'marketing_email', granted: true, source: 'web_form' }).execute();
    const segment = await db().insertInto('segments').values({ org_id: orgId, name: 'Leads', audience: 'leads', filter: {} }).returning('id').executeTakeFirstOrThrow();
    const id = await campaign(orgId, segment.id);
    const done = await until('the campaign to complete', async () => {
      const c = await campaignRow(id);
      return c.status === 'completed' ? c : null;
    });
    expect(done).toMatchObject({ recipients_total: 2, sent_count: 2, failed_count: 0 });
    const texts = await db().selectFrom('email_outbox as o').innerJoin('email_messages as m', 'm.id', 'o.message_id').select(['m.lead_id', 'o.text']).where('m.campaign_id', '=', id).execute();
    const nameless = leads.find((l) => !l.first_name)?.id;
    expect(texts.find((t) => t.lead_id === nameless)?.text).toMatch(/, there\b/i);
    expect(texts.find((t) => t.lead_id !== nameless)?.text).toMatch(/Noor/i);
  });
});
