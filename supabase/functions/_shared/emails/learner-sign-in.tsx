/**
 * A one-time link into the learner portal, asked for on its sign-in page: no password, the
 * link is the proof that the address is the trainee's. Security mail (a bearer link): never
 * stored where staff can read it.
 */
import type { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { link, transactionalProps } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  signInUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Learner sign-in link';
export const description = 'A one-time link into the learner portal.';

export const subject = ({ brand }: Props) => `Your sign-in link for ${brand.orgName}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  signInUrl: 'https://app.cohort.example/learn/sign-in/preview-token',
};

export default function LearnerSignInEmail(props: Props) {
  const { brand, recipient, signInUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="Open your bookings and certificates. The link works once, for 15 minutes."
      reason={`someone asked to sign in to ${brand.orgName}'s learner portal as ${recipient.email}`}
    >
      <Title>Sign in to your training</Title>
      <P>Hi {recipient.firstName}, here is your link to your bookings and certificates with {brand.orgName}.</P>
      <Cta brand={brand} href={signInUrl}>
        Sign in
      </Cta>
      <P muted>
        The link works once, within 15 minutes. If the button does not work, copy this link into your browser:{' '}
        <InlineLink brand={brand} href={signInUrl}>{signInUrl}</InlineLink>
      </P>
      <P>Did not ask for this? Ignore this email: nobody can sign in without the link.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
