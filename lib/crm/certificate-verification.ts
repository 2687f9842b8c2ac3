/**
 * Public certificate verification (/verify/<number>): anyone holding a certificate number may
 * check that it is genuine and current. Named system work — the visitor has no account — that
 * reveals only what a certificate states; after an erasure it no longer names the holder.
 * Look-ups are limited per client address, so the register cannot be harvested by guessing.
 */
import { type Brand, brandColumns, brandOf } from '../brand';
import { asService } from '../db/session';
import { RATE_LIMITS, takeRateLimit } from '../http/rate-limit';
import { CrmError } from './errors';

export type VerifiedCertificate = {
  number: string;
  course: string;
  issuer: string;
  brand: Brand;
  holder: string | null;
  issuedAt: string;
  expiresAt: string | null;
  status: 'active' | 'expired' | 'revoked';
};

/** The certificate with this number, or null; a client over its look-up limit gets a conflict error. */
export async function verifyCertificate(number: string, client: string | null): Promise<VerifiedCertificate | null> {
  if (!(await takeRateLimit(`certificate-lookup:${client ?? 'unknown'}`, RATE_LIMITS.certificateLookups))) {
    throw new CrmError('conflict', 'Too many certificate look-ups from your connection. Please wait a minute and try again.');
  }
  const normalised = number.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{5,39}$/.test(normalised)) return null;
  return asService('certificates: public verification of a certificate number', async (tx) => {
    const row = await tx
      .selectFrom('certifications')
      .innerJoin('courses', 'courses.id', 'certifications.course_id')
      .innerJoin('organizations', 'organizations.id', 'certifications.org_id')
      .innerJoin('contacts', 'contacts.id', 'certifications.contact_id')
      .select([
        'certifications.certificate_number',
        'certifications.issued_at',
        'certifications.expires_at',
        'certifications.status',
        'courses.title',
        'organizations.name as issuer',
        ...brandColumns,
        'contacts.first_name',
        'contacts.last_name',
        'contacts.deleted_at',
      ])
      .where('certifications.certificate_number', '=', normalised)
      .executeTakeFirst();
    if (!row) return null;
    // An erased holder's contact is anonymised and in the trash: the certificate stays
    // verifiable without naming anyone.
    const holder = row.deleted_at ? null : [row.first_name, row.last_name].filter(Boolean).join(' ') || null;
    const expired = row.status === 'active' && row.expires_at !== null && row.expires_at < new Date().toISOString().slice(0, 10);
    return {
      number: row.certificate_number,
      course: row.title,
      issuer: row.issuer,
      brand: brandOf(row),
      holder,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      status: expired ? 'expired' : row.status,
    };
  });
}
