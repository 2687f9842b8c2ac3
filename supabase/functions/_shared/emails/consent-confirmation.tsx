/**
 * Double opt-in: someone ticked "keep me informed" on a public form with this address. One
 * click confirms it was them; until then nothing is sent to them as marketing. Says who asked,
 * what they agreed to, and that ignoring the email changes nothing.
 */
import type { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  confirmUrl: link,
  /** The consent sentence the visitor saw on the form, word for word. */
  consentText: text(2000),
  /** The form's name, e.g. "Spring open day". */
  formName: text(120),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Consent confirmation';
export const description = 'Asks a person to confirm they want marketing email (double opt-in).';

export const subject = ({ brand }: Props) => `Please confirm you want to hear from ${brand.orgName}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  confirmUrl: 'https://app.cohort.example/confirm-consent/preview-token',
  consentText: 'Yes, email me about courses, open days and offers.',
  formName: 'Spring open day',
};

export default function ConsentConfirmationEmail(props: Props) {
  const { brand, recipient, confirmUrl, consentText, formName } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="One click confirms it was you. Until then we send you nothing of the kind."
      reason={`${recipient.email} was entered on the “${formName}” form of ${brand.orgName}`}
    >
      <Title>Confirm your subscription</Title>
      <P>
        Hi {recipient.firstName}, this address was entered on our “{formName}” form, with this box ticked:
      </P>
      <P muted>“{consentText}”</P>
      <Cta brand={brand} href={confirmUrl}>
        Yes, that was me
      </Cta>
      <P muted>
        If the button does not work, copy this link into your browser:{' '}
        <InlineLink brand={brand} href={confirmUrl}>{confirmUrl}</InlineLink>
      </P>
      <P>Was it not you? Ignore this email: we will not send you any of it, and the link expires in 7 days.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
