/**
 * What every generator of one organisation shares: the owner transaction, the PRNG, the
 * scaled row counts, who owns records, and chunked inserts.
 */
import type { Insertable, Transaction } from 'kysely';
import type { Tx } from '../../lib/db/session';
import type { DB } from '../../lib/db/types';
import type { OrgProfile } from './catalog';
import type { Rng } from './random';

/** Postgres caps a statement at 65,535 parameters; 500 rows of ~20 columns stays well below. */
const CHUNK_ROWS = 500;

type TableWithId = { [K in keyof DB]: DB[K] extends { id: unknown } ? K : never }[keyof DB];

export interface Team {
  managerId: string;
  repIds: string[];
}

export class SeedContext {
  constructor(
    readonly tx: Tx,
    readonly rng: Rng,
    readonly orgId: string,
    readonly profile: OrgProfile,
    readonly scale: number,
    /** Start of today (UTC): dates are relative to it so the demo always looks current. */
    readonly now: Date,
    readonly team: Team,
    readonly log: (message: string) => void,
  ) {}

  /** A row count at this scale, never below `min` so even a tiny seed shows every kind. */
  count(base: number, min: number): number {
    return Math.max(min, Math.round(base * this.scale * this.profile.size));
  }

  /** Most records belong to a sales rep, some to the manager, ~15% to nobody (the shared pool). */
  owner(): string | null {
    const roll = this.rng.float();
    if (roll < 0.15) return null;
    if (roll < 0.3) return this.team.managerId;
    return this.rng.pick(this.team.repIds);
  }

  /** Activities need someone to act: the record's owner, else the manager. */
  actor(ownerId: string | null): string {
    return ownerId ?? this.team.managerId;
  }

  /**
   * Inserts in chunks and returns the new ids in the order of `rows` (Postgres returns the rows
   * of one multi-row VALUES in order), so callers can pair ids with their in-memory records.
   */
  async insert<T extends TableWithId>(table: T, rows: Insertable<DB[T]>[]): Promise<string[]> {
    // The table is generic here, which kysely cannot resolve column by column; callers are typed.
    const loose = this.tx as unknown as Transaction<Record<string, { id: string }>>;
    const ids: string[] = [];
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const chunk = rows.slice(start, start + CHUNK_ROWS) as unknown as { id: string }[];
      const result = await loose.insertInto(table).values(chunk).returning('id').execute();
      for (const row of result) ids.push(row.id);
    }
    return ids;
  }

  /** Inserts `rows` and gives each in-memory record (same order) its new id. */
  async insertRecords<T extends TableWithId, R extends object>(
    table: T,
    rows: Insertable<DB[T]>[],
    records: R[],
  ): Promise<(R & { id: string })[]> {
    const ids = await this.insert(table, rows);
    if (ids.length !== records.length) throw new Error(`seed: ${table} returned ${ids.length} ids for ${records.length} rows`);
    return records.map((record, index) => ({ ...record, id: ids[index] ?? '' }));
  }
}
