/**
 * A compiled query with its parameters written into the text, for the one statement that
 * cannot take parameters and that we need: `COPY (query) TO STDOUT` (an export's CSV comes
 * straight out of Postgres's COPY, see lib/exports/list-export.ts).
 *
 * Each `$n` becomes the parameter as a quoted literal, escaped by pg's own escapeLiteral after
 * pg's own prepareValue (dates, arrays, JSON as pg would send them). pg sends every parameter
 * as text of unknown type, and an untyped quoted literal is typed by Postgres exactly as such
 * a parameter is, so the query means the same. Placeholders are only replaced outside string
 * literals, quoted identifiers, comments and dollar-quoted bodies.
 */
import pg from 'pg';

// pg exports its own value preparation at run time; its types do not declare it.
const { prepareValue } = (pg as unknown as { utils: { prepareValue: (value: unknown) => unknown } }).utils;

// One alternation, left to right: the things a `$n` inside must not be replaced in, then a
// placeholder. '…' with '' escapes (standard_conforming_strings, kysely's only kind), "…"
// identifiers, -- and /* */ comments, $tag$…$tag$ bodies, then $n.
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$|\$(\d+)/g;

export function inlineParameters(compiled: { sql: string; parameters: readonly unknown[] }): string {
  if (/(^|[^A-Za-z0-9_])[eE]'/.test(compiled.sql)) throw new Error('inlineParameters: an E-string would be misread; write the query without one.');
  return compiled.sql.replace(TOKENS, (token, _tag: string | undefined, index: string | undefined) => {
    if (index === undefined) return token;
    const position = Number(index) - 1;
    if (position < 0 || position >= compiled.parameters.length) throw new Error(`inlineParameters: no parameter $${index}`);
    const value = prepareValue(compiled.parameters[position]);
    return value === null ? 'NULL' : pg.escapeLiteral(String(value));
  });
}
