/** A place opened on a full session: the next person on the waiting list gets a time-limited hold. */
import type { z } from 'zod';
import { placeRow, sessionSchema, whenRows } from './components/event.tsx';
import { dateTime } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient, previewSession } from './components/preview.ts';
import { isoDateTime, link, transactionalProps } from './components/schema.ts';
import { Cta, Details, InlineLink, Note, P, Signoff, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  session: sessionSchema,
  holdUntil: isoDateTime,
  confirmUrl: link,
  /** Releasing quickly lets the next person on the list have the place. */
  declineUrl: link,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const subject = ({ session }: Props) => `A place is available on ${session.courseTitle}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  session: previewSession,
  holdUntil: '2027-04-29T12:00:00+01:00',
  confirmUrl: 'https://learn.northbridge-training.example/waitlist/wl-5521/confirm',
  declineUrl: 'https://learn.northbridge-training.example/waitlist/wl-5521/decline',
};

export default function WaitlistPromotionEmail(props: Props) {
  const { brand, recipient, session, holdUntil, confirmUrl, declineUrl } = props;
  const deadline = dateTime(holdUntil, session.timeZone);
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`You are next on the waiting list. We are holding the place until ${deadline}.`}
      reason={`you joined the waiting list for ${session.courseTitle} with ${brand.orgName}`}
    >
      <Title>Good news: a place is available</Title>
      <P>
        Hi {recipient.firstName}, a place has opened up on {session.courseTitle}, and you are next on the waiting list.
      </P>
      <Note brand={brand}>
        We are holding this place for you until <strong>{deadline}</strong>. After that, it will be offered to the next
        person on the list.
      </Note>
      <Details rows={[['Course', session.courseTitle], ...whenRows(session), placeRow(brand, session.location)]} />
      <Cta brand={brand} href={confirmUrl}>
        Confirm my place
      </Cta>
      <P>
        No longer able to attend? Please <InlineLink brand={brand} href={declineUrl}>release the place</InlineLink> so
        someone else can take it.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
