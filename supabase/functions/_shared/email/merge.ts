/**
 * Rendering one email for many people. A campaign's content is the same for every recipient
 * except four personal values — first name, address and the two unsubscribe links — so the
 * template is rendered once with placeholders there, and each person's values are put in:
 * HTML-escaped exactly as React escapes text in the HTML part, as they are in the subject and
 * attachments, as html-to-text shows them in the text part. React-rendering a template takes
 * milliseconds; a substitution takes microseconds, which is what lets a campaign go out at
 * thousands of messages per second.
 *
 * Each shared render is proven on its first person: if substituting their values does not
 * give exactly what rendering for them directly gives (a template that upper-cases the name,
 * measures it, or prints it somewhere unescaped), every message of that content is rendered
 * directly instead. Correct first, fast when the template allows it.
 *
 * Shared by Node and Deno like render.ts: explicit extensions, no runtime APIs.
 */
import { type EmailTemplateName, type RenderedEmail, renderEmail } from './render.ts';

type Props = Record<string, unknown>;
type Personal = { firstName?: string; email?: string; unsubscribeUrl?: string; preferencesUrl?: string };

// Valid for every schema that checks these fields (a name, an email, an http(s) URL), and
// strings no real content contains.
const PLACEHOLDER = {
  firstName: 'Qxmergefirstnamexq',
  email: 'qxmerge.address.xq@merge.invalid',
  unsubscribeUrl: 'https://merge.invalid/qxmerge-unsubscribe-xq',
  preferencesUrl: 'https://merge.invalid/qxmerge-preferences-xq',
} as const;
type Field = keyof typeof PLACEHOLDER;
const FIELDS = Object.keys(PLACEHOLDER) as Field[];

/** React's escapeTextForBrowser, so substituted HTML is byte-identical to a direct render. */
const HTML_ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' };
const escapeHtml = (value: string) => value.replace(/["&'<>]/g, (c) => HTML_ESCAPES[c] as string);

function personalOf(props: Props): Personal {
  const recipient = (props.recipient ?? {}) as { firstName?: unknown; email?: unknown };
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    firstName: str(recipient.firstName),
    email: str(recipient.email),
    unsubscribeUrl: str(props.unsubscribeUrl),
    preferencesUrl: str(props.preferencesUrl),
  };
}

/** The props with every personal value present replaced by its placeholder. */
function withPlaceholders(props: Props, personal: Personal): Props {
  const recipient = { ...((props.recipient ?? {}) as Props) };
  if (personal.firstName !== undefined) recipient.firstName = PLACEHOLDER.firstName;
  if (personal.email !== undefined) recipient.email = PLACEHOLDER.email;
  return {
    ...props,
    recipient,
    ...(personal.unsubscribeUrl !== undefined ? { unsubscribeUrl: PLACEHOLDER.unsubscribeUrl } : {}),
    ...(personal.preferencesUrl !== undefined ? { preferencesUrl: PLACEHOLDER.preferencesUrl } : {}),
  };
}

function substitute(text: string, personal: Personal, encode: (value: string) => string, upperToo: boolean): string {
  let out = text;
  for (const field of FIELDS) {
    const value = personal[field];
    if (value === undefined) continue;
    out = out.replaceAll(PLACEHOLDER[field], encode(value));
    // html-to-text upper-cases headings in the text part.
    if (upperToo) out = out.replaceAll(PLACEHOLDER[field].toUpperCase(), encode(value).toUpperCase());
  }
  return out;
}

function personalise(shared: RenderedEmail, personal: Personal): RenderedEmail {
  const raw = (value: string) => value;
  return {
    ...shared,
    subject: substitute(shared.subject, personal, raw, false),
    html: substitute(shared.html, personal, escapeHtml, false),
    // Inline text collapses runs of whitespace, as html-to-text does.
    text: substitute(shared.text, personal, (value) => value.replace(/\s+/g, ' '), true),
    attachments: shared.attachments.map((a) => ({ ...a, content: substitute(a.content, personal, raw, false) })),
  };
}

const same = (a: RenderedEmail, b: RenderedEmail) =>
  a.subject === b.subject && a.html === b.html && a.text === b.text && JSON.stringify(a.attachments) === JSON.stringify(b.attachments);

export type MergeStats = { renders: number; substituted: number };

/**
 * Renders `name` for each of `propsList` (complete, validated props, one per message) and
 * returns the results in the same order. Throws what renderEmail throws for invalid props.
 */
export async function renderForEach(name: EmailTemplateName, propsList: Props[], stats?: MergeStats): Promise<RenderedEmail[]> {
  const groups = new Map<string, { shared: Props; members: number[] }>();
  const personals = propsList.map(personalOf);
  propsList.forEach((props, index) => {
    const shared = withPlaceholders(props, personals[index] as Personal);
    const key = JSON.stringify(shared);
    const group = groups.get(key);
    if (group) group.members.push(index);
    else groups.set(key, { shared, members: [index] });
  });

  const results: RenderedEmail[] = new Array(propsList.length);
  const direct = async (index: number) => {
    results[index] = await renderEmail(name, propsList[index] as never);
    if (stats) stats.renders++;
  };
  for (const { shared, members } of groups.values()) {
    const [first, ...rest] = members as [number, ...number[]];
    await direct(first);
    if (rest.length === 0) continue;
    const template = await renderEmail(name, shared as never).catch(() => null);
    if (stats) stats.renders++;
    if (!template || !same(personalise(template, personals[first] as Personal), results[first] as RenderedEmail)) {
      for (const index of rest) await direct(index);
      continue;
    }
    for (const index of rest) {
      results[index] = personalise(template, personals[index] as Personal);
      if (stats) stats.substituted++;
    }
  }
  return results;
}
