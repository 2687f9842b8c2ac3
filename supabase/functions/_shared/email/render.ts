/**
 * Renders a registered email: validated props → subject, HTML, plain text, attachments.
 *
 * Shared by Node (jobs, server actions) and Deno (the send-email edge function), so it uses
 * explicit file extensions, bare package specifiers resolved by supabase/functions/deno.json,
 * and no Node built-ins.
 */
import { render } from '@react-email/components';
import { createElement } from 'react';
import type { z } from 'zod';
import { plainTextOptions } from '../emails/components/plain-text.ts';
import { type EmailTemplateName, emailTemplates } from '../emails/index.ts';
import type { EmailAttachment, EmailCategory, EmailTemplate } from '../emails/types.ts';

export type { EmailTemplateName };
export type EmailProps<N extends EmailTemplateName> = z.input<(typeof emailTemplates)[N]['schema']>;

export type RenderedEmail = {
  subject: string;
  html: string;
  text: string;
  category: EmailCategory;
  attachments: EmailAttachment[];
};

/**
 * The payload can never render: a job should fail without retrying. `issues` are zod's, with
 * paths into the props, for the job log and the dead-letter queue.
 */
export class InvalidEmailProps extends Error {
  override readonly name = 'InvalidEmailProps';
  readonly retryable = false;
  readonly template: string;
  readonly issues: z.core.$ZodIssue[];

  constructor(template: string, issues: z.core.$ZodIssue[]) {
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    super(`Invalid props for email "${template}": ${summary}`);
    this.template = template;
    this.issues = issues;
  }
}

/** Also permanent: a payload naming a template that does not exist (or no longer exists). */
export class UnknownEmailTemplate extends Error {
  override readonly name = 'UnknownEmailTemplate';
  readonly retryable = false;
  readonly template: string;

  constructor(template: string) {
    super(`No email template is registered as "${template}".`);
    this.template = template;
  }
}

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  // Own keys only: a payload naming "toString" must not reach Object.prototype.
  return Object.hasOwn(emailTemplates, name);
}

export async function renderEmail<N extends EmailTemplateName>(name: N, props: EmailProps<N>): Promise<RenderedEmail> {
  if (!isEmailTemplateName(name)) throw new UnknownEmailTemplate(String(name));
  // The registry's entries differ in props type; past validation they are all the same shape.
  const template = emailTemplates[name] as unknown as EmailTemplate<z.ZodType<Record<string, unknown>>>;
  const parsed = template.schema.safeParse(props);
  if (!parsed.success) throw new InvalidEmailProps(name, parsed.error.issues);

  const element = createElement(template.Component, parsed.data);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions: plainTextOptions })]);
  return {
    subject: template.subject(parsed.data),
    html,
    text,
    category: template.category,
    attachments: template.attachments?.(parsed.data) ?? [],
  };
}
