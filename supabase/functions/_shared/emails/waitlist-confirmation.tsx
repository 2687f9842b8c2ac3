/**
 * Sent when a booking lands on the waiting list (the session was full): the place in the queue,
 * what happens when a seat frees (it is theirs at once, and they are told), and how to leave
 * the list.
 */
import { z } from 'zod';
import { placeRow, sessionSchema, whenRows } from './components/event.tsx';
import { shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Cta, Details, Note, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  bookingReference: text(40),
  session: sessionSchema,
  /** 1 for the first in line. */
  position: z.number().int().min(1).max(10_000),
  manageUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Waitlist place';
export const description = 'Confirms a place on a full session’s waitlist and its position in the queue.';

export const subject = ({ session }: Props) => `You are on the waiting list: ${session.courseTitle}, ${shortDate(session.startsAt, session.timeZone)}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  bookingReference: 'BK-2F6F7C1E',
  session: previewSession,
  position: 2,
  manageUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f',
};

export default function WaitlistConfirmationEmail(props: Props) {
  const { brand, recipient, session, bookingReference, position, manageUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`This date is full: you are number ${position} on its waiting list.`}
      reason={`you asked for a place on ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>You are on the waiting list</Title>
      <P>
        Hi {recipient.firstName}, {session.courseTitle} is full on this date, so we have put you on its waiting list: you
        are number {position}.
      </P>
      <Note brand={brand}>When a seat becomes free it is yours straight away, in the order people joined the list, and we email you at once.</Note>
      <Details rows={[['Course', session.courseTitle], ...whenRows(session), placeRow(brand, session.location), ['Reference', bookingReference]]} />
      <Cta brand={brand} href={manageUrl}>
        See your booking
      </Cta>
      <P>Another date may have seats: you can move to it, or leave the list, from your booking page.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
