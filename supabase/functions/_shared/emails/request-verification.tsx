/**
 * Asks the person behind a data protection request (access, erasure, …) to confirm it is
 * theirs before we act on it. Says what happens next and by when, and what to do if they did
 * not ask.
 */
import type { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  verifyUrl: link,
  /** How the request reads to the person, e.g. "a copy of your personal data". */
  requestDescription: text(120),
  /** The legal due date, already formatted for the reader. */
  dueDate: text(40),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Data request verification';
export const description = 'Asks a person to confirm a data request they made.';

export const subject = ({ brand }: Props) => `Please confirm your data request to ${brand.orgName}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  verifyUrl: 'https://app.cohort.example/verify-request/preview-token',
  requestDescription: 'the erasure of your personal data',
  dueDate: '21 December 2026',
};

export default function RequestVerificationEmail(props: Props) {
  const { brand, recipient, verifyUrl, requestDescription, dueDate } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="One click confirms the request is yours, so we can act on it."
      reason={`a data protection request was made to ${brand.orgName} in the name of ${recipient.email}`}
    >
      <Title>Confirm your request</Title>
      <P>
        Hi {recipient.firstName}, we received a request for {requestDescription}, made with this email address. To protect
        your data, we only act once you confirm that the request is yours.
      </P>
      <Cta brand={brand} href={verifyUrl}>
        Yes, this request is mine
      </Cta>
      <P>Once confirmed, we will answer by {dueDate}, and tell you in advance if we need longer.</P>
      <P muted>
        If the button does not work, copy this link into your browser:{' '}
        <InlineLink brand={brand} href={verifyUrl}>{verifyUrl}</InlineLink>
      </P>
      <P>Did not ask for this? Ignore this email and nothing will happen to your data.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
