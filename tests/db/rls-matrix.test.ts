/**
 * The row-level security matrix: every role × every table × select/insert/update/delete,
 * against rows the acting user owns, rows nobody owns, rows another rep owns, and rows of
 * another organisation. Each cell says which of those the role may touch; everything not
 * listed must be refused. All writes are rolled back.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../lib/db/session';
import { buildWorld, membershipId, type Role, roles, type Variant, type World } from './rls-fixtures';
import { asAnonRolledBack, asUserRolledBack, isRlsDenial } from './support';

type Op = 'select' | 'insert' | 'update' | 'delete';
type Cell = Partial<Record<Role, string>>; // role → space-separated allowed variants
type Spec = { variants: Variant[]; select: Cell; insert: Cell; update: Cell; delete: Cell };

const ALL_OWNED = 'mine unassigned others';
const everyone = (allowed: string): Cell => Object.fromEntries(roles.map((r) => [r, allowed]));
const only = (allowed: string, ...who: Role[]): Cell => Object.fromEntries(who.map((r) => [r, allowed]));
const owned: Variant[] = ['mine', 'unassigned', 'others', 'foreign'];
const training: Variant[] = ['mine', 'others', 'foreign'];
const orgWide: Variant[] = ['org', 'foreign'];

// Sales reps work their own and unassigned records; managers and admins everything.
const salesWorked = (readers: Role[]): Spec => ({
  variants: owned,
  select: { ...only(ALL_OWNED, 'admin', 'manager', ...readers), sales: 'mine unassigned' },
  insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine unassigned' },
  update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine unassigned' },
  delete: only(ALL_OWNED, 'admin', 'manager'),
});

const configuration: Spec = {
  variants: orgWide,
  select: everyone('org'),
  insert: only('org', 'admin', 'manager'),
  update: only('org', 'admin', 'manager'),
  delete: only('org', 'admin', 'manager'),
};

const trainingRecord: Spec = {
  variants: training,
  select: everyone('mine others'),
  insert: { ...only('mine others', 'admin', 'manager'), sales: 'mine' },
  update: { ...only('mine others', 'admin', 'manager'), sales: 'mine' },
  delete: only('mine others', 'admin', 'manager'),
};

const matrix: Record<string, Spec> = {
  leads: salesWorked(['marketing', 'compliance', 'viewer']),
  contacts: salesWorked(['marketing', 'compliance', 'viewer']),
  opportunities: salesWorked(['compliance', 'viewer']),
  accounts: {
    variants: owned,
    select: everyone(ALL_OWNED),
    insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    delete: only(ALL_OWNED, 'admin', 'manager'),
  },
  activities: {
    variants: owned,
    // A rep sees activities they own and those on records they can see (the unassigned contact).
    select: { ...only(ALL_OWNED, 'admin', 'manager', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    update: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
    delete: { ...only(ALL_OWNED, 'admin', 'manager'), sales: 'mine' },
  },
  pipelines: configuration,
  pipeline_stages: configuration,
  courses: configuration,
  course_sessions: configuration,
  tags: { ...configuration, insert: only('org', 'admin', 'manager', 'sales', 'marketing') },
  // A tagging follows the tagged record: seen, added and removed by those who see the record.
  taggings: {
    variants: ['mine', 'others', 'opportunity', 'foreign'],
    select: { ...only('mine others opportunity', 'admin', 'manager', 'compliance', 'viewer'), sales: 'mine opportunity', marketing: 'mine others' },
    insert: { ...only('mine others opportunity', 'admin', 'manager'), sales: 'mine opportunity', marketing: 'mine others' },
    update: only('mine others opportunity', 'admin', 'manager'),
    delete: { ...only('mine others opportunity', 'admin', 'manager'), sales: 'mine opportunity', marketing: 'mine others' },
  },
  enrollments: trainingRecord,
  exam_results: trainingRecord,
  certifications: trainingRecord,
  invitations: {
    variants: orgWide,
    select: only('org', 'admin'),
    insert: only('org', 'admin'),
    update: only('org', 'admin'),
    delete: only('org', 'admin'),
  },
  organizations: {
    variants: orgWide,
    select: everyone('org'),
    insert: {}, // organisations are created by the system only
    update: only('org', 'admin'),
    delete: {},
  },
  memberships: {
    // "org": another member's row; "self": the acting user's own row.
    variants: ['org', 'self', 'foreign'],
    select: everyone('org self'),
    insert: {}, // membership comes only from accepting an invitation (service work)
    update: only('org', 'admin'), // nobody edits their own membership: no self-promotion
    delete: only('org', 'admin'),
  },
};

let world: World;
beforeAll(async () => {
  world = await buildWorld();
  world.rows.memberships = {
    org: await membershipId(world.sales2.userId, world.northwind),
    foreign: await membershipId(world.contosoAdmin.userId, world.contoso),
  };
}, 60_000);

function rowId(table: string, variant: Variant): string | undefined {
  if (table === 'memberships' && variant === 'self') return undefined; // resolved per actor below
  return world.rows[table]?.[variant];
}

/** What the op does to one row; true when the database let it happen. */
async function attempt(tx: Tx, table: string, op: Op, id: string | undefined, values?: Record<string, unknown>): Promise<boolean> {
  const t = table as 'leads';
  try {
    if (op === 'select') {
      const found = await tx.selectFrom(t).select('id').where('id', '=', id as string).execute();
      return found.length === 1;
    }
    if (op === 'insert') {
      await tx.insertInto(t).values(values as never).execute();
      return true;
    }
    if (op === 'update') {
      // A no-op assignment still needs the UPDATE policy on the old and the new row.
      const column = table === 'organizations' ? 'name' : 'org_id';
      const changed = await tx.updateTable(t).set({ [column]: sql.ref(column) } as never).where('id', '=', id as string).returning('id').execute();
      return changed.length === 1;
    }
    const deleted = await tx.deleteFrom(t).where('id', '=', id as string).returning('id').execute();
    return deleted.length === 1;
  } catch (error) {
    if (isRlsDenial(error)) return false;
    throw error;
  }
}

describe.each(Object.entries(matrix))('RLS on %s', (table, spec) => {
  describe.each(roles)('as %s', (role) => {
    it.each(['select', 'insert', 'update', 'delete'] as Op[])('%s is allowed exactly where the policy says', async (op) => {
      const actor = world.actors[role];
      const allowed = new Set((spec[op][role] ?? '').split(' ').filter(Boolean));
      const outcome: Record<string, boolean> = {};
      const expected: Record<string, boolean> = {};
      for (const variant of spec.variants) {
        if (op === 'insert' && variant === 'self') continue;
        let id = rowId(table, variant);
        if (table === 'memberships' && variant === 'self') id = await membershipId(actor.userId, world.northwind);
        const make = world.newRow[table]?.[variant];
        const values = op === 'insert' ? make?.() : undefined;
        if (op === 'insert' && !values) continue;
        outcome[variant] = await asUserRolledBack(actor, (tx) => attempt(tx, table, op, id, values));
        expected[variant] = allowed.has(variant);
      }
      expect(outcome).toEqual(expected);
    });
  });
});

describe('anon (no signed-in user)', () => {
  it.each(Object.keys(matrix))('reads nothing and writes nothing in %s', async (table) => {
    const spec = matrix[table] as Spec;
    for (const variant of spec.variants.filter((v) => v !== 'self')) {
      const id = world.rows[table]?.[variant];
      expect(await asAnonRolledBack((tx) => attempt(tx, table, 'select', id))).toBe(false);
      expect(await asAnonRolledBack((tx) => attempt(tx, table, 'update', id))).toBe(false);
      expect(await asAnonRolledBack((tx) => attempt(tx, table, 'delete', id))).toBe(false);
      const values = world.newRow[table]?.[variant]?.();
      if (values) expect(await asAnonRolledBack((tx) => attempt(tx, table, 'insert', undefined, values))).toBe(false);
    }
  });
});
