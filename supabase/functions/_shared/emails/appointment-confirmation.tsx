/** A booked call or meeting (advice call, assessment, consultation). Carries an .ics file. */
import { z } from 'zod';
import { calendarAttachment, endsAfterStart, endsAfterStartIssue, meetingPlaceSchema, placeRow, timing, whenRows } from './components/event.tsx';
import { shortDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { link, text, transactionalProps } from './components/schema.ts';
import { Bullets, Details, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';
import type { EmailAttachment } from './types.ts';

export const schema = transactionalProps.extend({
  appointment: z
    .object({
      id: text(64),
      /** What it is, e.g. "Certification pathway consultation". */
      title: text(100),
      ...timing,
      location: meetingPlaceSchema,
      hostName: text(80),
      agenda: z.array(text(200)).max(6).optional(),
    })
    .refine(endsAfterStart, endsAfterStartIssue),
  rescheduleUrl: link,
  cancelUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Appointment confirmation';
export const description = 'Confirms a call or meeting booked with a member of staff.';

export const subject = ({ appointment: a }: Props) =>
  `Confirmed: ${a.title} with ${a.hostName} on ${shortDate(a.startsAt, a.timeZone)}`;

export const attachments = ({ brand, appointment: a }: Props): EmailAttachment[] => [
  calendarAttachment({
    uid: `appointment-${a.id}@cohort`,
    title: `${a.title} with ${a.hostName} (${brand.orgName})`,
    event: a,
    place: a.location,
    description: a.agenda?.length ? `Agenda: ${a.agenda.join('; ')}` : `${a.title} with ${a.hostName}.`,
  }),
];

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  appointment: {
    id: 'a1f3e5d7-9b2c-4d6e-8f01-23456789abcd',
    title: 'Certification pathway consultation',
    startsAt: '2027-04-21T14:00:00+01:00',
    endsAt: '2027-04-21T14:30:00+01:00',
    timeZone: 'Europe/London',
    location: { type: 'online', platform: 'Google Meet', meetingUrl: 'https://meet.google.com/abc-defg-hij' },
    hostName: 'Sophie Lambert',
    agenda: [
      'Your experience and what you want the certification to do for you',
      'Foundation or Practitioner first, and realistic timings',
      'Course dates, formats and funding options',
    ],
  },
  rescheduleUrl: 'https://www.northbridge-training.example/appointments/a1f3e5d7/reschedule',
  cancelUrl: 'https://www.northbridge-training.example/appointments/a1f3e5d7/cancel',
};

export default function AppointmentConfirmationEmail(props: Props) {
  const { brand, recipient, appointment: a, rescheduleUrl, cancelUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`${a.title} with ${a.hostName}. Calendar file attached.`}
      reason={`you booked an appointment with ${brand.orgName}`}
    >
      <Title>Your appointment is confirmed</Title>
      <P>
        Hi {recipient.firstName}, thank you for booking time with {a.hostName}. Here are the details.
      </P>
      <Details rows={[['Appointment', a.title], ['With', a.hostName], ...whenRows(a), placeRow(brand, a.location)]} />
      {a.agenda?.length ? (
        <>
          <Subtitle>What we will cover</Subtitle>
          <Bullets items={a.agenda} />
        </>
      ) : null}
      <P muted>A calendar file (.ics) is attached so you can add the appointment to your calendar.</P>
      <P>
        Plans changed? You can <InlineLink brand={brand} href={rescheduleUrl}>choose another time</InlineLink> or{' '}
        <InlineLink brand={brand} href={cancelUrl}>cancel the appointment</InlineLink>.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
