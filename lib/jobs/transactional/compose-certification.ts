/** Props of the exam and certification emails: result, certificate, renewal reminder, expiry. */
import { sql } from 'kysely';
import type { Tx } from '../../db/session';
import type { Composed, TriggerRow } from './compose';
import { certificateForPdf, certificatePdf } from '../../learn/certificate-pdf';
import { passLifetime, signPass } from '../../learn/passes';
import { emailTimeZone, portalLinks } from '../../learn/urls';
import { cut } from './session-props';

/** The calendar day of an instant where the trainee is. */
const dayIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export async function examResult(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const row = await tx
    .selectFrom('exam_results as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('course_sessions as s', 's.id', 'e.session_id')
    .innerJoin('courses as c', 'c.id', 's.course_id')
    .innerJoin('contacts as p', 'p.id', 'e.contact_id')
    .select(['x.score', 'x.passed', 'x.taken_at', 'c.title', 'c.code', 'c.custom', 'c.certification_validity_months', 'e.id as enrollment_id', 's.ends_at', 'p.email'])
    .where('x.id', '=', trigger.record_id)
    .executeTakeFirst();
  if (!row) return { kind: 'skip', reason: 'the exam result was removed' };
  const passMark = (row.custom as { pass_mark?: unknown } | null)?.pass_mark;
  const percent = Number(row.score);
  // The score is shown only with the course's pass mark, and only when the two agree.
  const score = typeof passMark === 'number' && row.passed === percent >= passMark ? { score: { percent, passMark } } : {};
  const common = { examName: cut(`${row.title} exam`, 100), takenOn: dayIn(new Date(row.taken_at), emailTimeZone()), ...score };
  if (row.passed) {
    return {
      kind: 'send',
      template: 'exam-result',
      props: {
        ...common,
        passed: true,
        nextSteps: [
          row.certification_validity_months
            ? `Your certificate will arrive by email; it is valid for ${row.certification_validity_months} months.`
            : 'Your certificate will arrive by email shortly.',
          'Add the course to your CPD record in your learner portal.',
          'Tell your manager: many employers recognise the certificate in reviews.',
        ],
        // The booking the exam belonged to, opened by its pass (the result is about that booking).
        bookingUrl: portalLinks.booking(
          row.enrollment_id,
          signPass({ purpose: 'booking', ref: row.enrollment_id, orgId: trigger.org_id, contactId: trigger.contact_id, email: row.email ?? '', expiresAt: passLifetime.booking(row.ends_at) }),
        ),
      },
    };
  }
  return {
    kind: 'send',
    template: 'exam-result',
    props: { ...common, passed: false, retake: { bookUrl: portalLinks.course(row.code, trigger.org_id), waitDays: 14 } },
  };
}

async function certification(tx: Tx, id: string) {
  return tx
    .selectFrom('certifications as z')
    .innerJoin('courses as c', 'c.id', 'z.course_id')
    .innerJoin('contacts as p', 'p.id', 'z.contact_id')
    .innerJoin('organizations as o', 'o.id', 'z.org_id')
    .select(['z.id', 'z.status', 'z.certificate_number', 'z.issued_at', 'z.expires_at', 'c.id as course_id', 'c.title', 'c.code', 'c.duration_hours', 'c.renewal_course_ids'])
    .select(['p.first_name', 'p.last_name', 'p.email', 'o.name as org_name', 'o.postal_address', 'o.brand_color'])
    .where('z.id', '=', id)
    .executeTakeFirst();
}

/** The pass in a certificate email's links: it opens this certificate only. */
const certificatePass = (trigger: TriggerRow, holderEmail: string | null) =>
  signPass({ purpose: 'certificate', ref: trigger.record_id, orgId: trigger.org_id, contactId: trigger.contact_id, email: holderEmail ?? '', expiresAt: passLifetime.certificate() });

export async function certificateIssued(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const z = await certification(tx, trigger.record_id);
  if (!z || z.status === 'revoked') return { kind: 'skip', reason: 'the certification was revoked or removed' };
  return {
    kind: 'send',
    template: 'certificate-issued',
    props: {
      certificate: {
        name: cut(z.title, 100),
        number: z.certificate_number,
        issuedOn: z.issued_at,
        ...(z.expires_at ? { expiresOn: z.expires_at } : {}),
        verificationUrl: portalLinks.verifyCertificate(z.certificate_number),
        downloadUrl: portalLinks.downloadCertificate(z.certificate_number, certificatePass(trigger, z.email)),
      },
      // The same PDF the portal serves, attached.
      certificatePdf: Buffer.from(await certificatePdf(certificateForPdf(z))).toString('base64'),
    },
  };
}

export async function renewalReminder(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const z = await certification(tx, trigger.record_id);
  const daysLeft = Number((trigger.details as { days_left?: unknown }).days_left);
  if (z?.status !== 'active' || !z.expires_at) return { kind: 'skip', reason: 'the certification is no longer active' };
  if (![90, 60, 30, 7].includes(daysLeft)) return { kind: 'skip', reason: `no reminder is sent ${daysLeft} days ahead` };
  // Renewing means another run of the course: the next dates with seats are the options.
  const sessions = await tx
    .selectFrom('course_sessions as s')
    .select(['s.starts_at', 's.delivery'])
    .where('s.course_id', '=', z.course_id)
    .where('s.status', '=', 'scheduled')
    .where('s.deleted_at', 'is', null)
    .where('s.starts_at', '>', sql<Date>`now()`)
    .orderBy('s.starts_at')
    .limit(3)
    .execute();
  const hours = Number(z.duration_hours);
  const format = (delivery: string, at: Date) =>
    `${delivery === 'online' ? 'Live online' : delivery === 'hybrid' ? 'Classroom or online' : 'Classroom'}, from ${new Intl.DateTimeFormat('en-GB', { timeZone: emailTimeZone(), day: 'numeric', month: 'long', year: 'numeric' }).format(at)}`;
  const own = sessions.length
    ? sessions.map((s) => ({ title: cut(z.title, 120), format: cut(format(s.delivery, new Date(s.starts_at)), 80), hours, url: portalLinks.course(z.code, trigger.org_id) }))
    : [{ title: cut(`${z.title}: renewal`, 120), format: 'Dates on request', hours, url: portalLinks.course(z.code, trigger.org_id) }];
  // The continuing-education courses that also renew it (the course's page in Training), each with its next date.
  const alternatives = await tx
    .selectFrom('courses as a')
    .select(['a.code', 'a.title', 'a.duration_hours'])
    .select((eb) =>
      eb
        .selectFrom('course_sessions as s')
        .select(sql<Date>`min(s.starts_at)`.as('next'))
        .whereRef('s.course_id', '=', 'a.id')
        .where('s.status', '=', 'scheduled')
        .where('s.deleted_at', 'is', null)
        .where('s.starts_at', '>', sql<Date>`now()`)
        .as('next_at'),
    )
    .where('a.id', '=', sql<string>`any(${z.renewal_course_ids}::uuid[])`)
    .where('a.is_active', '=', true)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.title')
    .limit(2)
    .execute();
  const options = [
    ...own,
    ...alternatives.map((a) => ({
      title: cut(a.title, 120),
      format: cut(a.next_at ? `Continuing education, from ${new Intl.DateTimeFormat('en-GB', { timeZone: emailTimeZone(), day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(a.next_at))}` : 'Continuing education, dates on request', 80),
      hours: Number(a.duration_hours),
      url: portalLinks.course(a.code, trigger.org_id),
    })),
  ].slice(0, 5);
  return {
    kind: 'send',
    template: 'renewal-reminder',
    props: {
      certification: { name: cut(z.title, 100), number: z.certificate_number, expiresOn: z.expires_at },
      daysLeft,
      options,
      renewUrl: portalLinks.renewCertificate(z.certificate_number, certificatePass(trigger, z.email)),
    },
  };
}

export async function certificationExpired(tx: Tx, trigger: TriggerRow): Promise<Composed> {
  const z = await certification(tx, trigger.record_id);
  if (z?.status !== 'expired' || !z.expires_at) return { kind: 'skip', reason: 'the certification is not expired' };
  return {
    kind: 'send',
    template: 'certification-expired',
    props: {
      certification: { name: cut(z.title, 100), number: z.certificate_number, expiredOn: z.expires_at },
      recertifyUrl: portalLinks.course(z.code, trigger.org_id),
    },
  };
}
