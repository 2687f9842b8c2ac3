/**
 * Line items and totals. A real data table (th with scope), unlike layout tables, so screen
 * readers announce each amount with its column; amounts right-aligned in tabular figures.
 */
import type { CSSProperties } from 'react';
import { money } from './format.ts';
import { DATA_TABLE_CLASS } from './plain-text.ts';

export type Receipt = {
  currency: string;
  lineItems: { description: string; quantity: number; unitAmount: number }[];
  subtotal: number;
  vat: { ratePercent: number; amount: number };
  total: number;
};

const cell: CSSProperties = { padding: '8px 0', borderBottom: '1px solid #E5E7EB', fontSize: '15px', lineHeight: '22px', color: '#1F2937', verticalAlign: 'top' };
const amount: CSSProperties = { ...cell, textAlign: 'right', whiteSpace: 'nowrap', paddingLeft: '12px', fontVariantNumeric: 'tabular-nums' };
const head: CSSProperties = { ...cell, fontSize: '13px', color: '#4B5563', fontWeight: 600, textAlign: 'left' };

export function ReceiptTable({ receipt }: { receipt: Receipt }) {
  const format = (amountMinor: number) => money({ amountMinor, currency: receipt.currency });
  const totals: [string, number][] = [
    ['Subtotal', receipt.subtotal],
    [`VAT at ${receipt.vat.ratePercent}%`, receipt.vat.amount],
  ];
  return (
    <table className={DATA_TABLE_CLASS} width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse', margin: '8px 0 16px' }}>
      <thead>
        <tr>
          <th scope="col" style={head}>Item</th>
          <th scope="col" style={{ ...head, textAlign: 'right' }}>Qty</th>
          <th scope="col" style={{ ...head, textAlign: 'right' }}>Amount</th>
        </tr>
      </thead>
      <tbody>
        {receipt.lineItems.map((item) => (
          <tr key={item.description}>
            <td style={cell}>
              {item.description}
              {item.quantity > 1 ? ` (${format(item.unitAmount)} each)` : ''}
            </td>
            <td style={amount}>{item.quantity}</td>
            <td style={amount}>{format(item.quantity * item.unitAmount)}</td>
          </tr>
        ))}
        {totals.map(([label, value]) => (
          <tr key={label}>
            <th scope="row" colSpan={2} style={{ ...cell, fontWeight: 400, textAlign: 'right' }}>{label}</th>
            <td style={amount}>{format(value)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row" colSpan={2} style={{ ...cell, fontWeight: 700, textAlign: 'right', borderBottom: 'none' }}>Total paid ({receipt.currency})</th>
          <td style={{ ...amount, fontWeight: 700, borderBottom: 'none' }}>{format(receipt.total)}</td>
        </tr>
      </tbody>
    </table>
  );
}
