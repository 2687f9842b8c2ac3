/** A certification lapsed: say so plainly, what it means, and the way back. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDate, link, text, transactionalProps } from './components/schema.ts';
import { Cta, Details, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  certification: z.object({ name: text(100), number: text(60), expiredOn: isoDate }),
  /** Some schemes allow late renewal without re-examination until a deadline. */
  reinstatement: z.object({ deadline: isoDate, url: link }).optional(),
  recertifyUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Certificate expired';
export const description = 'Tells a holder their certificate has expired and how to renew it.';

export const subject = ({ certification }: Props) => `Your ${certification.name} certification has expired`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  certification: { name: 'ITIL 4 Managing Professional', number: 'NB-ITIL-MP-2024-004511', expiredOn: '2027-07-30' },
  reinstatement: {
    deadline: '2027-10-30',
    url: 'https://learn.northbridge-training.example/certifications/NB-ITIL-MP-2024-004511/reinstate',
  },
  recertifyUrl: 'https://app.cohort.example/learn/courses/ITIL4-MP',
};

export default function CertificationExpiredEmail(props: Props) {
  const { brand, recipient, certification, reinstatement, recertifyUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={
        reinstatement
          ? `You can still reinstate it until ${longDate(reinstatement.deadline)} without re-sitting the exam.`
          : 'What this means, and how to become certified again.'
      }
      reason={`you held the ${certification.name} certification issued by ${brand.orgName}`}
    >
      <Title>Your {certification.name} certification has expired</Title>
      <P>
        Hi {recipient.firstName}, your {certification.name} certification expired on {longDate(certification.expiredOn)}.
        Its verification page now shows it as expired.
      </P>
      <Details
        rows={[
          ['Certificate number', certification.number],
          ['Expired on', longDate(certification.expiredOn)],
        ]}
      />
      <P>
        Until it is renewed, please do not describe yourself as currently certified, for example on your CV, in your email
        signature or on LinkedIn. Your training history and past results are unaffected.
      </P>
      {reinstatement ? (
        <>
          <P>
            The good news: you can still reinstate it without re-sitting the exam until{' '}
            <strong>{longDate(reinstatement.deadline)}</strong>, by completing your outstanding continuing professional
            development.
          </P>
          <Cta brand={brand} href={reinstatement.url}>
            Reinstate my certification
          </Cta>
          <P muted>
            After that date, you can still become certified again by exam:{' '}
            <InlineLink brand={brand} href={recertifyUrl}>see recertification options</InlineLink>.
          </P>
        </>
      ) : (
        <>
          <P>To become certified again, you will need to pass the certification exam. We can help you prepare.</P>
          <Cta brand={brand} href={recertifyUrl}>
            See recertification options
          </Cta>
        </>
      )}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
