/** Sent when a place on a course session is booked; carries the session as an .ics file. */
import { z } from 'zod';
import { calendarAttachment, placeRow, sessionSchema, whenRows } from './components/event.tsx';
import { shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Bullets, Cta, Details, P, Signoff, Subtitle, Title } from './components/ui.tsx';
import type { EmailAttachment } from './types.ts';

export const schema = transactionalProps.extend({
  bookingReference: text(40),
  session: sessionSchema,
  /** Course-specific guidance: what to read, bring or install beforehand. */
  preparation: z.array(text(300)).min(1).max(8),
  manageUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Booking confirmation';
export const description = 'Confirms a place on a session, with the dates, the venue and a calendar file.';

export const subject = ({ session }: Props) =>
  `Booking confirmed: ${session.courseTitle}, ${shortDate(session.startsAt, session.timeZone)}`;

export const attachments = ({ brand, session, bookingReference }: Props): EmailAttachment[] => [
  calendarAttachment({
    uid: `session-${session.id}@cohort`,
    title: `${session.courseTitle} (${brand.orgName})`,
    event: session,
    place: session.location,
    description: `Booking reference ${bookingReference}.${session.trainerName ? ` Trainer: ${session.trainerName}.` : ''}`,
  }),
];

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  bookingReference: 'NB-2027-04817',
  session: previewSession,
  preparation: [
    'Read chapters 1 to 3 of the PRINCE2 manual (about two hours); your copy is in the learning platform.',
    'Take the 20-question readiness quiz, so your trainer can focus on the areas you find hardest.',
    'Bring photo ID: you will need it for the Foundation exam on the last day.',
  ],
  manageUrl: 'https://app.cohort.example/learn/bookings/2f6f7c1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f',
};

export default function EnrollmentConfirmationEmail(props: Props) {
  const { brand, recipient, session, bookingReference, preparation, manageUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Your place is confirmed. Reference ${bookingReference}; calendar file attached.`}
      reason={`you are booked on ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>You are booked on {session.courseTitle}</Title>
      <P>
        Hi {recipient.firstName}, your place is confirmed. Please keep this email: it has everything you need for the
        course.
      </P>
      <Details
        rows={[
          ['Course', session.courseTitle],
          ...whenRows(session),
          placeRow(brand, session.location),
          session.trainerName ? ['Trainer', session.trainerName] : null,
          ['Booking reference', bookingReference],
        ]}
      />
      <P muted>
        A calendar file (.ics) is attached, so you can add the course to Outlook, Google Calendar or Apple Calendar.
      </P>
      <Subtitle>How to prepare</Subtitle>
      <Bullets items={preparation} />
      <Cta brand={brand} href={manageUrl}>
        View your booking
      </Cta>
      <P>
        If you can no longer attend, let us know as early as possible from your booking page and we will help you move to
        another date.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
