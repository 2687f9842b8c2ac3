/**
 * Custom properties: admins define them (settings), every service that writes a record's
 * `custom` values checks them here with the zod schema built from the definitions, and lists
 * filter by them. The database checks the same rules on every write (validated_custom).
 */
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/session';
import type { PropertyObject } from '../db/types';
import {
  customValuesSchema,
  type PropertyDefinition,
  type PropertyOption,
  propertyCreateSchema,
  propertyObjects,
  propertyUpdateSchema,
} from './custom-properties.schema';
import { forbidden, notFound, parseInput, validationError } from './errors';
import { type CrmSession, inUserTransaction } from './session';

/** The definitions of one kind of record (or all), as the user may read them: live first, in order. */
export async function definitionsIn(tx: Tx, orgId: string, object?: PropertyObject): Promise<PropertyDefinition[]> {
  let query = tx.selectFrom('property_definitions').selectAll().where('org_id', '=', orgId);
  if (object) query = query.where('object', '=', object);
  const rows = await query.orderBy('object').orderBy(sql`archived_at is not null`).orderBy('position').orderBy('label').execute();
  return rows.map((r) => ({
    id: r.id,
    object: r.object,
    key: r.key,
    label: r.label,
    type: r.type,
    required: r.required,
    is_unique: r.is_unique,
    help_text: r.help_text,
    options: r.options as PropertyOption[],
    currency: r.currency,
    position: r.position,
    archived: r.archived_at !== null,
  }));
}

export async function listPropertyDefinitions(session: CrmSession, object?: unknown): Promise<PropertyDefinition[]> {
  const which = object === undefined ? undefined : parseInput(z.enum(propertyObjects), object);
  return inUserTransaction(session, (tx) => definitionsIn(tx, session.orgId, which));
}

const requireAdmin = (session: CrmSession & { role?: string }) => {
  // RLS refuses anyone else too; saying so first gives a clear message and writes nothing.
  if (session.role !== undefined && session.role !== 'admin') throw forbidden('Only admins define custom properties.');
};

export async function createPropertyDefinition(session: CrmSession & { role?: string }, input: unknown): Promise<{ id: string; key: string }> {
  requireAdmin(session);
  const values = parseInput(propertyCreateSchema, input);
  return inUserTransaction(session, async (tx) => {
    const taken = await tx.selectFrom('property_definitions').select('id').where('org_id', '=', session.orgId).where('object', '=', values.object).where('key', '=', values.key).executeTakeFirst();
    if (taken) throw validationError('A property with this key already exists.', { key: ['A property with this key already exists: choose another key.'] });
    const last = await tx.selectFrom('property_definitions').select(sql<number>`coalesce(max(position), -1)`.as('p')).where('org_id', '=', session.orgId).where('object', '=', values.object).executeTakeFirstOrThrow();
    return tx
      .insertInto('property_definitions')
      .values({ ...values, options: JSON.stringify(values.options), org_id: session.orgId, position: Number(last.p) + 1 })
      .returning(['id', 'key'])
      .executeTakeFirstOrThrow();
  });
}

/** Renames, re-options, reorders, marks required/unique, archives or restores a property. */
export async function updatePropertyDefinition(session: CrmSession & { role?: string }, input: unknown): Promise<void> {
  requireAdmin(session);
  const { id, archived, options, move, ...rest } = parseInput(propertyUpdateSchema, input);
  await inUserTransaction(session, async (tx) => {
    if (move) await moveDefinition(tx, session.orgId, id, move);
    const changes: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (options !== undefined) changes.options = JSON.stringify(options);
    if (archived !== undefined) changes.archived_at = archived ? sql`coalesce(archived_at, now())` : null;
    if (!Object.keys(changes).length) return;
    const row = await tx.updateTable('property_definitions').set(changes).where('id', '=', id).where('org_id', '=', session.orgId).returning('id').executeTakeFirst();
    if (!row) throw notFound('Property');
  });
}

/** Swaps a property with its neighbour among the live properties of its object (numbering them 0…n on the way). */
async function moveDefinition(tx: Tx, orgId: string, id: string, direction: 'up' | 'down') {
  const target = await tx.selectFrom('property_definitions').select('object').where('id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
  if (!target) throw notFound('Property');
  const order = (await definitionsIn(tx, orgId, target.object)).filter((d) => !d.archived).map((d) => d.id);
  const from = order.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.length) return;
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  for (const [position, definitionId] of order.entries()) await tx.updateTable('property_definitions').set({ position }).where('id', '=', definitionId).execute();
}

/** Team members a "user" property may name (active or not: a value may name someone who left). */
async function memberIds(tx: Tx, orgId: string, definitions: PropertyDefinition[]): Promise<string[] | null> {
  if (!definitions.some((d) => d.type === 'user' && !d.archived)) return null;
  const rows = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).execute();
  return rows.map((r) => r.user_id);
}

/** The custom values of a record being created, checked against its definitions (required ones included). */
export async function customValuesForCreate(tx: Tx, orgId: string, object: PropertyObject, raw: unknown): Promise<string> {
  const definitions = await definitionsIn(tx, orgId, object);
  const schema = z.object({ custom: customValuesSchema(definitions, 'create', await memberIds(tx, orgId, definitions)) });
  const { custom } = parseInput(schema, { custom: raw ?? {} });
  return JSON.stringify(Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null)));
}

/**
 * An edit of some custom values (the keys sent; '' or null removes one), as the SQL that
 * applies it to the stored object — the other keys stay as they are.
 */
export async function customValuesPatch(tx: Tx, orgId: string, object: PropertyObject, raw: unknown): Promise<RawBuilder<unknown>> {
  const definitions = await definitionsIn(tx, orgId, object);
  const schema = z.object({ custom: customValuesSchema(definitions, 'patch', await memberIds(tx, orgId, definitions)) });
  const { custom } = parseInput(schema, { custom: raw ?? {} });
  const set = Object.fromEntries(Object.entries(custom).filter(([, v]) => v !== null));
  const removed = Object.keys(custom).filter((key) => custom[key] === null);
  return sql`(custom || ${JSON.stringify(set)}::jsonb) - ${removed}::text[]`;
}

export type CustomFilterPlan = { wanted: Record<string, unknown>; present: string[]; absent: string[] };

/** What the filters ask of the stored values: a containment pattern, and keys that must (not) be set. */
export function planCustomFilters(definitions: PropertyDefinition[], filters: Record<string, string>): CustomFilterPlan {
  const plan: CustomFilterPlan = { wanted: {}, present: [], absent: [] };
  for (const [key, value] of Object.entries(filters)) {
    const def = definitions.find((d) => d.key === key);
    if (!def) throw validationError('This list is filtered by a property that does not exist.', { [`cp_${key}`]: ['Unknown property.'] });
    if (value === '__set') plan.present.push(key);
    else if (value === '__unset') plan.absent.push(key);
    else if (def.type === 'multi_select') plan.wanted[key] = [value];
    else if (def.type === 'boolean') plan.wanted[key] = value === 'true';
    else if (def.type === 'number' || def.type === 'currency') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw validationError(`${def.label}: filter by a number.`, { [`cp_${key}`]: ['Enter a number.'] });
      plan.wanted[key] = n;
    } else plan.wanted[key] = value;
  }
  return plan;
}
