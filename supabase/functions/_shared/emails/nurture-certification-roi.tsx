/** Lead nurture 2/3: a fair way to weigh cost and time against the return. No invented statistics. */
import { z } from 'zod';
import { money } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { link, marketingProps, moneySchema, text } from './components/schema.ts';
import { Bullets, Cta, Details, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  certificationName: text(100),
  courseFee: moneySchema,
  examIncluded: z.boolean(),
  studyHours: z.number().int().positive(),
  /** The customer's own funding options, e.g. instalments or employer invoicing. */
  fundingNote: text(300).optional(),
  calculatorUrl: link,
  courseUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Cost and return of a course';
export const description = 'For leads weighing the price: fees, study time and funding options.';

export const subject = ({ certificationName }: Props) => `Is ${certificationName} worth it? How to work out your return`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  certificationName: 'PRINCE2 7 Practitioner',
  courseFee: { amountMinor: 129500, currency: 'GBP' },
  examIncluded: true,
  studyHours: 45,
  fundingNote: 'We can invoice your employer directly, or you can spread the fee over three monthly payments.',
  calculatorUrl: 'https://www.northbridge-training.example/roi-calculator?course=prince2-practitioner',
  courseUrl: 'https://www.northbridge-training.example/courses/prince2-practitioner',
};

export default function NurtureCertificationRoiEmail(props: Props) {
  const { brand, recipient, certificationName, courseFee, examIncluded, studyHours, fundingNote, calculatorUrl, courseUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="The investment in money and time, and three ways to measure what you get back."
      reason={`you asked ${brand.orgName} about ${certificationName} and agreed to receive information about our training`}
      marketing={props}
    >
      <Title>Working out the return on {certificationName}</Title>
      <P>
        Hi {recipient.firstName}, a certification is an investment of money and time, so it deserves a proper look. Here is
        what it costs, and three ways to think about what you get back.
      </P>
      <Details
        rows={[
          ['Course fee', `${money(courseFee)} (${examIncluded ? 'exam included' : 'exam fee not included'})`],
          ['Study time', `About ${studyHours} hours, including the live sessions`],
        ]}
      />
      <Subtitle>Three places the return shows up</Subtitle>
      <Bullets
        ordered
        items={[
          `Earning potential: compare advertised salaries or day rates for roles that ask for ${certificationName} with what you earn today.`,
          'Time saved: proven methods and templates cut trial and error on real projects. Estimate the hours you would save each month and value them at your hourly rate.',
          'Who pays: many organisations fund certification from their training budget because it reduces project risk and strengthens bids. It is worth asking.',
        ]}
      />
      {fundingNote ? <P>{fundingNote}</P> : null}
      <Cta brand={brand} href={calculatorUrl}>
        Calculate your return
      </Cta>
      <P>
        When you are ready, the <InlineLink brand={brand} href={courseUrl}>course page</InlineLink> has dates, syllabus and
        booking.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
