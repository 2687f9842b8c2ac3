/**
 * The row-level security matrix runner. A matrix says, per table, per role and per command,
 * which variants of row the role may touch ("mine unassigned others", "org", …); everything
 * not listed must be refused. The runner tries every cell as that role under its claims — as
 * the app does, through the authenticator connection — and as anon, in transactions that are
 * always rolled back. Specs live in rls-specs.ts; each matrix test file builds its rows.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../lib/db/session';
import { type Role, roles, type Spec } from './rls-specs';
import { asAnonRolledBack, asUserRolledBack, isRlsDenial, type Staff } from './support';

export type Op = 'select' | 'insert' | 'update' | 'delete';
const ops: Op[] = ['select', 'insert', 'update', 'delete'];

/** A row id, or — for rows that are the actor's own (their membership, their saved view) — one per role. */
export type RowId = string | Partial<Record<Role, string>>;

export type Fixtures = {
  actors: Record<Role, Staff>;
  /** table → variant → existing row */
  rows: Record<string, Record<string, RowId | undefined>>;
  /** table → variant → values of a new row (for the acting role) */
  newRows: Record<string, Record<string, ((role: Role, actor: Staff) => Record<string, unknown>) | undefined>>;
};

const idFor = (row: RowId | undefined, role: Role) => (typeof row === 'object' ? row[role] : row);

/** What the op does to one row; true when the database let it happen. */
export async function attempt(tx: Tx, table: string, op: Op, id: string | undefined, values?: Record<string, unknown>): Promise<boolean> {
  const t = table as 'leads';
  try {
    if (op === 'select') return (await tx.selectFrom(t).select('id').where('id', '=', id as string).execute()).length === 1;
    if (op === 'insert') {
      await tx.insertInto(t).values(values as never).execute();
      return true;
    }
    if (op === 'update') {
      // A no-op assignment still needs the UPDATE policy on the old and the new row.
      // (A person may change only read_at of a notification: the column-level grant.)
      // (An importer may change only the mapping and mode of an import: column-level grants.)
      // (Scoring rules and settings: only what their editors may change.)
      const column =
        table === 'organizations' || table === 'scoring_rules'
          ? 'name'
          : table === 'notifications'
            ? 'read_at'
            : table === 'imports' || table === 'import_mappings'
              ? 'mapping'
              : table === 'scoring_settings'
                ? 'mql_threshold'
                : 'org_id';
      const changed = await tx.updateTable(t).set({ [column]: sql.ref(column) } as never).where('id', '=', id as string).returning('id').execute();
      return changed.length === 1;
    }
    return (await tx.deleteFrom(t).where('id', '=', id as string).returning('id').execute()).length === 1;
  } catch (error) {
    if (isRlsDenial(error)) return false;
    throw error;
  }
}

/** The matrix's tests: every role × table × command, and anon on every table. */
export function describeMatrix(matrix: Record<string, Spec>, fixtures: () => Fixtures): void {
  describe.each(Object.entries(matrix))('RLS on %s', (table, spec) => {
    describe.each(roles)('as %s', (role) => {
      it.each(ops)('%s is allowed exactly where the policy says', async (op) => {
        const { actors, rows, newRows } = fixtures();
        const actor = actors[role];
        const allowed = new Set((spec[op][role] ?? '').split(' ').filter(Boolean));
        const outcome: Record<string, boolean> = {};
        const expected: Record<string, boolean> = {};
        for (const variant of spec.variants) {
          const values = op === 'insert' ? newRows[table]?.[variant]?.(role, actor) : undefined;
          if (op === 'insert' && !values) continue;
          const id = idFor(rows[table]?.[variant], role);
          outcome[variant] = await asUserRolledBack(actor, (tx) => attempt(tx, table, op, id, values));
          expected[variant] = allowed.has(variant);
        }
        expect(outcome).toEqual(expected);
      });
    });
  });

  describe('anon (no signed-in user)', () => {
    it.each(Object.keys(matrix))('reads nothing and writes nothing in %s', async (table) => {
      const { actors, rows, newRows } = fixtures();
      for (const variant of matrix[table]?.variants ?? []) {
        const id = idFor(rows[table]?.[variant], 'admin');
        for (const op of ['select', 'update', 'delete'] as Op[]) expect(await asAnonRolledBack((tx) => attempt(tx, table, op, id)), `${op} ${variant}`).toBe(false);
        const values = newRows[table]?.[variant]?.('admin', actors.admin);
        if (values) expect(await asAnonRolledBack((tx) => attempt(tx, table, 'insert', undefined, values)), `insert ${variant}`).toBe(false);
      }
    });
  });
}
