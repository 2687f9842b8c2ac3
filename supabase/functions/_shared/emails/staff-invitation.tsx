/** An admin invited someone to their organisation's Cohort workspace. */
import { z } from 'zod';
import { dateTime } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand } from './components/preview.ts';
import { isoDateTime, link, text, timeZone, transactionalProps } from './components/schema.ts';
import { Cta, Details, InlineLink, P, Signoff, Title } from './components/ui.tsx';

/**
 * Mirrors memberRoles in lib/auth/roles.ts, which cannot be imported here (it pulls in
 * database types and must stay out of the Deno bundle). A unit test keeps the two equal.
 */
export const ROLE_LABELS = {
  admin: 'Administrator',
  manager: 'Manager',
  sales: 'Sales',
  marketing: 'Marketing',
  compliance: 'Compliance',
  viewer: 'Viewer',
} as const;

export const schema = transactionalProps.extend({
  inviterName: text(80),
  role: z.enum(Object.keys(ROLE_LABELS) as [keyof typeof ROLE_LABELS, ...(keyof typeof ROLE_LABELS)[]]),
  invitationUrl: link,
  expiresAt: isoDateTime,
  /** The inviter's zone, so "expires at" matches what they told the invitee. */
  timeZone,
});
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Staff invitation';
export const description = 'Invites a colleague to join the organisation in Cohort.';

export const subject = ({ inviterName, brand }: Props) => `${inviterName} invited you to join ${brand.orgName} on Cohort`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: { firstName: 'Marcus', email: 'marcus.webb@northbridge-training.example' },
  inviterName: 'Helen Carter',
  role: 'sales',
  invitationUrl: 'https://app.cohort.example/invite/preview-invitation-token',
  expiresAt: '2027-04-26T09:15:00+01:00',
  timeZone: 'Europe/London',
};

export default function StaffInvitationEmail(props: Props) {
  const { brand, recipient, inviterName, role, invitationUrl, expiresAt, timeZone: zone } = props;
  const expires = dateTime(expiresAt, zone);
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Join the ${brand.orgName} team as ${ROLE_LABELS[role]}. The invitation expires ${expires}.`}
      reason={`${inviterName} invited ${recipient.email} to join ${brand.orgName} on Cohort`}
    >
      <Title>Join {brand.orgName} on Cohort</Title>
      <P>
        Hi {recipient.firstName}, {inviterName} has invited you to join the {brand.orgName} workspace on Cohort, where the
        team manages learners, courses, bookings and certifications.
      </P>
      <Details
        rows={[
          ['Organisation', brand.orgName],
          ['Your role', ROLE_LABELS[role]],
          ['Invitation expires', expires],
        ]}
      />
      <Cta brand={brand} href={invitationUrl}>
        Accept invitation
      </Cta>
      <P muted>
        If the button does not work, copy this link into your browser:{' '}
        <InlineLink brand={brand} href={invitationUrl}>{invitationUrl}</InlineLink>
      </P>
      <P muted>
        This invitation is for {recipient.email} only. If you were not expecting it, you can ignore this email: no account
        will be created.
      </P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
