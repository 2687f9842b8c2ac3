/**
 * Renders every registered template with its preview props and prints them as JSON.
 * The unit tests run it under Deno to prove the edge function can render what Node renders:
 *
 *   node_modules/.bin/deno run --allow-read --allow-env --allow-net \
 *     --config supabase/functions/deno.json emails/render-previews.ts
 *
 * Portable on purpose: no Deno or Node APIs, only console output.
 */
import { renderEmail } from '../email/render.ts';
import { emailTemplateNames, emailTemplates } from './index.ts';

const rendered: Record<string, unknown> = {};
for (const name of emailTemplateNames) {
  rendered[name] = await renderEmail(name, emailTemplates[name].previewProps as never);
}
console.log(JSON.stringify(rendered));
