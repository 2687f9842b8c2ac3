import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { BrandedCard } from '@/components/public/branded-card';
import { Badge } from '@/components/ui/badge';
import { verifyCertificate } from '@/lib/crm/certificate-verification';
import { CrmError } from '@/lib/crm/errors';
import { clientAddress } from '@/lib/http/client-address';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Verify a certificate' };
export const dynamic = 'force-dynamic';

/** Public: the link printed on certificates and in certificate emails. */
export default async function VerifyCertificatePage({ params }: { params: Promise<{ number: string }> }) {
  const { number } = await params;
  let certificate: Awaited<ReturnType<typeof verifyCertificate>>;
  try {
    certificate = await verifyCertificate(decodeURIComponent(number), clientAddress(await headers()));
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    return (
      <BrandedCard brand={null} title="Please wait a moment" subtitle={error.message}>
        <p className="text-sm">This limit protects the certificate register from automated look-ups.</p>
      </BrandedCard>
    );
  }
  if (!certificate) {
    return (
      <BrandedCard brand={null} title="Certificate not found" subtitle={`No certificate with the number ${decodeURIComponent(number)} exists. Check the number and try again.`}>
        <p className="text-sm">If you believe this is a mistake, contact the training provider named on the certificate.</p>
      </BrandedCard>
    );
  }
  const tone = certificate.status === 'active' ? 'green' : 'red';
  return (
    <BrandedCard brand={certificate.brand} title="Certificate verification" subtitle={`Issued by ${certificate.issuer}`}>
      <dl className="space-y-2 text-sm" data-testid="certificate-verification">
        <div><dt className="font-medium">Status</dt><dd><Badge tone={tone}>{certificate.status === 'active' ? 'Valid' : certificate.status === 'expired' ? 'Expired' : 'Revoked'}</Badge></dd></div>
        <div><dt className="font-medium">Certificate number</dt><dd>{certificate.number}</dd></div>
        <div><dt className="font-medium">Course</dt><dd>{certificate.course}</dd></div>
        <div><dt className="font-medium">Holder</dt><dd>{certificate.holder ?? 'Not shown (the holder’s personal data has been erased)'}</dd></div>
        <div><dt className="font-medium">Issued</dt><dd>{formatDate(certificate.issuedAt)}</dd></div>
        <div><dt className="font-medium">Valid until</dt><dd>{certificate.expiresAt ? formatDate(certificate.expiresAt) : 'Does not expire'}</dd></div>
      </dl>
    </BrandedCard>
  );
}
