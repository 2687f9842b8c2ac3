/** Onboarding 2/4: what the programme covers, how it runs, and where it leads. */
import { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { link, marketingProps, text } from './components/schema.ts';
import { Bullets, Cta, Details, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  programme: z.object({
    name: text(100),
    summary: text(600),
    /** How it is delivered, e.g. "Six weeks, blended: four live online workshops plus self-paced study". */
    format: text(200),
    modules: z.array(text(160)).min(1).max(12),
    outcomes: z.array(text(200)).min(1).max(8),
    certificationName: text(100),
  }),
  programmeUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Programme introduction';
export const description = 'Introduces a programme: what it covers, how it runs and the certification it leads to.';

export const subject = ({ programme }: Props) => `Inside ${programme.name}: what you will learn and how it works`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  programme: {
    name: 'PRINCE2 Foundation and Practitioner',
    summary:
      'A structured route to managing projects with PRINCE2, the method used by public bodies and many private organisations across the UK and Europe. You will learn the principles, themes and processes, then practise applying them to a realistic case study.',
    format: 'Five days in the classroom, plus around 12 hours of pre-course reading and online practice exams',
    modules: [
      'The seven principles and how to tailor them to your project',
      'Business case, organisation, quality, plans, risk, issues and progress',
      'The project lifecycle, from starting up to closing a project',
      'Applying PRINCE2 to an end-to-end case study',
      'Exam technique for the Foundation and Practitioner exams',
    ],
    outcomes: [
      'Set up a project with a clear business case and governance',
      'Plan, monitor and control stages with agreed tolerances',
      'Tailor PRINCE2 to projects of different size and risk',
    ],
    certificationName: 'PRINCE2 7 Foundation and Practitioner',
  },
  programmeUrl: 'https://learn.northbridge-training.example/programmes/prince2-foundation-practitioner',
};

export default function ProgrammeIntroductionEmail(props: Props) {
  const { brand, recipient, programme, programmeUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`What ${programme.name} covers, how it is delivered, and what you will be able to do at the end.`}
      reason={`you are registered on ${programme.name} with ${brand.orgName}`}
      marketing={props}
    >
      <Title>Your programme: {programme.name}</Title>
      <P>
        Hi {recipient.firstName}, here is an overview of {programme.name}, so you know exactly what to expect before your
        first session.
      </P>
      <P>{programme.summary}</P>
      <Details
        rows={[
          ['Format', programme.format],
          ['Leads to', programme.certificationName],
        ]}
      />
      <Subtitle>What you will cover</Subtitle>
      <Bullets ordered items={programme.modules} />
      <Subtitle>By the end, you will be able to</Subtitle>
      <Bullets items={programme.outcomes} />
      <Cta brand={brand} href={programmeUrl}>
        View the full programme
      </Cta>
      <P>
        Next, we will show you around the learning platform, so you know where to find your materials, session links and
        progress.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
