/**
 * Learner portal figures for `npm run bench`: a trainee of the bench organisation (among its
 * million contacts) with a booking and a certificate, signed in as a full session, for the
 * page timings (./pages.ts), and the certificate PDF's generation time in process.
 */
import { randomUUID } from 'node:crypto';
import { ownerDb } from '../../lib/db/owner';
import { certificatePdf } from '../../lib/learn/certificate-pdf';
import { LEARNER_COOKIE, openLearnerSession } from '../../lib/learn/session';
import { learnerPaths } from '../../lib/learn/urls';

const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A trainee with a booking and a certificate, and the portal routes to time as them. */
export async function learnerFixtures(orgId: string): Promise<{ cookie: string; routes: string[] }> {
  const db = ownerDb();
  const course = await db
    .insertInto('courses')
    .values({ org_id: orgId, code: 'BENCH-PORTAL', title: 'Portal Practitioner', level: 'practitioner', duration_hours: 14, price: 900, certification_validity_months: 36 })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  const starts = new Date(Date.now() + 30 * DAY);
  const sessions = [];
  for (let i = 0; i < 6; i++) {
    const at = new Date(starts.getTime() + i * 7 * DAY);
    sessions.push(
      await db
        .insertInto('course_sessions')
        .values({ org_id: orgId, course_id: course.id, starts_at: at, ends_at: new Date(at.getTime() + 8 * 3_600_000), delivery: 'in_person', location: 'Bench Centre, London', capacity: 12 })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
  }
  const contact = await db
    .insertInto('contacts')
    .values({ org_id: orgId, first_name: 'Portal', last_name: 'Trainee', email: `portal-${randomUUID().slice(0, 8)}@bench.example`, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const booking = await db.insertInto('enrollments').values({ org_id: orgId, session_id: sessions[0]?.id as string, contact_id: contact.id }).returning('id').executeTakeFirstOrThrow();
  const certificate = await db
    .insertInto('certifications')
    .values({ org_id: orgId, contact_id: contact.id, course_id: course.id, certificate_number: 'BENCH-PORTAL-0001', issued_at: '2026-01-15', expires_at: '2029-01-15' })
    .returning('certificate_number')
    .executeTakeFirstOrThrow();
  const opened = await openLearnerSession({ orgId, contactId: contact.id, scope: 'full', scopeRef: null, expiresAt: new Date(Date.now() + DAY) });
  if (!opened) throw new Error('bench trainee session was not opened');
  return {
    cookie: `${LEARNER_COOKIE}=${opened.token}`,
    routes: [
      learnerPaths.home(),
      learnerPaths.booking(booking.id),
      learnerPaths.moveBooking(booking.id),
      learnerPaths.certificatePdf(certificate.certificate_number),
      learnerPaths.catalogue(orgId),
      learnerPaths.course(course.code, orgId),
    ],
  };
}

/** Certificate PDF generation in process (fonts read once, as in the app). */
export async function benchCertificatePdf(runs = 200): Promise<string[]> {
  const facts = {
    orgName: 'Bench Training Ltd',
    orgAddress: '1 Bench Street, London EC1A 1AA',
    brandColor: '#0f766e',
    holderName: 'Zofia Łukasiewicz-Ångström',
    courseTitle: 'Portal Practitioner',
    number: 'BENCH-PORTAL-0001',
    issuedOn: '2026-01-15',
    expiresOn: '2029-01-15',
    status: 'active' as const,
    verificationUrl: 'https://app.cohort.example/verify/BENCH-PORTAL-0001',
  };
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 10; i++) {
    const t = process.hrtime.bigint();
    const pdf = await certificatePdf(facts);
    if (i >= 10) samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    bytes = pdf.length;
  }
  samples.sort((a, b) => a - b);
  return [
    '| work | p50 ms | p95 ms | size |',
    '| --- | ---: | ---: | ---: |',
    `| certificate PDF (pdf-lib, DejaVu subset, QR code) | ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${(bytes / 1024).toFixed(1)} KB |`,
  ];
}
