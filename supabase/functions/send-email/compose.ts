/**
 * Turns a request into the message as the provider receives it: template lookup, props
 * completed from the organisation and the person, unsubscribe links and headers on
 * marketing mail, tags, and attachments encoded for the wire.
 */
import { type EmailTemplateName, emailTemplates } from '../_shared/emails/index.ts';
import { isEmailTemplateName, type RenderedEmail } from '../_shared/email/render.ts';
import { encodeUtf8Base64 } from '../_shared/base64url.ts';
import { HttpError, issuesOf } from '../_shared/http.ts';
import { formatSender } from '../_shared/mail-address.ts';
import { signUnsubscribeToken } from '../_shared/unsubscribe-token.ts';
import type { Caller } from '../_shared/auth.ts';
import type { SendConfig } from './config.ts';
import type { ParsedSendEmailRequest } from './contract.ts';
import type { Recipient } from './recipient.ts';

/** Shown when an organisation has not picked a colour yet. */
const DEFAULT_BRAND_COLOR = '#0F766E';

export type Tag = { name: string; value: string };
export type UnsubscribeLinks = { page: string; oneClick: string; mailto: string };

/** Exactly what is handed to the transport (and stored in the outbox). */
export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: string; contentType: string }[];
  tags: Tag[];
};

/**
 * The template a request names, if the caller may send it: staff only the templates meant for
 * staff; security mail (bearer links) one message at a time, never in a batch.
 */
export function findTemplate(request: ParsedSendEmailRequest, caller: Caller, mode: 'single' | 'batch' = 'single') {
  if (!isEmailTemplateName(request.template)) {
    throw new HttpError(400, 'invalid_request', `No email template is called "${request.template}".`);
  }
  const name: EmailTemplateName = request.template;
  const { category, sentBy, bearerLinks } = emailTemplates[name];
  if (request.test && (caller.kind !== 'service' || category !== 'marketing' || mode === 'batch')) {
    throw new HttpError(403, 'forbidden', 'Only Cohort itself sends tests, and only of marketing email, one at a time.');
  }
  if (caller.kind === 'user' && sentBy !== 'staff') {
    throw new HttpError(403, 'forbidden', `"${name}" is sent by Cohort itself, not by staff.`);
  }
  if (mode === 'batch' && bearerLinks.length > 0) {
    throw new HttpError(400, 'invalid_request', `"${name}" is security mail: it is sent one message at a time.`);
  }
  if (request.category && request.category !== category) {
    throw new HttpError(400, 'invalid_request', `"${name}" is a ${category} email, not ${request.category}.`);
  }
  if (category === 'marketing' && !request.test && !request.contact_id && !request.lead_id) {
    throw new HttpError(400, 'invalid_request', 'Marketing email needs a contact or lead: consent belongs to a person.');
  }
  return { name, category };
}

/** Stands in for a link that acts for the recipient wherever a copy of the message is kept. */
export const WITHHELD_LINK = 'https://link-withheld.invalid/only-the-recipient-receives-this-link';

/** Is `name` security mail: does it carry links that act for the recipient? */
export const isSecurityMail = (name: EmailTemplateName) => emailTemplates[name].bearerLinks.length > 0;

/** The props with every bearer link replaced by WITHHELD_LINK: what a kept copy may show. */
export function withholdBearerLinks(name: EmailTemplateName, props: Record<string, unknown>): Record<string, unknown> {
  return { ...props, ...Object.fromEntries(emailTemplates[name].bearerLinks.map((prop) => [prop, WITHHELD_LINK])) };
}

/** A test's footer links: a page that says the email was a test (there is no one to unsubscribe). */
export const testLinks = (config: SendConfig): UnsubscribeLinks => ({
  page: `${config.appUrl}/unsubscribe/test`,
  oneClick: `${config.appUrl}/unsubscribe/test`,
  mailto: `mailto:${config.unsubscribeMailbox}`,
});

/** What a test's subject line starts with. */
export const TEST_SUBJECT_PREFIX = '[Test] ';

export async function unsubscribeLinks(config: SendConfig, messageId: string): Promise<UnsubscribeLinks> {
  const token = await signUnsubscribeToken(messageId, config.linkSecret);
  return {
    page: `${config.appUrl}/unsubscribe/${token}`,
    oneClick: `${config.appUrl}/api/unsubscribe/${token}`,
    mailto: `mailto:${config.unsubscribeMailbox}?subject=unsubscribe%20${token}`,
  };
}

/**
 * The caller's props with what the function owns filled in: the brand always comes from the
 * organisation's settings (the legal footer cannot be spoofed), the recipient's address is
 * always the one being sent to, and marketing links always carry this message's token.
 */
export function composeProps(request: ParsedSendEmailRequest, recipient: Recipient, links: UnsubscribeLinks | null) {
  const { sender } = recipient;
  if (!sender.postalAddress) {
    throw new HttpError(400, 'invalid_request', 'Add the organisation’s postal address in settings first: every email footer shows it.');
  }
  const given = request.props.recipient;
  const suppliedRecipient = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  return {
    ...request.props,
    brand: {
      orgName: sender.orgName,
      postalAddress: sender.postalAddress,
      brandColor: sender.brandColor ?? DEFAULT_BRAND_COLOR,
      ...(sender.logoUrl ? { logoUrl: sender.logoUrl } : {}),
    },
    recipient: { firstName: recipient.firstName ?? undefined, ...suppliedRecipient, email: recipient.email },
    ...(links ? { unsubscribeUrl: links.page, preferencesUrl: `${links.page}#preferences` } : {}),
  };
}

/** Fails with the template's own zod issues before anything is recorded or sent. */
export function validateProps(name: EmailTemplateName, props: Record<string, unknown>): void {
  const parsed = emailTemplates[name].schema.safeParse(props);
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_props', `The props do not fit the "${name}" template.`, {
      issues: issuesOf(parsed.error, ['props']),
    });
  }
}

export function buildOutgoing(input: {
  config: SendConfig;
  recipient: Recipient;
  messageId: string;
  category: 'transactional' | 'marketing';
  template: EmailTemplateName;
  rendered: RenderedEmail;
  links: UnsubscribeLinks | null;
  tags: Tag[];
  test?: boolean;
}): OutgoingEmail {
  const { config, recipient, rendered, links } = input;
  // A unique reference per message stops Gmail from threading unrelated notifications.
  const headers: Record<string, string> = { 'X-Entity-Ref-ID': input.messageId };
  if (links && !input.test) {
    // RFC 8058: mailbox providers POST "List-Unsubscribe=One-Click" to the https URL.
    headers['List-Unsubscribe'] = `<${links.oneClick}>, <${links.mailto}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const own = [
    { name: 'template', value: input.template },
    { name: 'category', value: input.category },
    ...(input.test ? [{ name: 'test', value: 'true' }] : []),
  ];
  return {
    from: formatSender(recipient.sender.orgName, config.fromAddress),
    to: recipient.email,
    subject: input.test ? TEST_SUBJECT_PREFIX + rendered.subject : rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers,
    attachments: rendered.attachments.map((a) => ({
      filename: a.filename,
      content: a.encoding === 'base64' ? a.content : encodeUtf8Base64(a.content),
      contentType: a.contentType,
    })),
    tags: [...input.tags.filter((tag) => !own.some((o) => o.name === tag.name)), ...own],
  };
}
