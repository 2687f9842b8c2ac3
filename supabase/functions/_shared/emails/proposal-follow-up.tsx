/** Follow-up on a corporate training proposal, sent in the account manager's name. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewMarketing } from './components/preview.ts';
import { isoDate, link, marketingProps, text } from './components/schema.ts';
import { Cta, Details, InlineLink, P, Signoff, Title } from './components/ui.tsx';

export const schema = marketingProps.extend({
  company: text(120),
  proposal: z.object({
    title: text(120),
    reference: text(40),
    sentOn: isoDate,
    validUntil: isoDate,
    /** One line of scope, e.g. "Two on-site cohorts of PRINCE2 Foundation in Leeds". */
    scope: text(200),
    participants: z.number().int().positive(),
    url: link,
  }),
  accountManager: z.object({
    name: text(80),
    jobTitle: text(80),
    email: z.email(),
    phone: text(40).optional(),
    meetingUrl: link.optional(),
  }),
});
type Props = z.infer<typeof schema>;

/** A sales follow-up, so it obeys marketing consent and carries an unsubscribe link. */
export const category = 'marketing' as const;

export const title = 'Proposal follow-up';
export const description = 'Follows up a training proposal sent to a company.';

export const subject = ({ proposal, company }: Props) => `Following up: ${proposal.title} for ${company}`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: { firstName: 'Thomas', email: 'thomas.baker@example.com' },
  ...previewMarketing,
  company: 'Harland Engineering Group',
  proposal: {
    title: 'Project management training programme 2027',
    reference: 'PRO-2027-0142',
    sentOn: '2027-04-13',
    validUntil: '2027-05-28',
    scope: 'Two on-site cohorts of PRINCE2 Foundation and Practitioner at your Leeds office, with exams included',
    participants: 24,
    url: 'https://www.northbridge-training.example/proposals/PRO-2027-0142',
  },
  accountManager: {
    name: 'Sophie Lambert',
    jobTitle: 'Corporate Account Manager',
    email: 'sophie.lambert@northbridge-training.example',
    phone: '+44 114 496 0321',
    meetingUrl: 'https://meet.northbridge-training.example/sophie-lambert/20min',
  },
};

export default function ProposalFollowUpEmail(props: Props) {
  const { brand, recipient, company, proposal, accountManager: am } = props;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Any questions on proposal ${proposal.reference}? Dates, format and group sizes can all be adjusted.`}
      reason={`you requested a training proposal from ${brand.orgName} for ${company}`}
      marketing={props}
    >
      <Title>Following up on your training proposal</Title>
      <P>
        Hi {recipient.firstName}, I sent our proposal for {company} on {longDate(proposal.sentOn)} and wanted to check
        whether it gives you what you need to take the next step.
      </P>
      <Details
        rows={[
          ['Proposal', proposal.title],
          ['Reference', proposal.reference],
          ['Scope', proposal.scope],
          ['Participants', String(proposal.participants)],
          ['Valid until', longDate(proposal.validUntil)],
        ]}
      />
      <P>
        Everything in it can be adjusted: dates, delivery format (on site, online or blended) and group sizes. I am also
        happy to join a call with your HR or learning and development colleagues to answer their questions.
      </P>
      <Cta brand={brand} href={proposal.url}>
        Review the proposal
      </Cta>
      <P>
        {am.meetingUrl ? (
          <>
            If it is easier to talk it through, <InlineLink brand={brand} href={am.meetingUrl}>book a 20-minute call</InlineLink>{' '}
            at a time that suits you, or simply reply to this email.
          </>
        ) : (
          'If it is easier to talk it through, simply reply to this email and I will call you.'
        )}
      </P>
      <Signoff
        brand={brand}
        from={
          <>
            {am.name}
            <br />
            {am.jobTitle}, {brand.orgName}
            <br />
            <InlineLink brand={brand} href={`mailto:${am.email}`}>{am.email}</InlineLink>
            {am.phone ? <><br />{am.phone}</> : null}
          </>
        }
      />
    </EmailLayout>
  );
}
