/**
 * The props a marketer gives a campaign or a sequence step: everything a template needs
 * except what send-email fills in per message (brand, recipient, unsubscribe links). They are
 * checked against the template's own schema when saved, so a campaign that cannot render is
 * refused at the form instead of failing at send time.
 */
import { z } from 'zod';
import { type EmailTemplateName, emailTemplateNames, emailTemplates } from '../../supabase/functions/_shared/emails/index.ts';
import { previewBrand } from '../../supabase/functions/_shared/emails/components/preview.ts';
import type { FieldErrors } from '../crm/errors';

const FILLED_IN = ['brand', 'recipient', 'unsubscribeUrl', 'preferencesUrl'] as const;

export const marketingTemplateNames = emailTemplateNames.filter((name) => emailTemplates[name].category === 'marketing');

export const templateNameSchema = z.string().refine((name): name is EmailTemplateName => (emailTemplateNames as string[]).includes(name), {
  error: 'Choose a template from the list.',
});
export const marketingTemplateSchema = z.string().refine((name) => (marketingTemplateNames as string[]).includes(name), {
  error: 'Choose a marketing template: campaigns and sequences go only to people who agreed to marketing email.',
});

/** A template's preview props without the filled-in parts: the starting point of the props editor. */
export function editableProps(name: EmailTemplateName): Record<string, unknown> {
  const props = structuredClone(emailTemplates[name].previewProps) as Record<string, unknown>;
  for (const key of FILLED_IN) delete props[key];
  return props;
}

/** The template's own issues with `props`, keyed `props.<path>`; empty when they fit. */
export function templatePropsIssues(name: EmailTemplateName, props: Record<string, unknown>): FieldErrors {
  const complete = {
    ...props,
    brand: previewBrand,
    recipient: { firstName: 'Alex', email: 'alex@example.com' },
    ...(emailTemplates[name].category === 'marketing'
      ? { unsubscribeUrl: 'https://example.com/unsubscribe', preferencesUrl: 'https://example.com/preferences' }
      : {}),
  };
  const parsed = emailTemplates[name].schema.safeParse(complete);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = ['props', ...issue.path.map(String)].join('.');
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

/** Props as typed into the editor (JSON text) → an object, or a field error. */
export const propsJsonSchema = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'Props must be a JSON object, like {"programmeUrl": "https://…"}.' });
  return z.NEVER;
});

/** Marketing templates with the props each starts with, as JSON text for the editor. */
export const templateChoices = () => marketingTemplateNames.map((name) => ({ name, defaultProps: JSON.stringify(editableProps(name), null, 2) }));
