/** Onboarding 1/4: sent when a learner account is created. */
import type { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { link, marketingProps, text } from './components/schema.ts';
import { Bullets, Cta, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  dashboardUrl: link,
  /** The programme they signed up for, when the account came with a booking. */
  programmeName: text(100).optional(),
});
type Props = z.infer<typeof schema>;

/** Onboarding is a multi-step drip series, so it is sent with consent and can be stopped. */
export const category = 'marketing' as const;

export const title = 'Welcome';
export const description = 'Greets a new learner and points them to their dashboard.';

export const subject = ({ brand, recipient }: Props) => `Welcome to ${brand.orgName}, ${recipient.firstName}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  dashboardUrl: 'https://learn.northbridge-training.example/dashboard',
  programmeName: 'PRINCE2 Foundation and Practitioner',
};

export default function WelcomeEmail(props: Props) {
  const { brand, recipient, dashboardUrl, programmeName } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="Your learner account is ready. Here is what happens in your first week."
      reason={`you created a learner account with ${brand.orgName}`}
      marketing={props}
    >
      <Title>Welcome to {brand.orgName}, {recipient.firstName}</Title>
      <P>
        Thank you for choosing {brand.orgName}
        {programmeName ? ` for your ${programmeName} training` : ''}. Your learner account is ready, and everything you
        need (course materials, session joining details and your progress towards certification) is in one place.
      </P>
      <Subtitle>Your first week</Subtitle>
      <Bullets
        items={[
          'Today: sign in and complete your learner profile, so your trainer knows your background and goals.',
          'Over the next few days: we will introduce your programme, show you around the learning platform and map out your route to certification.',
          'Before your first session: you will receive joining details and a short preparation checklist.',
        ]}
      />
      <Cta brand={brand} href={dashboardUrl}>
        Go to your learner dashboard
      </Cta>
      <P>
        Questions before you start? Reply to this email
        {brand.supportEmail ? (
          <>
            {' '}or write to <InlineLink brand={brand} href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</InlineLink>
          </>
        ) : null}
        , and our learner support team will help.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
