/** Exam booked: when and where, what to bring, and what to study. Carries an .ics file. */
import { z } from 'zod';
import { calendarAttachment, endsAfterStart, endsAfterStartIssue, placeRow, placeSchema, timing, whenRows } from './components/event.tsx';
import { dateTime, shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDateTime, link, text, transactionalProps } from './components/schema.ts';
import { Bullets, Details, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';
import type { EmailAttachment } from './types.ts';

export const schema = transactionalProps.extend({
  exam: z
    .object({ id: text(64), name: text(100), ...timing, location: placeSchema, candidateNumber: text(40).optional() })
    .refine(endsAfterStart, endsAfterStartIssue),
  arriveMinutesEarly: z.number().int().min(0).max(120),
  /** Exact wording of the awarding body's ID rule, e.g. "a valid passport or photocard driving licence". */
  idRequirements: text(300),
  studyResources: z.array(z.object({ title: text(120), url: link, description: text(200).optional() })).min(1).max(8),
  rescheduleUrl: link,
  rescheduleBy: isoDateTime.optional(),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Exam booked';
export const description = 'Gives a learner the time, place and rules of their exam.';

export const subject = ({ exam }: Props) => `Your ${exam.name} exam on ${shortDate(exam.startsAt, exam.timeZone)}`;

export const attachments = ({ brand, exam }: Props): EmailAttachment[] => [
  calendarAttachment({
    uid: `exam-${exam.id}@cohort`,
    title: `${exam.name} exam (${brand.orgName})`,
    event: exam,
    place: exam.location,
    description: exam.candidateNumber ? `Candidate number ${exam.candidateNumber}. Bring your photo ID.` : 'Bring your photo ID.',
  }),
];

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  exam: {
    id: 'e4b2c6d8-1a3f-4e5b-8c7d-9e0f1a2b3c4d',
    name: 'PRINCE2 7 Practitioner',
    startsAt: '2027-06-04T09:00:00+01:00',
    endsAt: '2027-06-04T11:30:00+01:00',
    timeZone: 'Europe/London',
    location: { type: 'in_person', venue: 'Northbridge Training Centre, Exam Room 1', address: '14 Carver Street, Sheffield S1 4FS' },
    candidateNumber: 'PX-7720193',
  },
  arriveMinutesEarly: 30,
  idRequirements: 'a valid passport or photocard driving licence; the name must match your booking exactly',
  studyResources: [
    { title: 'Practitioner practice exam A', url: 'https://learn.northbridge-training.example/exams/prince2-p-mock-a', description: 'Full length and timed, with explanations.' },
    { title: 'Scenario technique guide', url: 'https://learn.northbridge-training.example/guides/prince2-scenarios' },
    { title: 'Revision clinic recordings', url: 'https://learn.northbridge-training.example/clinics/prince2', description: 'Trainer walk-throughs of the hardest themes.' },
  ],
  rescheduleUrl: 'https://learn.northbridge-training.example/exams/e4b2c6d8/reschedule',
  rescheduleBy: '2027-05-28T17:00:00+01:00',
};

export default function ExamNotificationEmail(props: Props) {
  const { brand, recipient, exam, arriveMinutesEarly, idRequirements, studyResources, rescheduleUrl, rescheduleBy } = props;
  const online = exam.location.type === 'online';
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Date, place, what to bring and how to prepare for your ${exam.name} exam.`}
      reason={`you are registered for the ${exam.name} exam with ${brand.orgName}`}
    >
      <Title>Your exam is booked</Title>
      <P>
        Hi {recipient.firstName}, here are the details of your {exam.name} exam. Please read them carefully: candidates who
        arrive late or without the right identification may not be allowed to sit the exam.
      </P>
      <Details
        rows={[
          ['Exam', exam.name],
          ...whenRows(exam),
          placeRow(brand, exam.location),
          exam.candidateNumber ? ['Candidate number', exam.candidateNumber] : null,
        ]}
      />
      <Subtitle>On the day</Subtitle>
      <Bullets
        items={[
          online
            ? `Log in ${arriveMinutesEarly} minutes before the start to complete the identity and room check.`
            : `Arrive ${arriveMinutesEarly} minutes before the start to register.`,
          `Bring ${idRequirements}.`,
          online
            ? 'Use a quiet, private room with a clear desk, and a computer with a webcam and microphone.'
            : 'Phones and smart watches are switched off and stored away during the exam.',
        ]}
      />
      <Subtitle>Study resources</Subtitle>
      <Bullets
        items={studyResources.map((r) => (
          <span key={r.url}>
            <InlineLink brand={brand} href={r.url}>{r.title}</InlineLink>
            {r.description ? `: ${r.description}` : ''}
          </span>
        ))}
      />
      <P muted>A calendar file (.ics) is attached so you can add the exam to your calendar.</P>
      <P>
        Need a different date? <InlineLink brand={brand} href={rescheduleUrl}>Reschedule your exam</InlineLink>
        {rescheduleBy ? ` before ${dateTime(rescheduleBy, exam.timeZone)}` : ''}.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
