/**
 * Links that cannot break: every email Cohort sends about a real booking, exam and certificate
 * of the seed is composed as the worker composes it, rendered, and every link in it requested
 * against the running app in a browser with no session: each Cohort link answers 200 (after
 * following its pass), and each other link is one the organisation configured. Every
 * template's sample (preview) links that point at Cohort name a route the app serves.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { emailTemplateNames, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { asService } from '../../lib/db/session';
import { closeOwnerDb, ownerDb } from '../../lib/db/owner';
import { renderEmail } from '../../supabase/functions/_shared/email/render';
import { composeTriggerEmail, type TriggerRow } from '../../lib/jobs/transactional/compose';
import type { EmailTriggerEvent } from '../../lib/db/types';
import { appRouteOf } from '../support/app-routes';

test.afterAll(async () => {
  await closeOwnerDb();
});

const DAY = 86_400_000;
const linksOf = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));

test('every link in the emails about a real booking, exam and certificate answers, and goes nowhere the organisation did not choose', async ({ playwright }) => {
  const db = ownerDb();
  const org = await db.selectFrom('organizations').selectAll().where('name', '=', 'Northwind Training').executeTakeFirstOrThrow();
  const course = await db.selectFrom('courses').select(['id', 'code']).where('org_id', '=', org.id).where('is_active', '=', true).where('deleted_at', 'is', null).orderBy('code').executeTakeFirstOrThrow();
  const meetingUrl = 'https://meet.google.com/abc-defg-hij';
  const session = async (days: number, delivery: 'online' | 'in_person') => {
    const starts = new Date(Date.now() + days * DAY);
    return (
      await db
        .insertInto('course_sessions')
        .values({ org_id: org.id, course_id: course.id, starts_at: starts, ends_at: new Date(starts.getTime() + 8 * 3_600_000), delivery, location: delivery === 'online' ? null : 'Northwind Centre, London', meeting_url: delivery === 'online' ? meetingUrl : null, capacity: 10 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const ahead = await session(20, 'online');
  await session(27, 'in_person');
  const past = await session(-3, 'in_person');
  const email = `links-${randomUUID().slice(0, 8)}@example.com`;
  const contact = (await db.insertInto('contacts').values({ org_id: org.id, first_name: 'Linus', last_name: 'Links', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
  const booking = (await db.insertInto('enrollments').values({ org_id: org.id, session_id: ahead, contact_id: contact }).returning('id').executeTakeFirstOrThrow()).id;
  const waiting = (await db.insertInto('enrollments').values({ org_id: org.id, session_id: await session(34, 'in_person'), contact_id: contact, status: 'waitlisted', waitlisted_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
  const sat = (await db.insertInto('enrollments').values({ org_id: org.id, session_id: past, contact_id: contact, status: 'attended' }).returning('id').executeTakeFirstOrThrow()).id;
  const exam = (await db.insertInto('exam_results').values({ org_id: org.id, enrollment_id: sat, attempt: 1, score: 40, passed: false, taken_at: new Date(Date.now() - 2 * DAY) }).returning('id').executeTakeFirstOrThrow()).id;
  const passed = (await db.insertInto('exam_results').values({ org_id: org.id, enrollment_id: sat, attempt: 2, score: 85, passed: true, taken_at: new Date(Date.now() - DAY) }).returning('id').executeTakeFirstOrThrow()).id;
  const certificate = async (status: 'active' | 'expired', issued: string, expires: string) =>
    (
      await db
        .insertInto('certifications')
        .values({ org_id: org.id, contact_id: contact, course_id: course.id, certificate_number: `LNK-${randomUUID().slice(0, 8).toUpperCase()}`, issued_at: issued, expires_at: expires, status })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
  const active = await certificate('active', day(-700), day(30));
  const expired = await certificate('expired', day(-800), day(-2));

  const triggers: [EmailTriggerEvent, string, Record<string, unknown>][] = [
    ['enrollment_created', booking, {}],
    ['enrollment_created', waiting, {}],
    ['booking_moved', booking, {}],
    ['waitlist_promoted', booking, {}],
    ['session_changed', booking, { starts_at: new Date(Date.now() + 10 * DAY).toISOString(), ends_at: new Date(Date.now() + 10 * DAY + 8 * 3_600_000).toISOString(), delivery: 'online', meeting_url: meetingUrl }],
    ['exam_result_recorded', exam, {}],
    ['exam_result_recorded', passed, {}],
    ['certification_issued', active, {}],
    ['renewal_reminder', active, { days_left: 30 }],
    ['certification_expired', expired, {}],
  ];
  const brand = { orgName: org.name, brandColor: org.brand_color ?? '#1d4ed8', postalAddress: org.postal_address ?? 'London' };
  const links = new Set<string>();
  for (const [event, record, details] of triggers) {
    const trigger: TriggerRow = { id: randomUUID(), org_id: org.id, event, contact_id: contact, record_id: record, details };
    const composed = await asService('e2e: compose an email as the worker does', (tx) => composeTriggerEmail(tx, trigger));
    expect(composed.kind, event).toBe('send');
    if (composed.kind !== 'send') continue;
    const rendered = await renderEmail(composed.template as never, { ...composed.props, brand, recipient: { firstName: 'Linus', email } } as never);
    for (const link of linksOf(rendered.html)) links.add(link);
  }

  const app = new URL(process.env.APP_URL as string);
  const cohort = [...links].filter((l) => l.startsWith(app.origin));
  const external = [...links].filter((l) => !l.startsWith(app.origin));
  // Every kind of portal link the emails carry is among them.
  const kinds = new Set(cohort.map((l) => (appRouteOf(new URL(l).pathname) ?? 'none').split('/app/')[1]));
  expect([...kinds].sort()).toEqual([
    'learn/bookings/[id]',
    'learn/bookings/[id]/cancel',
    'learn/bookings/[id]/keep',
    'learn/bookings/[id]/move',
    'learn/certificates/[certificate]',
    'learn/certificates/[certificate]/renew',
    'learn/courses/[code]',
    'verify/[number]',
  ]);
  for (const link of cohort) {
    // Each link as its recipient opens it: a browser of its own, no session.
    const visitor = await playwright.request.newContext({ baseURL: app.origin });
    const response = await visitor.get(link.slice(app.origin.length));
    expect([link, response.status()]).toEqual([link, 200]);
    expect(response.url(), link).not.toContain('link=');
    await visitor.dispose();
  }
  // The only links out of Cohort are the ones the organisation set (its sessions' meeting rooms),
  // and the certificate email's "add to LinkedIn", which carries the certificate's own details.
  const rooms = new Set((await db.selectFrom('course_sessions').select('meeting_url').where('org_id', '=', org.id).where('meeting_url', 'is not', null).execute()).map((s) => s.meeting_url));
  const linkedIn = (l: string) => l.startsWith('https://www.linkedin.com/profile/add?') && new URL(l).searchParams.get('organizationName') === org.name;
  expect(external.filter((l) => !rooms.has(l) && !linkedIn(l))).toEqual([]);
  expect(external.some((l) => l === meetingUrl)).toBe(true);
});

test('every template’s sample links that point at Cohort name a page the app serves', () => {
  const missing: string[] = [];
  for (const name of emailTemplateNames) {
    const props = emailTemplates[name].previewProps as Record<string, unknown>;
    const urls = JSON.stringify(props).match(/https:\/\/app\.cohort\.example[^"\\]*/g) ?? [];
    for (const url of urls) if (!appRouteOf(new URL(url).pathname)) missing.push(`${name}: ${url}`);
  }
  expect(missing).toEqual([]);
});
