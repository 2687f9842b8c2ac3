/** Zod building blocks shared by every template's props schema. */
import { z } from 'zod';
import { tokenIssues } from './tokens.ts';

export const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Every href in an email goes through this: only http(s), so a `javascript:` or `data:`
 * URL from a bad payload can never reach an inbox. (z.httpUrl() would also refuse
 * localhost, which local development needs.)
 */
export const link = z.url({ protocol: /^https?$/, error: 'Use an http(s) URL.' });

export const isoDateTime = z.iso.datetime({ offset: true });
/** A calendar date without a time (certificate issue and expiry dates). */
export const isoDate = z.iso.date();

export const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'Use an IANA time zone like Europe/London.' },
);

/** Amounts are integers in the currency's minor unit (pence, cents), as billing stores them. */
export const moneySchema = z.object({
  amountMinor: z.number().int().min(0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .refine((code) => Intl.supportedValuesOf('currency').includes(code), { error: 'Unknown ISO 4217 currency.' }),
});

export const brandSchema = z.object({
  orgName: text(80),
  logoUrl: link.optional(),
  /** Any colour the customer picked; the layout derives readable text and link colours from it. */
  brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a 6-digit hex colour like #0F766E.'),
  /** Required in every email: CAN-SPAM and UK/EU sender-identification rules. */
  postalAddress: text(300),
  supportEmail: z.email().optional(),
});

export const recipientSchema = z.object({
  firstName: text(80),
  email: z.email(),
  /** Set by the sender when `firstName` is only the greeting ("there"): tokens use their fallback. */
  nameless: z.literal(true).optional(),
});

export const transactionalProps = z.object({ brand: brandSchema, recipient: recipientSchema });

/** Text that may hold personalisation tokens (./tokens.ts); an unknown token is refused. */
export const tokenText = (max: number) =>
  z.string().trim().min(1).max(max, { abort: true }).superRefine((value, ctx) => {
    for (const message of tokenIssues(value)) ctx.addIssue({ code: 'custom', message });
  });

/**
 * Signed-token URLs: unsubscribe works in one click, without signing in (RFC 8058). A
 * campaign's own subject line and preheader replace the template's, personalised per person.
 */
export const marketingProps = transactionalProps.extend({
  unsubscribeUrl: link,
  preferencesUrl: link,
  subjectLine: tokenText(150).optional(),
  preheaderText: tokenText(200).optional(),
});

export type Brand = z.infer<typeof brandSchema>;
export type Recipient = z.infer<typeof recipientSchema>;
export type Money = z.infer<typeof moneySchema>;
export type MarketingLinks = { unsubscribeUrl: string; preferencesUrl: string; preheaderText?: string };
