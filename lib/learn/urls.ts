/**
 * Every learner portal URL, in one place: the pages (app/learn), the links in transactional
 * emails (lib/jobs/transactional) and the tests all build them here. LEARNER_PORTAL_URL lets a
 * deployment point the emails at a portal of its own (default APP_URL, where app/learn serves
 * these paths). A link in an email carries a pass (./passes.ts) for the one thing it is about;
 * the portal trades it for a session on arrival (app/learn/pass). Times in emails are shown in
 * EMAIL_TIME_ZONE (default Europe/London).
 */
const base = () => (process.env.LEARNER_PORTAL_URL ?? process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

/** Paths inside the portal (what pages link to and what a pass may lead to). */
export const learnerPaths = {
  home: () => '/learn',
  booking: (enrollmentId: string) => `/learn/bookings/${enrollmentId}`,
  keepBooking: (enrollmentId: string) => `/learn/bookings/${enrollmentId}/keep`,
  moveBooking: (enrollmentId: string, sessionId?: string) => `/learn/bookings/${enrollmentId}/move${sessionId ? `?to=${sessionId}` : ''}`,
  cancelBooking: (enrollmentId: string) => `/learn/bookings/${enrollmentId}/cancel`,
  bookingCalendar: (enrollmentId: string) => `/learn/bookings/${enrollmentId}/calendar.ics`,
  certificatePdf: (number: string) => `/learn/certificates/${encodeURIComponent(number)}.pdf`,
  renewCertificate: (number: string) => `/learn/certificates/${encodeURIComponent(number)}/renew`,
  /** The public catalogue; `orgId` names the organisation when a deployment holds several. */
  catalogue: (orgId?: string) => `/learn/courses${orgId ? `?org=${orgId}` : ''}`,
  course: (code: string, orgId?: string) => `/learn/courses/${encodeURIComponent(code)}${orgId ? `?org=${orgId}` : ''}`,
  signIn: (token: string) => `/learn/sign-in/${token}`,
  /** Where a pass is traded for a session, then the browser goes on to `to`. */
  pass: (pass: string, to: string) => `/learn/pass?${new URLSearchParams({ pass, to })}`,
  verifyCertificate: (number: string) => `/verify/${encodeURIComponent(number)}`,
};

/** A path with its pass, as an email links to it: the page forwards the pass (app/learn/pass). */
const withPass = (path: string, pass?: string) => `${base()}${path}${pass ? `${path.includes('?') ? '&' : '?'}pass=${encodeURIComponent(pass)}` : ''}`;

/** Absolute URLs for emails. */
export const portalLinks = {
  home: () => `${base()}${learnerPaths.home()}`,
  booking: (enrollmentId: string, pass?: string) => withPass(learnerPaths.booking(enrollmentId), pass),
  keepBooking: (enrollmentId: string, pass?: string) => withPass(learnerPaths.keepBooking(enrollmentId), pass),
  moveBooking: (enrollmentId: string, sessionId: string, pass?: string) => withPass(learnerPaths.moveBooking(enrollmentId, sessionId), pass),
  cancelBooking: (enrollmentId: string, pass?: string) => withPass(learnerPaths.cancelBooking(enrollmentId), pass),
  catalogue: (orgId?: string) => `${base()}${learnerPaths.catalogue(orgId)}`,
  course: (code: string, orgId?: string) => `${base()}${learnerPaths.course(code, orgId)}`,
  verifyCertificate: (number: string) => `${base()}${learnerPaths.verifyCertificate(number)}`,
  downloadCertificate: (number: string, pass?: string) => withPass(learnerPaths.certificatePdf(number), pass),
  renewCertificate: (number: string, pass?: string) => withPass(learnerPaths.renewCertificate(number), pass),
  signIn: (token: string) => `${base()}${learnerPaths.signIn(token)}`,
};

/**
 * True for a path a pass may send the browser on to: inside the portal, no scheme, no host
 * (`//evil.example` is a host), nothing a browser would read as another origin.
 */
export function isLearnerPath(path: string): boolean {
  const [pathname = ''] = path.split('?');
  // No `.` or `..` segment, written plainly or escaped: /learn/../settings is not in the portal.
  const dotSegment = pathname.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
  return /^\/learn(\/[A-Za-z0-9._~%-]+)*\/?(\?[A-Za-z0-9._~%&=-]*)?$/.test(path) && !path.includes('//') && !dotSegment;
}

export const emailTimeZone = () => process.env.EMAIL_TIME_ZONE ?? 'Europe/London';

/** A path segment as written, or '' when its escapes are broken (`%E0%A4%A`): a 404, not a 500. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
