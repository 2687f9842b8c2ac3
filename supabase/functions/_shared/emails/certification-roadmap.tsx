/** Onboarding 4/4: the steps from first module to certificate, with target dates where set. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { isoDate, link, marketingProps, text } from './components/schema.ts';
import { Bullets, Cta, Note, P, Signoff, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  certificationName: text(100),
  milestones: z
    .array(z.object({ title: text(80), detail: text(300), targetDate: isoDate.optional() }))
    .min(2)
    .max(8),
  progressUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Certification roadmap';
export const description = 'Lays out the milestones from first course to certification, with target dates.';

export const subject = ({ certificationName }: Props) => `Your roadmap to ${certificationName}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  certificationName: 'PRINCE2 7 Practitioner',
  milestones: [
    { title: 'Pre-course reading', detail: 'Work through the PRINCE2 overview and the first practice quiz.', targetDate: '2027-05-03' },
    { title: 'Classroom course', detail: 'Five days with your trainer, covering the method and the case study.', targetDate: '2027-05-10' },
    { title: 'Foundation exam', detail: 'A one-hour multiple-choice exam, taken online on the last day of the course.', targetDate: '2027-05-14' },
    { title: 'Practitioner exam', detail: 'A scenario-based exam; you may use the official manual.', targetDate: '2027-06-04' },
    { title: 'Certificate and renewal', detail: 'Your digital certificate arrives by email; keep it current with CPD.' },
  ],
  progressUrl: 'https://learn.northbridge-training.example/progress',
};

export default function CertificationRoadmapEmail(props: Props) {
  const { brand, recipient, certificationName, milestones, progressUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`${milestones.length} steps from your first module to your ${certificationName} certificate.`}
      reason={`you are working towards ${certificationName} with ${brand.orgName}`}
      marketing={props}
    >
      <Title>Your roadmap to {certificationName}</Title>
      <P>
        Hi {recipient.firstName}, certification is a journey of a few clear steps. Here is yours, with target dates to help
        you plan study time around work.
      </P>
      <Bullets
        ordered
        items={milestones.map((step) => (
          <>
            <strong>{step.title}</strong>
            {step.targetDate ? ` (by ${longDate(step.targetDate)})` : ''}: {step.detail}
          </>
        ))}
      />
      <Note brand={brand}>
        Tip: block a regular weekly study slot in your calendar now. It is the simplest way to stay on track when work gets
        busy.
      </Note>
      <Cta brand={brand} href={progressUrl}>
        See your progress
      </Cta>
      <P>
        Once you are certified, we will remind you well before anything is due for renewal, so your certification never
        lapses by accident.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
