/**
 * After a course: one-click rating links plus the full survey. Service feedback, not
 * promotion, so it is transactional; keep it free of offers or it becomes marketing.
 */
import { Section } from '@react-email/components';
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDate, link, text, transactionalProps } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  courseTitle: text(100),
  finishedOn: isoDate,
  trainerName: text(80).optional(),
  /** Survey page; the quick ratings open it with `rating=1..5` already chosen. */
  surveyUrl: link,
  minutes: z.number().int().min(1).max(30),
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Feedback request';
export const description = 'Asks a learner for feedback after a session.';

export const subject = ({ courseTitle }: Props) => `How was ${courseTitle}? We would value your feedback`;

const RATINGS = ['Poor', 'Fair', 'Good', 'Very good', 'Excellent'] as const;

function ratingUrl(surveyUrl: string, rating: number): string {
  const url = new URL(surveyUrl);
  url.searchParams.set('rating', String(rating));
  return url.href;
}

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  courseTitle: 'PRINCE2 7 Foundation and Practitioner',
  finishedOn: '2027-05-14',
  trainerName: 'Daniel Reeves',
  surveyUrl: 'https://learn.northbridge-training.example/feedback/NB-2027-04817?src=email',
  minutes: 3,
};

export default function FeedbackRequestEmail(props: Props) {
  const { brand, recipient, courseTitle, finishedOn, trainerName, surveyUrl, minutes } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`${minutes} minutes of your honest view shapes the course for the next group.`}
      reason={`you attended ${courseTitle} with ${brand.orgName}`}
    >
      <Title>How was your course?</Title>
      <P>
        Hi {recipient.firstName}, thank you for attending {courseTitle}
        {trainerName ? ` with ${trainerName}` : ''}, which finished on {longDate(finishedOn)}. We would value your honest
        view: it shapes what we change for the next group, and your trainer sees the results.
      </P>
      <P>Overall, how would you rate the course? Choose a rating to start:</P>
      <Section style={{ margin: '0 0 16px' }}>
        {RATINGS.map((label, index) => (
          <span key={label}>
            <InlineLink brand={brand} href={ratingUrl(surveyUrl, index + 1)}>
              {index + 1}: {label}
            </InlineLink>
            {index < RATINGS.length - 1 ? '  ·  ' : ''}
          </span>
        ))}
      </Section>
      <Cta brand={brand} href={surveyUrl}>
        Give detailed feedback
      </Cta>
      <P muted>The survey takes about {minutes} minutes.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
