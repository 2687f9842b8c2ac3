/** Lead nurture 1/3: why a recognised certification matters, without inflated claims. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { isoDate, link, marketingProps, text } from './components/schema.ts';
import { Bullets, Cta, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  certificationName: text(100),
  /** Awarding or accrediting bodies, stated by the customer; shown only if given. */
  recognisedBy: z.array(text(120)).max(5).optional(),
  nextCohortStarts: isoDate.optional(),
  programmeUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Why this certification matters';
export const description = 'For leads considering a course: what the certification proves to an employer.';

export const subject = ({ certificationName }: Props) => `What ${certificationName} tells an employer about you`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  certificationName: 'PRINCE2 7 Practitioner',
  recognisedBy: ['PeopleCert, on behalf of AXELOS'],
  nextCohortStarts: '2027-06-14',
  programmeUrl: 'https://www.northbridge-training.example/courses/prince2-practitioner',
};

export default function NurtureCertificationValueEmail(props: Props) {
  const { brand, recipient, certificationName, recognisedBy, nextCohortStarts, programmeUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="Experience counts. A certification gives people something they can check for themselves."
      reason={`you asked ${brand.orgName} about ${certificationName} and agreed to receive information about our training`}
      marketing={props}
    >
      <Title>Why {certificationName} matters</Title>
      <P>
        Hi {recipient.firstName}, thank you for your interest in {certificationName}. Experience counts, but a recognised
        certification gives employers and clients something they can check for themselves. Here is what it says about you.
      </P>
      <Subtitle>Proof anyone can verify</Subtitle>
      <P>
        Every certificate has a unique number and a public verification page, so a hiring manager or client can confirm it
        in seconds instead of taking your word for it.
      </P>
      <Subtitle>A shared standard</Subtitle>
      <P>
        Certification shows you work to the same framework and vocabulary as certified colleagues, which makes it easier to
        join a new team or project and be productive quickly.
      </P>
      <Subtitle>Skills you can use straight away</Subtitle>
      <P>
        Our courses are built around realistic scenarios and practice exams, so you finish with techniques you can apply at
        work the following week, not just a pass.
      </P>
      {recognisedBy?.length ? (
        <>
          <P>{certificationName} is awarded and recognised by:</P>
          <Bullets items={recognisedBy} />
        </>
      ) : null}
      <Cta brand={brand} href={programmeUrl}>
        Explore the {certificationName} course
      </Cta>
      {nextCohortStarts ? <P>The next group starts on {longDate(nextCohortStarts)}.</P> : null}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
