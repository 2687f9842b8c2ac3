/** A certificate was issued: number, validity, download, and the public verification link. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDate, link, text, transactionalProps } from './components/schema.ts';
import type { EmailAttachment } from './types.ts';
import { Cta, Details, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  certificate: z.object({
    name: text(100),
    number: text(60),
    issuedOn: isoDate,
    /** Absent for certifications that do not expire. */
    expiresOn: isoDate.optional(),
    verificationUrl: link,
    downloadUrl: link,
  }),
  /** The certificate as a PDF (lib/learn/certificate-pdf.ts), in base64: attached to the email. At most 200 KB. */
  certificatePdf: z
    .string()
    .max(Math.ceil((200 * 1024) / 3) * 4, 'The certificate PDF is larger than 200 KB.')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'The certificate PDF must be base64.')
    .optional(),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Certificate issued';
export const description = 'Sends a new certificate as a PDF, with its public verification link.';

export const subject = ({ certificate }: Props) => `Your ${certificate.name} certificate is ready`;

export const attachments = ({ certificate, certificatePdf }: Props): EmailAttachment[] =>
  certificatePdf ? [{ filename: `certificate-${certificate.number}.pdf`, content: certificatePdf, contentType: 'application/pdf', encoding: 'base64' }] : [];

/** LinkedIn's documented "add certification to profile" link, pre-filled so sharing takes one click. */
function linkedInUrl({ brand, certificate }: Props): string {
  const url = new URL('https://www.linkedin.com/profile/add');
  const [year, month] = certificate.issuedOn.split('-');
  const params: Record<string, string> = {
    startTask: 'CERTIFICATION_NAME',
    name: certificate.name,
    organizationName: brand.orgName,
    issueYear: year ?? '',
    issueMonth: String(Number(month)),
    certUrl: certificate.verificationUrl,
    certId: certificate.number,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  certificate: {
    name: 'PRINCE2 7 Foundation',
    number: 'NB-P2F-2027-018734',
    issuedOn: '2027-05-19',
    expiresOn: '2030-05-19',
    verificationUrl: 'https://app.cohort.example/verify/NB-P2F-2027-018734',
    downloadUrl: 'https://app.cohort.example/learn/certificates/NB-P2F-2027-018734.pdf',
  },
};

export default function CertificateIssuedEmail(props: Props) {
  const { brand, recipient, certificate } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Certificate ${certificate.number}: download it, share it, and let employers verify it.`}
      reason={`you earned the ${certificate.name} certification with ${brand.orgName}`}
    >
      <Title>Congratulations, {recipient.firstName}: you are certified</Title>
      <P>
        {brand.orgName} has issued your {certificate.name} certificate. Well done on all the work it took to get here.
      </P>
      <Details
        rows={[
          ['Certification', certificate.name],
          ['Certificate number', certificate.number],
          ['Issued', longDate(certificate.issuedOn)],
          ['Valid until', certificate.expiresOn ? longDate(certificate.expiresOn) : 'Does not expire'],
        ]}
      />
      <Cta brand={brand} href={certificate.downloadUrl}>
        Download your certificate (PDF)
      </Cta>
      <P>
        Employers and clients can confirm your certificate is genuine at any time on its{' '}
        <InlineLink brand={brand} href={certificate.verificationUrl}>verification page</InlineLink>. Share that link rather
        than a copy of the PDF: it always shows the current status.
      </P>
      <P>
        Want to show it off? <InlineLink brand={brand} href={linkedInUrl(props)}>Add it to your LinkedIn profile</InlineLink>{' '}
        with the details already filled in.
      </P>
      {certificate.expiresOn ? (
        <P>
          To keep it valid, complete your continuing professional development before {longDate(certificate.expiresOn)}. We
          will remind you 90, 60, 30 and 7 days before it expires.
        </P>
      ) : null}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
