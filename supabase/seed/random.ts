/**
 * Deterministic randomness and calendar helpers for the demo seed. A fixed-seed PRNG keeps the
 * generated data identical from run to run (only dates move, because they are relative to today),
 * so screenshots, demos and tests see the same names and shapes every time.
 */

export const DAY_MS = 86_400_000;

/** mulberry32: tiny, fast and good enough for picking demo data; not for anything secret. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Index into a list that must not be empty; noUncheckedIndexedAccess wants the proof. */
export function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`seed: index ${index} outside a list of ${list.length}`);
  return value;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(min = 0, max = 1): number {
    return min + this.next() * (max - min);
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return at(list, Math.floor(this.next() * list.length));
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return at(entries, entries.length - 1)[0];
  }

  /** `count` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(list: readonly T[], count: number): T[] {
    const copy = [...list];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [at(copy, j), at(copy, i)];
    }
    return copy.slice(0, n);
  }

  date(from: Date, to: Date): Date {
    return new Date(Math.round(this.float(from.getTime(), Math.max(from.getTime(), to.getTime()))));
  }

  /**
   * A creation time in the last `months` months, denser towards today: a growing company adds
   * more records each month, and the lists look alive when sorted newest first.
   */
  createdAt(now: Date, months = 24): Date {
    const span = months * 30.4 * DAY_MS;
    return this.officeHours(new Date(now.getTime() - span * this.next() ** 1.4), now);
  }

  /**
   * The same day between 08:00 and 17:55 UTC on a five-minute mark: people log calls at
   * "14:35", not at 03:12:07.481. Never later than `latest`.
   */
  officeHours(date: Date, latest: Date): Date {
    const result = new Date(date.getTime());
    result.setUTCHours(this.int(8, 17), this.int(0, 11) * 5, 0, 0);
    return result.getTime() > latest.getTime() ? addDays(result, -1) : result;
  }
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

/** SQL `date` columns take a calendar day, not an instant. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Lower-case ASCII for email local parts and domains ("Zoë O'Brien" → "zoeobrien"). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[øœ]/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '');
}
