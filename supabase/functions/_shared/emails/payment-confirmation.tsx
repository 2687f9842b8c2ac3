/** Receipt for a payment: line items, VAT and totals exactly as billing recorded them. */
import { z } from 'zod';
import { dateTime, money } from './components/format.ts';
import { EmailLayout } from './components/layout.tsx';
import { previewBrand, previewRecipient } from './components/preview.ts';
import { isoDateTime, link, moneySchema, text, timeZone, transactionalProps } from './components/schema.ts';
import { Cta, Details, P, Signoff, Title } from './components/ui.tsx';
import { ReceiptTable } from './components/receipt-table.tsx';

const minor = z.number().int().min(0);

export const schema = transactionalProps
  .extend({
    receipt: z.object({
      number: text(40),
      paidAt: isoDateTime,
      timeZone,
      /** e.g. "Visa ending 4242" or "Bank transfer". Never a full card number. */
      method: text(60),
      currency: moneySchema.shape.currency,
      lineItems: z.array(z.object({ description: text(200), quantity: z.number().int().min(1), unitAmount: minor })).min(1).max(30),
      /** Totals come from billing, not recomputed here; the refinement below only checks they add up. */
      subtotal: minor,
      vat: z.object({ ratePercent: z.number().min(0).max(100), amount: minor }),
      total: minor,
      billedTo: text(300).optional(),
      sellerVatNumber: text(30).optional(),
      receiptUrl: link,
    }),
  })
  .refine(({ receipt: r }) => r.lineItems.reduce((sum, i) => sum + i.quantity * i.unitAmount, 0) === r.subtotal, {
    error: 'Line items do not add up to the subtotal.',
    path: ['receipt', 'subtotal'],
  })
  .refine(({ receipt: r }) => r.subtotal + r.vat.amount === r.total, {
    error: 'Subtotal plus VAT does not equal the total.',
    path: ['receipt', 'total'],
  });
type Props = z.infer<typeof schema>;

export const category = 'transactional' as const;

export const title = 'Payment receipt';
export const description = 'A receipt for a payment, with the items paid for.';

export const subject = ({ receipt }: Props) =>
  `Receipt ${receipt.number}: ${money({ amountMinor: receipt.total, currency: receipt.currency })} received`;

export const previewProps: z.input<typeof schema> = {
  brand: previewBrand,
  recipient: previewRecipient,
  receipt: {
    number: 'NB-R-2027-003318',
    paidAt: '2027-04-15T10:42:00+01:00',
    timeZone: 'Europe/London',
    method: 'Visa ending 4242',
    currency: 'GBP',
    lineItems: [
      { description: 'PRINCE2 7 Foundation and Practitioner, 10 to 14 May 2027', quantity: 1, unitAmount: 129500 },
      { description: 'PRINCE2 7 official manual (print)', quantity: 1, unitAmount: 6500 },
    ],
    subtotal: 136000,
    vat: { ratePercent: 20, amount: 27200 },
    total: 163200,
    billedTo: 'Amara Okafor, 22 Kelham Island Road, Sheffield S3 8RY',
    sellerVatNumber: 'GB 123 4567 89',
    receiptUrl: 'https://learn.northbridge-training.example/receipts/NB-R-2027-003318.pdf',
  },
};

export default function PaymentConfirmationEmail(props: Props) {
  const { brand, recipient, receipt } = props;
  const total = money({ amountMinor: receipt.total, currency: receipt.currency });
  return (
    <EmailLayout
      brand={brand}
      recipient={recipient}
      title={subject(props)}
      preheader={`Payment of ${total} received. Receipt ${receipt.number} inside.`}
      reason={`you made a payment to ${brand.orgName}`}
    >
      <Title>Thank you: payment received</Title>
      <P>
        Hi {recipient.firstName}, we have received your payment of {total}. Your receipt is below; please keep it for your
        records.
      </P>
      <Details
        rows={[
          ['Receipt number', receipt.number],
          ['Paid on', dateTime(receipt.paidAt, receipt.timeZone)],
          ['Payment method', receipt.method],
          receipt.billedTo ? ['Billed to', receipt.billedTo] : null,
        ]}
      />
      <ReceiptTable receipt={receipt} />
      {receipt.sellerVatNumber ? <P muted>{brand.orgName} VAT registration number: {receipt.sellerVatNumber}</P> : null}
      <Cta brand={brand} href={receipt.receiptUrl}>
        Download receipt (PDF)
      </Cta>
      <P>Questions about this payment? Reply to this email, quoting receipt number {receipt.number}.</P>
      <Signoff brand={brand} />
    </EmailLayout>
  );
}
