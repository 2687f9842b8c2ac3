/** The contract every template module fulfils, and the registry entry built from it. */
import type { ReactElement } from 'react';
import type { z } from 'zod';

/**
 * Marketing email is sent only with consent and carries a one-click unsubscribe;
 * transactional email (bookings, exams, certificates, receipts, accounts) is sent because
 * of something the person did or holds, and carries none.
 */
export type EmailCategory = 'transactional' | 'marketing';

/** Text attachment (calendar files); the send module encodes it for the transport. */
export type EmailAttachment = { filename: string; content: string; contentType: string };

export type EmailTemplate<S extends z.ZodType = z.ZodType> = {
  schema: S;
  Component: (props: z.output<S>) => ReactElement;
  subject: (props: z.output<S>) => string;
  category: EmailCategory;
  /** Realistic sample data: the preview, and the fixture every test renders. */
  previewProps: z.input<S>;
  attachments?: (props: z.output<S>) => EmailAttachment[];
};

/** What `import * as m from './welcome.tsx'` gives: the component is the default export. */
export type TemplateModule<S extends z.ZodType> = Omit<EmailTemplate<S>, 'Component'> & {
  default: EmailTemplate<S>['Component'];
};

/** Turns a template module into a registry entry; the generic checks the module's shape. */
export function fromModule<S extends z.ZodType>(module: TemplateModule<S>): EmailTemplate<S> {
  const { default: Component, schema, subject, category, previewProps, attachments } = module;
  return { schema, Component, subject, category, previewProps, attachments };
}
