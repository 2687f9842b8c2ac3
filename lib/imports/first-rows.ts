/**
 * The first row of each key of an import's file (its email, external id, booking…), for
 * folding the later rows with the same key into it — a million keys in about 40 MB of typed
 * arrays outside V8's heap, where a Map of the key strings held ~120 MB inside it (and V8
 * grew its heap to twice that before collecting). A key is known by its MD5: 128 bits, so two
 * different keys of one file sharing a digest is far less likely than a disk error, and a
 * file's keys never need to be kept.
 */
import { hash } from 'node:crypto';

const EMPTY = -1;

export class FirstRowIndex {
  private capacity = 1 << 16;
  /** Four 32-bit words of each slot's digest. */
  private digests = new Uint32Array(this.capacity * 4);
  private rows = new Int32Array(this.capacity).fill(EMPTY);
  size = 0;

  /** The first row added with `key`, if any; else adds `row` as its first and returns undefined. */
  firstOrAdd(key: string, row: number): number | undefined {
    const d = digestOf(key);
    const slot = this.find(d);
    const found = this.rows[slot] as number;
    if (found !== EMPTY) return found;
    this.put(slot, d, row);
    this.size += 1;
    if (this.size * 2 > this.capacity) this.grow();
    return undefined;
  }

  /** The first row added with `key`, if any. */
  get(key: string): number | undefined {
    const found = this.rows[this.find(digestOf(key))] as number;
    return found === EMPTY ? undefined : found;
  }

  /** The slot of digest `d`, or the empty slot where it would go (open addressing, linear probing). */
  private find(d: Uint32Array): number {
    const mask = this.capacity - 1;
    for (let slot = (d[0] as number) & mask; ; slot = (slot + 1) & mask) {
      if (this.rows[slot] === EMPTY) return slot;
      const at = slot * 4;
      if (this.digests[at] === d[0] && this.digests[at + 1] === d[1] && this.digests[at + 2] === d[2] && this.digests[at + 3] === d[3]) return slot;
    }
  }

  private put(slot: number, d: Uint32Array, row: number): void {
    this.digests.set(d, slot * 4);
    this.rows[slot] = row;
  }

  private grow(): void {
    const { digests, rows } = this;
    this.capacity *= 2;
    this.digests = new Uint32Array(this.capacity * 4);
    this.rows = new Int32Array(this.capacity).fill(EMPTY);
    for (let slot = 0; slot < rows.length; slot++) {
      const row = rows[slot] as number;
      if (row === EMPTY) continue;
      const d = digests.subarray(slot * 4, slot * 4 + 4);
      this.put(this.find(d), d, row);
    }
  }
}

/** Reused for every key (the index copies what it keeps), so a lookup allocates only the hash's bytes. */
const scratch = new Uint32Array(4);
function digestOf(key: string): Uint32Array {
  const bytes = hash('md5', key, 'buffer');
  for (let i = 0; i < 4; i++) scratch[i] = bytes.readUInt32LE(i * 4);
  return scratch;
}
