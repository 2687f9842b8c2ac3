import { describe, expect, it } from 'vitest';
import { FirstRowIndex } from '../../lib/imports/first-rows';

describe('the first row of each key of an import file', () => {
  it('keeps the first row of a key, answers it for every later one, and tells close keys apart', () => {
    const index = new FirstRowIndex();
    expect(index.firstOrAdd('ada@example.com', 1)).toBeUndefined();
    expect(index.firstOrAdd('ada@example.co', 2)).toBeUndefined();
    expect(index.firstOrAdd('ada@example.com', 7)).toBe(1);
    expect(index.firstOrAdd('ada@example.com', 9)).toBe(1);
    expect(index.get('ada@example.co')).toBe(2);
    expect(index.get('grace@example.com')).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('holds 300,000 keys across its growth, each with its own first row', () => {
    const index = new FirstRowIndex();
    const n = 300_000;
    for (let row = 1; row <= n; row++) expect(index.firstOrAdd(`person.${row}@example.com`, row)).toBeUndefined();
    expect(index.size).toBe(n);
    for (let row = 1; row <= n; row += 997) expect(index.get(`person.${row}@example.com`)).toBe(row);
    // Every key again, later in the file: each folds into its own first row.
    let wrong = 0;
    for (let row = 1; row <= n; row++) if (index.firstOrAdd(`person.${row}@example.com`, n + row) !== row) wrong += 1;
    expect(wrong).toBe(0);
    expect(index.size).toBe(n);
  });
});
