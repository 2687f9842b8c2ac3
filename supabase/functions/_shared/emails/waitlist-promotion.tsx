/**
 * A seat opened on a full session and went to the next person on the waiting list: they are
 * booked now (the database gives the seat at once, first come first served). Says so, and how
 * to release the place in time if they can no longer come, so the next person gets it.
 */
import type { z } from 'zod';
import { placeRow, sessionSchema, whenRows } from './components/event.tsx';
import { dateTime } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { isoDateTime, link, transactionalProps } from './components/schema.ts';
import { Cta, Details, InlineLink, Note, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  session: sessionSchema,
  /** Until when the trainee may still cancel themselves (the organisation's cut-off before the start). */
  releaseBy: isoDateTime,
  bookingUrl: link,
  /** Releasing quickly lets the next person on the list have the place. */
  cancelUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Seat freed from the waitlist';
export const description = 'Tells a waitlisted learner that a seat is now theirs.';

export const subject = ({ session }: Props) => `You have a place on ${session.courseTitle}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  session: previewSession,
  releaseBy: '2027-04-29T12:00:00+01:00',
  bookingUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f',
  cancelUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f/cancel',
};

export default function WaitlistPromotionEmail(props: Props) {
  const { brand, recipient, session, releaseBy, bookingUrl, cancelUrl } = props;
  const deadline = dateTime(releaseBy, session.timeZone);
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`A place opened up and it is yours: you are booked on ${session.courseTitle}.`}
      reason={`you joined the waiting list for ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>Good news: you have a place</Title>
      <P>
        Hi {recipient.firstName}, a place has opened up on {session.courseTitle}. You were next on the waiting list, so it is
        yours: you are booked.
      </P>
      <Details rows={[['Course', session.courseTitle], ...whenRows(session), placeRow(brand, session.location)]} />
      <Cta brand={brand} href={bookingUrl}>
        See my booking
      </Cta>
      <Note brand={brand}>
        No longer able to attend? Please <InlineLink brand={brand} href={cancelUrl}>release the place</InlineLink> by{' '}
        <strong>{deadline}</strong> so the next person on the list can have it.
      </Note>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
