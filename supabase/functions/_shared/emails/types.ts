/** The contract every template module fulfils, and the registry entry built from it. */
import type { ReactElement } from 'react';
import type { z } from 'zod';
import { resolveTokens } from './components/tokens.ts';

/**
 * Marketing email is sent only with consent and carries a one-click unsubscribe;
 * transactional email (bookings, exams, certificates, receipts, accounts) is sent because
 * of something the person did or holds, and carries none.
 */
export type EmailCategory = 'transactional' | 'marketing';

/**
 * Who may ask for a template. Staff (a signed-in member's token) may send only 'staff'
 * templates, to people they can see; every other template is sent by named system work
 * only: booking, exam and certificate mail states facts only Cohort may vouch for.
 */
export type EmailSender = 'staff' | 'system';

/**
 * What a template's send rules are. `bearerLinks` names the props that carry a link which
 * acts for the recipient (reset a password, accept an invitation, confirm a request or a
 * consent): such security mail is system-only and is never stored where staff can read it
 * (the outbox keeps a copy with those links withheld).
 */
export type TemplateAccess = { sentBy: 'staff' } | { sentBy: 'system'; bearerLinks?: readonly string[] };

/**
 * An attachment: text (calendar files), which the send module encodes for the transport, or a
 * file already in base64 (`encoding: 'base64'`: a certificate's PDF).
 */
export type EmailAttachment = { filename: string; content: string; contentType: string; encoding?: 'base64' };

export type EmailTemplate<S extends z.ZodType = z.ZodType> = {
  /** What people call it (the gallery, the campaign page): "Course announcement". */
  title: string;
  /** One sentence on when to use it, shown under the title in the gallery. */
  description: string;
  schema: S;
  Component: (props: z.output<S>) => ReactElement;
  subject: (props: z.output<S>) => string;
  category: EmailCategory;
  /** Realistic sample data: the preview, and the fixture every test renders. */
  previewProps: z.input<S>;
  attachments?: (props: z.output<S>) => EmailAttachment[];
  sentBy: EmailSender;
  /** Props holding links that act for the recipient; empty unless this is security mail. */
  bearerLinks: readonly string[];
};

/** What `import * as m from './welcome.tsx'` gives: the component is the default export. */
export type TemplateModule<S extends z.ZodType> = Omit<EmailTemplate<S>, 'Component' | 'sentBy' | 'bearerLinks'> & {
  default: EmailTemplate<S>['Component'];
};

type Personalised = { subjectLine?: string; recipient: { firstName: string; nameless?: true }; brand: { orgName: string } };

/** Turns a template module into a registry entry; the generic checks the module's shape. */
export function fromModule<S extends z.ZodType>(module: TemplateModule<S>, access: TemplateAccess): EmailTemplate<S> {
  const { default: Component, title, description, schema, category, previewProps, attachments } = module;
  const bearerLinks = 'bearerLinks' in access ? (access.bearerLinks ?? []) : [];
  // A marketing email's subject line is the campaign's own when it has one (props.subjectLine,
  // personalised), else the template's.
  const subject =
    category === 'marketing'
      ? (props: z.output<S>) => {
          const own = props as unknown as Personalised;
          return own.subjectLine ? resolveTokens(own.subjectLine, own) : module.subject(props);
        }
      : module.subject;
  return { title, description, schema, Component, subject, category, previewProps, attachments, sentBy: access.sentBy, bearerLinks };
}
