/**
 * Personalisation tokens in a marketing email's subject line and preheader, written the way
 * marketers know them from other tools: `{{first_name|there}}` is the recipient's first name,
 * or "there" when we have none. The list below is the only place tokens are defined: the
 * schema refuses any other name (a typo such as `{{firstname}}` is a field error, never sent
 * as text), the editor lists them, and the renderer resolves them per recipient.
 *
 * Tokens resolve from the props every template already receives (recipient and brand), so a
 * campaign's shared render (_shared/email/merge.ts) still personalises by substitution.
 *
 * Shared by Node and Deno: no imports with side effects, explicit extensions.
 */

type TokenSource = { recipient: { firstName: string; nameless?: boolean }; brand: { orgName: string } };

export const personalTokens = {
  first_name: {
    label: 'First name',
    // A person without a first name is greeted as "there" by the sender (lib/jobs/greeting.ts),
    // which marks them nameless so a token's own fallback can take over.
    value: (source: TokenSource) => (source.recipient.nameless ? undefined : source.recipient.firstName),
    example: '{{first_name|there}}',
  },
  org_name: { label: 'Your organisation’s name', value: (source: TokenSource) => source.brand.orgName, example: '{{org_name}}' },
} as const;
export type PersonalToken = keyof typeof personalTokens;
export const personalTokenNames = Object.keys(personalTokens) as PersonalToken[];

/** What an empty token without a fallback becomes: the same word the greeting uses. */
const DEFAULT_FALLBACK = 'there';

// {{ name }} or {{ name | fallback }}; the fallback may not contain braces. No two parts of
// the pattern can match the same characters (spaces are trimmed afterwards), so it runs in
// linear time whatever the input — a run of spaces after `{{` cannot make it backtrack.
const TOKEN = /\{\{([^{}|]*)(?:\|([^{}]*))?\}\}/g;

/** Every problem with the tokens in `text`, as sentences for a field error; empty when fine. */
export function tokenIssues(text: string): string[] {
  const issues: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const name = (match[1] ?? '').trim();
    if (!Object.hasOwn(personalTokens, name)) {
      issues.push(`“${match[0]}” is not a personalisation token: use ${personalTokenNames.map((t) => `{{${t}}}`).join(' or ')}.`);
    }
  }
  // Braces left over once every well-formed token is taken out: an unclosed or nested token.
  if (/\{\{|\}\}/.test(text.replace(TOKEN, ''))) issues.push('A token is not closed: write it as {{first_name|there}}.');
  return issues;
}

/** `text` with every token replaced by its value for this recipient (or its fallback). */
export function resolveTokens(text: string, source: TokenSource): string {
  return text.replace(TOKEN, (whole, rawName: string, rawFallback: string | undefined) => {
    const name = rawName.trim();
    if (!Object.hasOwn(personalTokens, name)) return whole;
    const value = personalTokens[name as PersonalToken].value(source)?.trim();
    return value || rawFallback?.trim() || DEFAULT_FALLBACK;
  });
}

/** Does `text` hold anything that looks like a token? (Content fields may not: only subject and preheader are personalised.) */
export const hasTokenSyntax = (text: string) => /\{\{|\}\}/.test(text);
