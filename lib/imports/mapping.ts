/**
 * Which column of a file goes to which field: suggested from the headers (a mapping saved for
 * the same headers first, then each field's known headers), edited in the mapping step, and
 * remembered for the next file with the same headers. Client-safe (no zod, no database).
 */
import { type ImportField, knownSkipped, normaliseHeader } from './fields';

/** Column index (as text) → field key. */
export type Mapping = Record<string, string>;

/** The same headers, in any order and spelling of case and spaces, give the same signature. */
export function headerSignature(headers: readonly string[]): string {
  return [...new Set(headers.map(normaliseHeader).filter(Boolean))].sort().join('|');
}

/**
 * A mapping for these headers: the saved one (by header) where it still names a field, else
 * each field's first recognised header. No field is filled from two columns.
 */
export function suggestMapping(headers: readonly string[], fields: readonly ImportField[], saved: Record<string, string> | null = null): Mapping {
  const known = new Set(fields.map((f) => f.key));
  const used = new Set<string>();
  const mapping: Mapping = {};
  if (saved) {
    headers.forEach((header, index) => {
      const key = saved[normaliseHeader(header)];
      if (key && known.has(key) && !used.has(key)) {
        mapping[String(index)] = key;
        used.add(key);
      }
    });
    if (Object.keys(mapping).length > 0) return mapping;
  }
  const byAlias = new Map<string, string>();
  for (const field of fields) for (const alias of field.aliases) if (!byAlias.has(alias)) byAlias.set(alias, field.key);
  headers.forEach((header, index) => {
    const normal = normaliseHeader(header);
    if (knownSkipped[normal]) return;
    const key = byAlias.get(normal);
    if (key && !used.has(key)) {
      mapping[String(index)] = key;
      used.add(key);
    }
  });
  return mapping;
}

/** A mapping as it is saved: by normalised header, so a file with the columns reordered reuses it. */
export function mappingByHeader(headers: readonly string[], mapping: Mapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [index, key] of Object.entries(mapping)) {
    const header = headers[Number(index)];
    if (header !== undefined) out[normaliseHeader(header)] = key;
  }
  return out;
}
