/** Exam outcome: on a pass, what happens next; on a fail, encouragement and how to retake. */
import { z } from 'zod';
import { addDays, longDate, money } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDate, link, moneySchema, text, transactionalProps } from './components/schema.ts';
import { Bullets, Cta, Details, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';

const common = transactionalProps.extend({
  examName: text(100),
  takenOn: isoDate,
  score: z.object({ percent: z.number().min(0).max(100), passMark: z.number().min(0).max(100) }).optional(),
});

export const schema = z
  .discriminatedUnion('passed', [
    common.extend({ passed: z.literal(true), nextSteps: z.array(text(300)).min(1).max(6), bookingUrl: link }),
    common.extend({
      passed: z.literal(false),
      /** Sections to revise, from the exam's per-section breakdown. */
      focusAreas: z.array(text(160)).max(6).optional(),
      retake: z.object({ bookUrl: link, waitDays: z.number().int().min(0).max(365), fee: moneySchema.optional() }),
      coachingUrl: link.optional(),
    }),
  ])
  // An email that says "you passed with 52%" is worse than no email: refuse contradictory data.
  .refine((p) => !p.score || p.passed === p.score.percent >= p.score.passMark, {
    error: 'The score contradicts the pass/fail outcome.',
    path: ['score'],
  });
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Exam result';
export const description = 'Tells a learner whether they passed, with the next step.';

export const subject = (p: Props) =>
  p.passed ? `You passed ${p.examName}: congratulations, ${p.recipient.firstName}` : `Your ${p.examName} result and retake options`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  examName: 'PRINCE2 7 Foundation',
  takenOn: '2027-05-14',
  score: { percent: 78, passMark: 60 },
  passed: true,
  nextSteps: [
    'Your digital certificate will arrive by email within five working days.',
    'Book your Practitioner exam while the method is fresh in your mind.',
    'Log the course as CPD in your learner profile; it counts towards renewal later.',
  ],
  bookingUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f',
};

export default function ExamResultEmail(props: Props) {
  const { brand, recipient, examName, takenOn, score } = props;
  const scoreLine = score ? `${score.percent}% (pass mark ${score.passMark}%)` : null;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={props.passed ? 'Your result, and what happens next.' : 'Your result, and how to book your retake.'}
      reason={`you sat the ${examName} exam with ${brand.orgName}`}
    >
      <Title>{props.passed ? `Congratulations, ${recipient.firstName}: you passed` : `Your ${examName} result`}</Title>
      {props.passed ? (
        <P>You passed {examName}, taken on {longDate(takenOn)}. This is a real achievement, and it is well deserved.</P>
      ) : (
        <P>
          Hi {recipient.firstName}, thank you for sitting {examName} on {longDate(takenOn)}. Unfortunately, you did not reach
          the pass mark this time. Please do not be discouraged: you now know exactly how the exam works, which is a
          real advantage for your next attempt.
        </P>
      )}
      <Details rows={[['Exam', examName], ['Taken on', longDate(takenOn)], scoreLine ? ['Score', scoreLine] : null, ['Result', props.passed ? 'Pass' : 'Not yet passed']]} />
      {props.passed ? (
        <>
          <Subtitle>What happens next</Subtitle>
          <Bullets items={props.nextSteps} />
          <Cta brand={brand} href={props.bookingUrl}>
            See your training record
          </Cta>
        </>
      ) : (
        <>
          {props.focusAreas?.length ? (
            <>
              <Subtitle>Where to focus your revision</Subtitle>
              <Bullets items={props.focusAreas} />
            </>
          ) : null}
          <Subtitle>Your retake</Subtitle>
          <P>
            You can retake the exam from {longDate(addDays(takenOn, props.retake.waitDays))}.{' '}
            {props.retake.fee ? `The retake fee is ${money(props.retake.fee)}.` : 'Your retake is included in your course fee.'}
          </P>
          <Cta brand={brand} href={props.retake.bookUrl}>
            Book your retake
          </Cta>
          {props.coachingUrl ? (
            <P>
              Would an hour with a trainer help? <InlineLink brand={brand} href={props.coachingUrl}>Book a one-to-one revision session</InlineLink>.
            </P>
          ) : null}
        </>
      )}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
