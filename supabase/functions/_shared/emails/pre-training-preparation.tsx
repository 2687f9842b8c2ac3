/** Sent a few days before a session: checklist, pre-reading, and practicalities for the day. */
import { z } from 'zod';
import { placeRow, sessionSchema, whenRows } from './components/event.tsx';
import { longDate, shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Bullets, Details, InlineLink, Note, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  session: sessionSchema,
  checklist: z.array(text(300)).min(1).max(10),
  materials: z.array(z.object({ title: text(120), url: link })).max(8).optional(),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Preparation before training';
export const description = 'Tells a booked learner what to prepare before the session starts.';

export const subject = ({ session }: Props) =>
  `Getting ready for ${session.courseTitle} on ${shortDate(session.startsAt, session.timeZone)}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  session: previewSession,
  checklist: [
    'Finish the pre-course reading and the readiness quiz in the learning platform.',
    'Bring photo ID (passport or photocard driving licence) for the Foundation exam.',
    'Bring a laptop or tablet if you have one; the exam is taken online in the room.',
  ],
  materials: [
    { title: 'PRINCE2 overview (PDF, 18 pages)', url: 'https://learn.northbridge-training.example/materials/prince2-overview.pdf' },
    { title: 'Readiness quiz (20 questions)', url: 'https://learn.northbridge-training.example/quizzes/prince2-readiness' },
  ],
};

export default function PreTrainingPreparationEmail(props: Props) {
  const { brand, recipient, session, checklist, materials } = props;
  const where = session.location;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader="Your preparation checklist and what to expect on the day."
      reason={`you are booked on ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>Getting ready for {session.courseTitle}</Title>
      <P>
        Hi {recipient.firstName}, your course starts on {longDate(session.startsAt, session.timeZone)}. A little
        preparation now means you will get far more out of your time with {session.trainerName ?? 'your trainer'}.
      </P>
      <Details rows={[...whenRows(session), placeRow(brand, where)]} />
      <Subtitle>Your checklist</Subtitle>
      <Bullets items={checklist} />
      {materials?.length ? (
        <>
          <Subtitle>Pre-course materials</Subtitle>
          <Bullets items={materials.map((m) => <InlineLink key={m.url} brand={brand} href={m.url}>{m.title}</InlineLink>)} />
        </>
      ) : null}
      <Note brand={brand}>
        {where.type === 'online'
          ? `Joining online? Test your camera, microphone and connection in ${where.platform} the day before, and join five minutes early.`
          : `Travelling to ${where.venue}? Please arrive 15 minutes early to sign in and collect your materials.`}
      </Note>
      <P>If anything is unclear, reply to this email and we will get back to you before the course starts.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
