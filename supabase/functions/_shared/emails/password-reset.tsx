/** Password reset link, valid for one hour. Says what to do if the request was not theirs. */
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { link, transactionalProps } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Title } from './components/ui.tsx';
import type { z } from 'zod';

/**
 * better-auth's resetPasswordTokenExpiresIn default (3600 s), which lib/auth/auth.ts keeps.
 * If that setting changes, change this wording with it.
 */
export const RESET_LINK_VALIDITY = '1 hour';

export const schema = transactionalProps.extend({ resetUrl: link });
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Password reset';
export const description = 'A link to choose a new password.';

export const subject = ({ brand }: Props) => `Reset your ${brand.orgName} password`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  resetUrl: 'https://app.cohort.example/reset-password?token=preview-reset-token',
};

export default function PasswordResetEmail(props: Props) {
  const { brand, recipient, resetUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Use this link within ${RESET_LINK_VALIDITY} to choose a new password.`}
      reason={`a password reset was requested for the ${brand.orgName} account linked to ${recipient.email}`}
    >
      <Title>Reset your password</Title>
      <P>
        Hi {recipient.firstName}, we received a request to reset the password for your {brand.orgName} account (
        {recipient.email}).
      </P>
      <Cta brand={brand} href={resetUrl}>
        Choose a new password
      </Cta>
      <P>This link works once and expires {RESET_LINK_VALIDITY} after this email was sent.</P>
      <P muted>
        If the button does not work, copy this link into your browser:{' '}
        <InlineLink brand={brand} href={resetUrl}>{resetUrl}</InlineLink>
      </P>
      <P>
        Did not ask for this? You can safely ignore this email: your password stays the same, and nobody can change it
        without this link.
        {brand.supportEmail ? ` If you keep receiving these emails, contact ${brand.supportEmail}.` : ''}
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
