/**
 * The branded shell every email renders inside: header with logo or organisation name,
 * hidden preheader, content card, and the legal footer (why you got this, sender postal
 * address, and for marketing the one-click unsubscribe and preferences links).
 *
 * Email-client constraints shape it: inline styles only (Gmail drops <style> in many
 * contexts), tables via react-email's Section/Container, a 600px fluid column instead of
 * media queries, and no information that exists only inside an image.
 */
import { Body, Container, Head, Html, Img, Link, Preview, Section, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';
import { accentOnWhite } from './color.ts';
import type { Brand, MarketingLinks, Recipient } from './schema.ts';
import { resolveTokens } from './tokens.ts';

/** Every footer starts with this; tests look for it. */
export const WHY_PREFIX = 'You are receiving this email because';

export type LayoutProps = {
  brand: Brand;
  recipient: Recipient;
  /** Document title, read by screen readers and web-mail tabs; pass the subject. */
  title: string;
  /** Inbox preview line shown after the subject; keep it under ~100 characters. */
  preheader: string;
  /** Completes the footer sentence "You are receiving this email because …", without a full stop. */
  reason: string;
  /** Present for marketing email only: transactional email must not look unsubscribable. */
  marketing?: MarketingLinks;
  children: ReactNode;
};

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
// Greys chosen for at least 7:1 against their backgrounds (WCAG AAA for body text).
const INK = '#1F2937';
const MUTED = '#4B5563';
const CANVAS = '#F3F4F6';

const body: CSSProperties = { backgroundColor: CANVAS, margin: 0, padding: '24px 0', fontFamily: FONT };
const container: CSSProperties = { width: '100%', maxWidth: '600px', margin: '0 auto' };
const card: CSSProperties = { backgroundColor: '#FFFFFF', padding: '8px 32px 24px', color: INK };
const footerText: CSSProperties = { color: MUTED, fontSize: '13px', lineHeight: '20px', margin: '0 0 12px' };

export function EmailLayout({ brand, recipient, title, preheader, reason, marketing, children }: LayoutProps) {
  const accent = accentOnWhite(brand.brandColor);
  const footerLink: CSSProperties = { color: MUTED, textDecoration: 'underline' };
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>{title}</title>
      </Head>
      <Body style={body}>
        <Preview>{marketing?.preheaderText ? resolveTokens(marketing.preheaderText, { recipient, brand }) : preheader}</Preview>
        <Container style={container}>
          <Section style={{ backgroundColor: '#FFFFFF', borderTop: `6px solid ${brand.brandColor}`, padding: '24px 32px 8px' }}>
            {brand.logoUrl ? (
              <Img src={brand.logoUrl} alt={brand.orgName} height="40" style={{ height: '40px', width: 'auto', maxWidth: '100%' }} />
            ) : (
              <Text style={{ color: accent, fontSize: '20px', fontWeight: 700, lineHeight: '28px', margin: 0 }}>
                {brand.orgName}
              </Text>
            )}
          </Section>
          <Section style={card}>{children}</Section>
          <Section style={{ padding: '24px 32px' }}>
            <Text style={footerText}>
              {WHY_PREFIX} {reason}.
            </Text>
            {marketing ? (
              <Text style={footerText}>
                Prefer not to receive these emails?{' '}
                <Link href={marketing.unsubscribeUrl} style={footerLink}>
                  Unsubscribe
                </Link>{' '}
                with one click (it takes effect immediately), or{' '}
                <Link href={marketing.preferencesUrl} style={footerLink}>
                  manage your email preferences
                </Link>
                .
              </Text>
            ) : null}
            <Text style={footerText}>
              This email was sent to {recipient.email} by {brand.orgName}, {brand.postalAddress}.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
