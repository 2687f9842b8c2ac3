/** A trainee's certificate, read as the trainee, and its PDF (./certificate-pdf.ts). */
import { z } from 'zod';
import { notFound, parseInput } from '../crm/errors';
import { type CertificateForPdf, certificateForPdf, certificatePdf } from './certificate-pdf';
import { type Learner, withTrainee } from './session';

const numberSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/, { error: 'This is not a certificate number.' });

/** How a certificate's status reads to its holder: an active one within 90 days of expiry is expiring. */
export function holderStatus(status: 'active' | 'expired' | 'revoked', expiresOn: string | null, today = new Date()): 'active' | 'expiring' | 'expired' | 'revoked' {
  if (status !== 'active' || !expiresOn) return status;
  return new Date(`${expiresOn}T00:00:00Z`).getTime() - today.getTime() <= 90 * 86_400_000 ? 'expiring' : 'active';
}

export type MyCertificate = CertificateForPdf & { id: string; courseId: string; holderStatus: ReturnType<typeof holderStatus> };

/** The certificate's facts (for its page and its PDF), if the session reaches it. */
export async function myCertificate(learner: Learner, number: string): Promise<MyCertificate> {
  const certificateNumber = parseInput(numberSchema, number);
  return withTrainee(learner, async (tx) => {
    const row = await tx
      .selectFrom('certifications as z')
      .innerJoin('courses as c', 'c.id', 'z.course_id')
      .innerJoin('contacts as p', 'p.id', 'z.contact_id')
      .innerJoin('organizations as o', 'o.id', 'z.org_id')
      .select(['z.id', 'z.course_id', 'z.certificate_number', 'z.issued_at', 'z.expires_at', 'z.status', 'c.title', 'p.first_name', 'p.last_name', 'p.email', 'o.name as org_name', 'o.postal_address', 'o.brand_color'])
      .where('z.certificate_number', '=', certificateNumber)
      .executeTakeFirst();
    if (!row) throw notFound('This certificate');
    const facts = certificateForPdf(row);
    return { ...facts, id: row.id, courseId: row.course_id, holderStatus: holderStatus(row.status, facts.expiresOn) };
  });
}

export async function myCertificatePdf(learner: Learner, number: string) {
  return certificatePdf(await myCertificate(learner, number));
}
