/** Sent 90, 60, 30 and 7 days before a certification expires, with ways to earn the CPD still needed. */
import { z } from 'zod';
import { longDate } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDate, link, text, transactionalProps } from './components/schema.ts';
import { Bullets, Cta, Details, InlineLink, Note, P, Signoff, Subtitle, Title } from './components/ui.tsx';

export const schema = transactionalProps.extend({
  certification: z.object({ name: text(100), number: text(60), expiresOn: isoDate }),
  daysLeft: z.union([z.literal(90), z.literal(60), z.literal(30), z.literal(7)]),
  /** Continuing-education hours; absent when renewal needs no CPD (e.g. renewal by re-examination). */
  cpd: z.object({ completed: z.number().min(0), required: z.number().positive() }).optional(),
  options: z
    .array(z.object({ title: text(120), format: text(80), hours: z.number().positive(), url: link }))
    .min(1)
    .max(5),
  renewUrl: link,
});
type Props = z.infer<typeof schema>;

/** A service message about a credential the person holds, not a promotion. */
export const category = 'transactional' as const;

export const title = 'Renewal reminder';
export const description = 'Reminds a certificate holder that it expires soon, with dates to renew.';

export const subject = ({ certification, daysLeft }: Props) =>
  daysLeft === 7
    ? `Final reminder: your ${certification.name} certification expires in 7 days`
    : `Your ${certification.name} certification expires in ${daysLeft} days`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  certification: { name: 'ITIL 4 Managing Professional', number: 'NB-ITIL-MP-2024-004511', expiresOn: '2027-07-30' },
  daysLeft: 60,
  cpd: { completed: 14, required: 20 },
  options: [
    { title: 'Service value streams in practice', format: 'Live online workshop, half day', hours: 4, url: 'https://learn.northbridge-training.example/cpd/value-streams' },
    { title: 'ITIL 4 and AI operations', format: 'Self-paced course', hours: 3, url: 'https://learn.northbridge-training.example/cpd/itil-aiops' },
    { title: 'Monthly practitioner webinar', format: 'Webinar, 60 minutes', hours: 1, url: 'https://learn.northbridge-training.example/cpd/webinars' },
  ],
  renewUrl: 'https://app.cohort.example/learn/certificates/NB-ITIL-MP-2024-004511/renew',
};

export default function RenewalReminderEmail(props: Props) {
  const { brand, recipient, certification, daysLeft, cpd, options, renewUrl } = props;
  const remaining = cpd ? Math.max(cpd.required - cpd.completed, 0) : 0;
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Valid until ${longDate(certification.expiresOn)}. Here is how to renew without a gap.`}
      reason={`you hold the ${certification.name} certification issued by ${brand.orgName}`}
    >
      <Title>{daysLeft === 7 ? 'Your certification expires next week' : `${daysLeft} days until your certification expires`}</Title>
      <P>
        Hi {recipient.firstName}, your {certification.name} certification is valid until{' '}
        {longDate(certification.expiresOn)}. Renewing before then keeps it active and verifiable, with no gap on your record.
      </P>
      <Details
        rows={[
          ['Certificate number', certification.number],
          ['Expires', longDate(certification.expiresOn)],
          cpd ? ['CPD logged', `${cpd.completed} of ${cpd.required} hours`] : null,
        ]}
      />
      <Subtitle>{remaining > 0 ? `Earn your remaining ${remaining} CPD hours` : 'Continuing education options'}</Subtitle>
      <Bullets
        items={options.map((o) => (
          <span key={o.url}>
            <InlineLink brand={brand} href={o.url}>{o.title}</InlineLink>: {o.format}, {o.hours} CPD{' '}
            {o.hours === 1 ? 'hour' : 'hours'}
          </span>
        ))}
      />
      <Cta brand={brand} href={renewUrl}>
        Renew my certification
      </Cta>
      {daysLeft <= 30 ? (
        <Note brand={brand}>
          After {longDate(certification.expiresOn)}, the verification page will show your certification as expired, and
          reinstating it may take longer than renewing now.
        </Note>
      ) : null}
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
