/** Parameters written into a query's text for COPY (lib/db/inline-sql.ts): quoted, escaped, and only where they are placeholders. */
import { describe, expect, it } from 'vitest';
import { inlineParameters } from '../../lib/db/inline-sql';

describe('inlineParameters', () => {
  it('writes each parameter as a quoted literal, escaped as pg escapes it', () => {
    const sql = inlineParameters({ sql: 'select * from t where a = $1 and b = $2 and c = $3 and d = $10', parameters: ["o'brien", 'back\\slash', null, 4, 5, 6, 7, 8, 9, 'ten'] });
    expect(sql).toBe("select * from t where a = 'o''brien' and b =  E'back\\\\slash' and c = NULL and d = 'ten'");
  });

  it('writes dates, arrays and objects as pg sends them', () => {
    expect(inlineParameters({ sql: 'select $1::uuid[], $2::jsonb, $3::timestamptz', parameters: [['a', 'b"c'], { x: "it's" }, new Date('2026-12-03T10:00:00Z')] })).toMatch(
      /^select {2}E'\{"a","b\\\\"c"\}'::uuid\[\], '\{"x":"it''s"\}'::jsonb, '2026-12-03T\d\d:00:00\.000[+-]\d\d:\d\d'::timestamptz$/,
    );
  });

  it('leaves $n alone inside strings, quoted names, comments and dollar-quoted bodies', () => {
    const sql = inlineParameters({ sql: `select '$1 costs', "col$1", $1 -- $1\n/* $1 */ , $fn$ $1 $fn$, $$ $1 $$`, parameters: ['x'] });
    expect(sql).toBe(`select '$1 costs', "col$1", 'x' -- $1\n/* $1 */ , $fn$ $1 $fn$, $$ $1 $$`);
  });

  it('refuses a placeholder without a parameter, and an E-string it could misread', () => {
    expect(() => inlineParameters({ sql: 'select $2', parameters: ['a'] })).toThrow(/no parameter \$2/);
    expect(() => inlineParameters({ sql: "select E'\\'' , $1", parameters: ['a'] })).toThrow(/E-string/);
  });
});
