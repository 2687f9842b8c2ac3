/** Mail header values built from data: portable (Deno and Node), no imports. */

/** `"Name" <address>` with the name quoted and line breaks removed, so neither commas, quotes
    nor CR/LF in an organisation's name can add recipients or headers. */
export function formatSender(displayName: string, address: string): string {
  const name = displayName.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '\\$&');
  return `"${name}" <${address}>`;
}
