/**
 * Rich text a marketer writes in the campaign editor (bold, italic, links, lists), as HTML
 * that is safe to put in an email. The editor's output is never trusted: whatever reaches a
 * template's schema — from the editor, an API call or a hand-written row — is cleaned here
 * by sanitize-html (a maintained allow-list sanitiser, the same in Node and Deno) down to a
 * few tags, http(s)/mailto links and no attributes of its own; then each tag gets the inline
 * style email clients need (most drop <style> blocks), so the result reads like the rest of
 * the email.
 */
// @ts-types="@types/sanitize-html"
import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';

const INK = '#1F2937';
const STYLES: Record<string, string> = {
  p: `color:${INK};font-size:16px;line-height:26px;margin:0 0 16px`,
  ul: `color:${INK};font-size:16px;line-height:26px;margin:0 0 16px;padding-left:24px`,
  ol: `color:${INK};font-size:16px;line-height:26px;margin:0 0 16px;padding-left:24px`,
  li: 'margin:0 0 4px',
  h2: 'color:#111827;font-size:18px;line-height:26px;font-weight:700;margin:24px 0 8px',
  h3: 'color:#111827;font-size:16px;line-height:24px;font-weight:700;margin:16px 0 8px',
  blockquote: `color:${INK};border-left:4px solid #D1D5DB;margin:0 0 16px;padding:0 0 0 12px`,
  a: 'color:#0F5F59;text-decoration:underline',
};

/** Pass one: what a marketer may write. Anything else is removed, its text kept. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'ul', 'ol', 'li', 'h2', 'h3', 'blockquote'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Script and style bodies are dropped with their tags, not left behind as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object'],
  disallowedTagsMode: 'discard',
};

/** Pass two, over clean HTML only: the inline styles (so no style can come from the input). */
const STYLED: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED.allowedTags,
  allowedAttributes: { '*': ['style'], a: ['href', 'style'] },
  allowedSchemes: ALLOWED.allowedSchemes,
  allowProtocolRelative: false,
  parseStyleAttributes: false,
  transformTags: Object.fromEntries(
    Object.entries(STYLES).map(([tag, style]) => [tag, (tagName: string, attribs: sanitizeHtml.Attributes) => ({ tagName, attribs: { ...attribs, style } })]),
  ),
};

/** Clean, email-ready HTML from whatever `html` holds. */
export function sanitizeRichText(html: string): string {
  return sanitizeHtml(sanitizeHtml(html, ALLOWED), STYLED).trim();
}

/** The visible text of rich text (for "is it empty?" and length limits). */
export const richTextPlain = (html: string) => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/&nbsp;/g, ' ').trim();

/**
 * A rich-text prop: at most `max` characters of text (and a generous cap on the markup),
 * cleaned when parsed, so a template can only ever receive sanitised HTML.
 */
export const richText = (max: number) =>
  z
    .string()
    .max(max * 8, `Keep this under ${max} characters.`)
    .transform(sanitizeRichText)
    .refine((html) => richTextPlain(html).length > 0, { error: 'Write something here.' })
    .refine((html) => richTextPlain(html).length <= max, { error: `Keep this under ${max} characters.` })
    .meta({ editor: 'richText' });

/** Renders cleaned rich text. The prop has passed `richText()`, so this HTML is sanitised. */
export function RichText({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the schema (sanitizeRichText)
  return <div dangerouslySetInnerHTML={{ __html: sanitizeRichText(html) }} />;
}
