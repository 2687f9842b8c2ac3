/** Lead nurture 3/3: one learner's story, in their own words (published with their consent). */
import { Img, Section, Text } from '@react-email/components';
import { z } from 'zod';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing, previewRecipient } from './components/preview.ts';
import { link, marketingProps, text } from './components/schema.ts';
import { Cta, InlineLink, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  certificationName: text(100),
  story: z.object({
    name: text(80),
    role: text(100),
    company: text(100),
    photoUrl: link.optional(),
    challenge: text(600),
    outcome: text(600),
    quote: text(400),
  }),
  courseUrl: link,
  moreStoriesUrl: link.optional(),
});
type Props = z.infer<typeof schema>;

export const category = 'marketing' as const;

export const title = 'Success story';
export const description = 'A past learner’s story, with a quote, for leads close to deciding.';

export const subject = ({ story, certificationName }: Props) => `How ${story.name} put ${certificationName} to work`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  ...previewMarketing,
  certificationName: 'PRINCE2 7 Practitioner',
  story: {
    name: 'Priya Shah',
    role: 'Programme Manager',
    company: 'Aldermoor Utilities',
    photoUrl: 'https://cdn.northbridge-training.example/stories/priya-shah.jpg',
    challenge:
      'Priya had run projects for eight years, but each one was set up differently, and steering groups kept asking for the same information in new formats.',
    outcome:
      'After certifying, she introduced a tailored PRINCE2 set-up across her programme of eleven projects: one set of stage reports, clear tolerances, and exceptions raised early instead of at month end.',
    quote: 'The course gave me a shared language with the board. Our steering meetings are now about decisions, not about decoding reports.',
  },
  courseUrl: 'https://www.northbridge-training.example/courses/prince2-practitioner',
  moreStoriesUrl: 'https://www.northbridge-training.example/stories',
};

export default function NurtureSuccessStoryEmail(props: Props) {
  const { brand, recipient, certificationName, story, courseUrl, moreStoriesUrl } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`${story.name}, ${story.role} at ${story.company}, on what changed after certification.`}
      reason={`you asked ${brand.orgName} about ${certificationName} and agreed to receive information about our training`}
      marketing={props}
    >
      <Title>How {story.name} put {certificationName} to work</Title>
      {story.photoUrl ? (
        <Img src={story.photoUrl} alt={`${story.name}, ${story.role} at ${story.company}`} width="96" height="96" style={{ borderRadius: '48px', margin: '0 0 16px' }} />
      ) : null}
      <P>
        Hi {recipient.firstName}, meet {story.name}, {story.role} at {story.company}.
      </P>
      <Subtitle>The challenge</Subtitle>
      <P>{story.challenge}</P>
      <Subtitle>What changed</Subtitle>
      <P>{story.outcome}</P>
      <Section style={{ borderLeft: `4px solid ${brand.brandColor}`, padding: '4px 16px', margin: '8px 0 16px' }}>
        <Text style={{ fontSize: '18px', lineHeight: '28px', fontStyle: 'italic', color: '#1F2937', margin: '0 0 8px' }}>
          “{story.quote}”
        </Text>
        <Text style={{ fontSize: '14px', lineHeight: '22px', color: '#4B5563', margin: 0 }}>
          {story.name}, {story.role}, {story.company}
        </Text>
      </Section>
      <Cta brand={brand} href={courseUrl}>
        Start your own {certificationName} journey
      </Cta>
      {moreStoriesUrl ? (
        <P>
          Curious how others used their certification? <InlineLink brand={brand} href={moreStoriesUrl}>Read more learner stories</InlineLink>.
        </P>
      ) : null}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
