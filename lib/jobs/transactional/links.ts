/**
 * Where transactional emails send people: the training company's learner portal (bookings,
 * certificates, courses). Cohort is the staff side and has no learner portal of its own, so
 * a deployment names it with LEARNER_PORTAL_URL (default APP_URL), and its portal serves
 * these paths. Times in emails are shown in EMAIL_TIME_ZONE (default Europe/London).
 */
const base = () => (process.env.LEARNER_PORTAL_URL ?? process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

export const portalLinks = {
  dashboard: () => `${base()}/learn`,
  booking: (enrollmentId: string) => `${base()}/learn/bookings/${enrollmentId}`,
  keepBooking: (enrollmentId: string) => `${base()}/learn/bookings/${enrollmentId}/keep`,
  moveBooking: (enrollmentId: string, sessionId: string) => `${base()}/learn/bookings/${enrollmentId}/move?to=${sessionId}`,
  cancelBooking: (enrollmentId: string) => `${base()}/learn/bookings/${enrollmentId}/cancel`,
  course: (code: string) => `${base()}/learn/courses/${encodeURIComponent(code)}`,
  verifyCertificate: (number: string) => `${base()}/verify/${encodeURIComponent(number)}`,
  downloadCertificate: (number: string) => `${base()}/learn/certificates/${encodeURIComponent(number)}.pdf`,
  renewCertificate: (number: string) => `${base()}/learn/certificates/${encodeURIComponent(number)}/renew`,
};

export const emailTimeZone = () => process.env.EMAIL_TIME_ZONE ?? 'Europe/London';
