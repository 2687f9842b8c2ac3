/** Onboarding 3/4: a short tour of the learning platform, so the first session starts smoothly. */
import type { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { link, marketingProps } from './components/schema.ts';
import { Cta, Details, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({ platformUrl: link, helpCentreUrl: link });
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Platform orientation';
export const description = 'Shows new learners where to find the learning platform and the help centre.';

export const subject = ({ brand }: Props) => `Find your way around the ${brand.orgName} learning platform`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  platformUrl: 'https://learn.northbridge-training.example',
  helpCentreUrl: 'https://help.northbridge-training.example/learners',
};

export default function PlatformOrientationEmail(props: Props) {
  const { brand, recipient, platformUrl, helpCentreUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="Five minutes now saves time later: where your sessions, materials and progress live."
      reason={`you created a learner account with ${brand.orgName}`}
      marketing={props}
    >
      <Title>A quick tour of your learning platform</Title>
      <P>
        Hi {recipient.firstName}, the learning platform is where you will spend most of your study time. Here is where
        everything lives.
      </P>
      <Details
        rows={[
          ['Dashboard', 'Your upcoming sessions, deadlines and the next thing to do, in the order you need them.'],
          ['Course materials', 'Slides, workbooks and recordings for each module, available as soon as the module opens.'],
          ['Live sessions', 'Joining links appear on each session card, together with any pre-reading.'],
          ['Practice exams', 'Timed mock exams in the same format as the real one, with an explanation for every answer.'],
          ['Progress and certificates', 'Completed modules, CPD hours and, once issued, your certificates to download.'],
        ]}
      />
      <P>
        Sign in with {recipient.email}. If you have not set a password yet, choose “Forgot password” on the sign-in page
        to create one.
      </P>
      <Cta brand={brand} href={platformUrl}>
        Open the learning platform
      </Cta>
      <P>
        Stuck on something? The <InlineLink brand={brand} href={helpCentreUrl}>help centre</InlineLink> has step-by-step
        guides, or simply reply to this email.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
