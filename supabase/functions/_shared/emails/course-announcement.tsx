/**
 * A campaign announcing a course (or one of its dates): a headline, the marketer's own rich
 * text, an optional picture, the session's facts, and one button. Built for the campaign
 * editor: every prop is a field a marketer fills in (see the `.meta` hints), and the editor
 * starts it from the organisation's own next session.
 */
import { Img, Section } from '@react-email/components';
import { z } from 'zod';
import { schedule } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient, previewSession } from './components/preview.ts';
import { RichText, richText } from './components/rich-text.tsx';
import { isoDateTime, link, marketingProps, text, timeZone } from './components/schema.ts';
import { Cta, Details, P, Signoff, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  headline: text(120).meta({ title: 'Headline' }),
  body: richText(3000).meta({ title: 'Message', editor: 'richText' }),
  image: z
    .object({
      src: link.meta({ title: 'Picture', editor: 'image' }),
      alt: text(200).meta({ title: 'What the picture shows (for people who cannot see it)' }),
    })
    .optional()
    .meta({ title: 'Picture' }),
  session: z
    .object({
      courseTitle: text(100).meta({ title: 'Course' }),
      startsAt: isoDateTime.meta({ title: 'Starts' }),
      endsAt: isoDateTime.meta({ title: 'Ends' }),
      timeZone: timeZone.meta({ title: 'Time zone' }),
      place: text(200).meta({ title: 'Where' }),
    })
    .optional()
    .meta({ title: 'Session', editor: 'session' }),
  button: z
    .object({ label: text(40).meta({ title: 'Button text' }), url: link.meta({ title: 'Button link' }) })
    .meta({ title: 'Button', editor: 'button' }),
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Course announcement';
export const description = 'Announce a course or a new date: your message, a picture, the session’s details and a booking button.';

export const subject = ({ headline }: Props) => headline;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  headline: 'New dates for PRINCE2 Foundation',
  body: '<p>We have added a spring cohort of <strong>PRINCE2 Foundation</strong>. Two days in a small group, with the exam on the second afternoon.</p><ul><li>Official courseware included</li><li>Exam voucher included</li></ul>',
  session: {
    courseTitle: previewSession.courseTitle,
    startsAt: previewSession.startsAt,
    endsAt: previewSession.endsAt,
    timeZone: previewSession.timeZone,
    place: previewSession.location.venue,
  },
  button: { label: 'Book your place', url: 'https://www.northbridge-training.example/courses/prince2-foundation' },
};

export default function CourseAnnouncementEmail(props: Props) {
  const { brand, recipient, headline, body, image, session, button } = props;
  const when = session ? schedule(session.startsAt, session.endsAt, session.timeZone) : null;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={headline}
      preheader={session ? `${session.courseTitle}: ${when?.date}` : headline}
      reason={`you agreed to receive news about courses from ${brand.orgName}`}
      marketing={props}
    >
      <Title>{headline}</Title>
      <P>Hi {recipient.firstName},</P>
      <RichText html={body} />
      {image ? (
        <Section style={{ margin: '0 0 16px' }}>
          <Img src={image.src} alt={image.alt} width="536" style={{ width: '100%', maxWidth: '536px', height: 'auto', borderRadius: '6px' }} />
        </Section>
      ) : null}
      {session && when ? (
        <Details
          rows={[
            ['Course', session.courseTitle],
            ['Date', when.date],
            ['Time', when.time],
            ['Where', session.place],
          ]}
        />
      ) : null}
      <Cta brand={brand} href={button.url}>
        {button.label}
      </Cta>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
