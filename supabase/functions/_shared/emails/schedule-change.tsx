/** A booked session cannot run as planned: explain why and offer alternative dates to choose from. */
import { Fragment } from 'react';
import { z } from 'zod';
import { endsAfterStart, endsAfterStartIssue, placeRow, sessionFields, sessionSchema, whenRows } from './components/event.tsx';
import { dateTime, longDate, shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { isoDateTime, link, text, transactionalProps } from './components/schema.ts';
import { Cta, Details, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';

const alternative = sessionFields
  .extend({ chooseUrl: link, placesLeft: z.number().int().min(1).optional() })
  .refine(endsAfterStart, endsAfterStartIssue);

export const schema = transactionalProps.extend({
  session: sessionSchema,
  /** One or two plain sentences on why, e.g. the trainer is ill. People accept changes they understand. */
  explanation: text(400),
  alternatives: z.array(alternative).min(1).max(4),
  respondBy: isoDateTime,
  /** Cancelling is always offered: the change is on our side. */
  cancelUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Schedule change';
export const description = 'Tells booked learners that a session’s time or place has changed.';

export const subject = ({ session }: Props) =>
  `Change to your ${session.courseTitle} course on ${shortDate(session.startsAt, session.timeZone)}`;

const alt = (id: string, startsAt: string, endsAt: string, placesLeft?: number) => ({
  ...previewSession,
  id,
  startsAt,
  endsAt,
  chooseUrl: `https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f/move?to=${id}`,
  placesLeft,
});

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  session: previewSession,
  explanation:
    'Our lead trainer for this course, Daniel Reeves, is unwell, and we could not find an accredited replacement at short notice.',
  alternatives: [
    alt('c81f0a3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f', '2027-05-17T08:30:00Z', '2027-05-18T16:00:00Z', 4),
    {
      ...alt('d92a1b4f-2e3c-4d6e-9f0a-1b2c3d4e5f60', '2027-05-25T08:30:00Z', '2027-05-26T16:00:00Z'),
      location: { type: 'online', platform: 'Microsoft Teams', meetingUrl: 'https://teams.example.com/l/meetup-join/prince2-may' },
    },
  ],
  respondBy: '2027-05-05T17:00:00+01:00',
  cancelUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f/cancel',
};

export default function ScheduleChangeEmail(props: Props) {
  const { brand, recipient, session, explanation, alternatives, respondBy, cancelUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Your place is safe. Please choose a new date by ${shortDate(respondBy, session.timeZone)}.`}
      reason={`you are booked on ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>We need to change your course dates</Title>
      <P>
        Hi {recipient.firstName}, we are sorry: {session.courseTitle}, booked for{' '}
        {longDate(session.startsAt, session.timeZone)}, cannot go ahead as planned. {explanation}
      </P>
      <P>
        Your place is safe. Please choose one of the dates below by <strong>{dateTime(respondBy, session.timeZone)}</strong>.
      </P>
      {alternatives.map((option, index) => (
        <Fragment key={option.id}>
          <Subtitle>Option {index + 1}</Subtitle>
          <Details
            rows={[
              ...whenRows(option),
              placeRow(brand, option.location),
              option.trainerName ? ['Trainer', option.trainerName] : null,
              option.placesLeft ? ['Availability', `${option.placesLeft} places left`] : null,
            ]}
          />
          <Cta brand={brand} href={option.chooseUrl}>
            Move to option {index + 1}
          </Cta>
        </Fragment>
      ))}
      <P>
        If none of these dates suit you, you can <InlineLink brand={brand} href={cancelUrl}>cancel your booking</InlineLink>{' '}
        and we will refund you in full. If we have not heard from you by the deadline, we will keep your place and contact
        you to arrange a date.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
