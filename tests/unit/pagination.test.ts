import { describe, expect, it } from 'vitest';
import { CrmError } from '../../lib/crm/errors';
import { containsPattern, decodeCursor, encodeCursor, toPage } from '../../lib/crm/pagination';

describe('keyset cursors', () => {
  it('round-trip the sort value and id', () => {
    const cursor = { value: '2026-11-21T10:00:00.000Z', id: '7d3f0c1e-9a7b-4c6e-8f00-1234567890ab' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('reject tampered cursors with a validation error', () => {
    for (const bad of ['garbage', encodeCursor({ value: 1, id: 'not-a-uuid' }), Buffer.from('{"value":{}}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(CrmError);
    }
  });

  it('cut limit+1 rows into a page with a next cursor only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, n }));
    const more = toPage(rows, 2, (r) => r.n);
    expect(more.rows).toHaveLength(2);
    expect(decodeCursor(more.nextCursor as string)).toEqual({ value: 2, id: rows[1]?.id });
    expect(toPage(rows, 3, (r) => r.n).nextCursor).toBeNull();
  });
});

describe('substring search pattern', () => {
  it('takes LIKE wildcards in the search term literally', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
