/** Small presentational pieces shared by templates, so every email has the same rhythm. */
import { Button, Heading, Link, Section, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import { accentOnWhite, textOn } from './color.ts';
import { DATA_TABLE_CLASS } from './plain-text.ts';
import type { Brand } from './schema.ts';

const INK = '#1F2937';
const paragraph: CSSProperties = { color: INK, fontSize: '16px', lineHeight: '26px', margin: '0 0 16px' };

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={{ color: '#111827', fontSize: '24px', lineHeight: '32px', fontWeight: 700, margin: '16px 0' }}>
      {children}
    </Heading>
  );
}

export function Subtitle({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={{ color: '#111827', fontSize: '18px', lineHeight: '26px', fontWeight: 700, margin: '24px 0 8px' }}>
      {children}
    </Heading>
  );
}

export function P({ children, muted }: { children: ReactNode; muted?: boolean }) {
  return <Text style={muted ? { ...paragraph, color: '#4B5563', fontSize: '14px', lineHeight: '22px' } : paragraph}>{children}</Text>;
}

/** Underlined as well as coloured: colour alone must not be what marks a link (WCAG 1.4.1). */
export function InlineLink({ brand, href, children }: { brand: Brand; href: string; children: ReactNode }) {
  return (
    <Link href={href} style={{ color: accentOnWhite(brand.brandColor), textDecoration: 'underline' }}>
      {children}
    </Link>
  );
}

/** The one primary action. Label it with what happens ("Confirm my place"), not "Click here". */
export function Cta({ brand, href, children }: { brand: Brand; href: string; children: ReactNode }) {
  const style: CSSProperties = {
    backgroundColor: brand.brandColor,
    color: textOn(brand.brandColor),
    borderRadius: '6px',
    fontSize: '16px',
    fontWeight: 600,
    lineHeight: '24px',
    padding: '12px 24px',
    textDecoration: 'none',
  };
  return (
    <Section style={{ margin: '24px 0' }}>
      <Button href={href} style={style}>
        {children}
      </Button>
    </Section>
  );
}

export type DetailRow = readonly [label: string, value: ReactNode];

/** Label/value facts (date, place, reference). Falsy rows are skipped so optional facts stay terse. */
export function Details({ rows }: { rows: ReadonlyArray<DetailRow | false | null | undefined> }) {
  const cell: CSSProperties = { padding: '6px 0', fontSize: '15px', lineHeight: '22px', verticalAlign: 'top', color: INK };
  return (
    <Section style={{ backgroundColor: '#F9FAFB', border: '1px solid #E5E7EB', borderRadius: '6px', padding: '12px 16px', margin: '0 0 16px' }}>
      <table className={DATA_TABLE_CLASS} role="presentation" width="100%" cellPadding={0} cellSpacing={0}>
        <tbody>
          {rows.filter((row): row is DetailRow => Boolean(row)).map(([label, value]) => (
            <tr key={label}>
              <td style={{ ...cell, fontWeight: 600, width: '38%', paddingRight: '12px' }}>{label}</td>
              <td style={cell}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export function Bullets({ items, ordered }: { items: readonly ReactNode[]; ordered?: boolean }) {
  const List = ordered ? 'ol' : 'ul';
  return (
    <List style={{ color: INK, fontSize: '16px', lineHeight: '26px', margin: '0 0 16px', paddingLeft: '24px' }}>
      {items.map((item, index) => (
        // Items are copy lines without ids; their order is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: static list, never reordered
        <li key={index} style={{ margin: '0 0 6px' }}>
          {item}
        </li>
      ))}
    </List>
  );
}

/** A highlighted aside for the one thing the reader must not miss (a deadline, a hold). */
export function Note({ brand, children }: { brand: Brand; children: ReactNode }) {
  return (
    <Section style={{ borderLeft: `4px solid ${brand.brandColor}`, backgroundColor: '#F9FAFB', padding: '12px 16px', margin: '0 0 16px' }}>
      <Text style={{ ...paragraph, margin: 0 }}>{children}</Text>
    </Section>
  );
}

export function Signoff({ brand, from }: { brand: Brand; from?: ReactNode }) {
  return (
    <Text style={{ ...paragraph, margin: '24px 0 0' }}>
      Best regards,
      <br />
      {from ?? `The ${brand.orgName} team`}
    </Text>
  );
}
