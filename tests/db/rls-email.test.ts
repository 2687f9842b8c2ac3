/**
 * Row-level security of the email tables, in the shape of rls-matrix.test.ts: every role ×
 * table × select/insert/update/delete against rows of the acting rep's contact ("mine"), an
 * unassigned contact, a colleague's contact ("others"), organisation-wide rows, and rows of
 * another organisation ("foreign"). Everything not listed must be refused. All writes are
 * rolled back.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tx } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { asAnonRolledBack, asUserRolledBack, CONTOSO, isRlsDenial, NORTHWIND, orgId, type Staff, staff } from './support';

const roles = ['admin', 'manager', 'sales', 'marketing', 'compliance', 'viewer'] as const;
type Role = (typeof roles)[number];
type Op = 'select' | 'insert' | 'update' | 'delete';
type Cell = Partial<Record<Role, string>>; // role → space-separated variants allowed
type Spec = { variants: string[]; select: Cell; insert: Cell; update: Cell; delete: Cell };

const only = (allowed: string, ...who: Role[]): Cell => Object.fromEntries(who.map((r) => [r, allowed]));
const PEOPLE = 'mine unassigned others org';

const matrix: Record<string, Spec> = {
  // Whoever sees the person sees their mail; reps see mail of their own and unassigned
  // contacts, not a colleague's nor mail to no CRM person ("org": a password reset).
  email_messages: {
    variants: ['mine', 'unassigned', 'others', 'org', 'foreign'],
    select: { ...only(PEOPLE, 'admin', 'manager', 'marketing', 'compliance', 'viewer'), sales: 'mine unassigned' },
    insert: {},
    update: {},
    delete: {},
  },
  // Evidence: read by compliance and admins; staff entries (source staff) by marketing too.
  // "web_form" is a new row claiming a web form as its source: system work only.
  consent_events: {
    variants: ['org', 'web_form', 'foreign'],
    select: only('org web_form', 'admin', 'compliance'),
    insert: only('org', 'admin', 'marketing', 'compliance'),
    update: {},
    delete: {},
  },
  // Manual entries are added and lifted by compliance and admins; an unsubscribe is not.
  suppressions: {
    variants: ['manual', 'unsubscribed', 'foreign'],
    select: only('manual unsubscribed', 'admin', 'compliance'),
    insert: only('manual', 'admin', 'compliance'),
    update: {},
    delete: only('manual', 'admin', 'compliance'),
  },
  // The Dev inbox: admins; compliance too, since a subject export includes it. Not marketing:
  // security mail passes through it (with its links withheld).
  email_outbox: { variants: ['org', 'foreign'], select: only('org', 'admin', 'compliance'), insert: {}, update: {}, delete: {} },
  email_events: {
    variants: ['org', 'foreign'],
    select: only('org', 'admin', 'manager', 'marketing', 'compliance'),
    insert: {},
    update: {},
    delete: {},
  },
};

let actors: Record<Role, Staff>;
/** variant → contact id (mine, unassigned, others, foreign) */
const contacts: Record<string, string> = {};
/** table → variant → id of an existing row */
const rows: Record<string, Record<string, string>> = {};
/** table → variant → values of a new row */
const newRows: Record<string, Record<string, () => Record<string, unknown>>> = {};

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await ownerDb()
    .insertInto(table as 'email_events')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const hash = () => randomBytes(32).toString('hex');

beforeAll(async () => {
  actors = {
    admin: await staff('admin@northwind.example'),
    manager: await staff('manager@northwind.example'),
    sales: await staff('sales1@northwind.example'),
    marketing: await staff('marketing@northwind.example'),
    compliance: await staff('compliance@northwind.example'),
    viewer: await staff('viewer@northwind.example'),
  };
  const sales2 = await staff('sales2@northwind.example');
  const northwind = await orgId(NORTHWIND);
  const contoso = await orgId(CONTOSO);
  const orgOf = (variant: string) => (variant === 'foreign' ? contoso : northwind);

  const owners: Record<string, string | null> = { mine: actors.sales.userId, unassigned: null, others: sales2.userId, foreign: null };
  for (const [variant, owner] of Object.entries(owners)) {
    contacts[variant] = await insert('contacts', {
      org_id: orgOf(variant), last_name: 'Mailbox', email: `rls-${randomUUID().slice(0, 8)}@example.com`, owner_id: owner, created_at: new Date(),
    });
  }

  const message = (variant: string) => ({
    org_id: orgOf(variant),
    template: variant === 'org' ? 'password-reset' : 'welcome',
    category: variant === 'org' ? 'transactional' : 'marketing',
    recipient_email: 'rls@example.com',
    contact_id: variant === 'org' ? null : contacts[variant],
    idempotency_key: `rls-${randomUUID()}`,
  });
  rows.email_messages = {};
  for (const variant of matrix.email_messages?.variants ?? []) rows.email_messages[variant] = await insert('email_messages', message(variant));
  newRows.email_messages = { org: () => message('mine'), foreign: () => message('foreign') };

  const consent = (variant: string) => ({
    org_id: orgOf(variant),
    contact_id: contacts[variant === 'foreign' ? 'foreign' : 'unassigned'],
    purpose: 'marketing_email',
    granted: true,
    source: variant === 'web_form' ? 'web_form' : 'staff',
    proof: { text: 'Send me course news', method: 'phone call' },
  });
  rows.consent_events = {};
  for (const variant of ['org', 'web_form', 'foreign']) rows.consent_events[variant] = await insert('consent_events', consent(variant));
  newRows.consent_events = { org: () => consent('org'), web_form: () => consent('web_form'), foreign: () => consent('foreign') };

  const suppression = (variant: string) => ({
    org_id: orgOf(variant),
    email_hash: hash(),
    reason: variant === 'unsubscribed' ? 'unsubscribed' : 'manual',
    scope: 'marketing',
  });
  rows.suppressions = {};
  for (const variant of ['manual', 'unsubscribed', 'foreign']) rows.suppressions[variant] = await insert('suppressions', suppression(variant));
  newRows.suppressions = Object.fromEntries(['manual', 'unsubscribed', 'foreign'].map((v) => [v, () => suppression(v)]));

  const messageOf = (variant: string) => rows.email_messages?.[variant === 'foreign' ? 'foreign' : 'org'] as string;
  const outbox = (variant: string, messageId = messageOf(variant)) => ({
    org_id: orgOf(variant), message_id: messageId, from_address: '"Northwind" <mail@example.com>', to_address: 'rls@example.com',
    subject: 'Reset your password', html: '<p>Reset</p>', text: 'Reset',
  });
  rows.email_outbox = { org: await insert('email_outbox', outbox('org')), foreign: await insert('email_outbox', outbox('foreign')) };
  // A new outbox row needs a message without one.
  newRows.email_outbox = { org: () => outbox('org', rows.email_messages?.mine), foreign: () => outbox('foreign', rows.email_messages?.foreign) };

  const event = (variant: string) => ({
    org_id: orgOf(variant), provider_event_id: `evt-${randomUUID()}`, type: 'email.delivered', message_id: messageOf(variant),
    payload: { type: 'email.delivered' }, occurred_at: new Date(),
  });
  rows.email_events = { org: await insert('email_events', event('org')), foreign: await insert('email_events', event('foreign')) };
  newRows.email_events = { org: () => event('org'), foreign: () => event('foreign') };
}, 60_000);

/** What the op does to one row; true when the database let it happen. */
async function attempt(tx: Tx, table: string, op: Op, id: string | undefined, values?: Record<string, unknown>): Promise<boolean> {
  const t = table as 'email_events';
  try {
    if (op === 'select') return (await tx.selectFrom(t).select('id').where('id', '=', id as string).execute()).length === 1;
    if (op === 'insert') {
      await tx.insertInto(t).values(values as never).execute();
      return true;
    }
    if (op === 'update') {
      const changed = await tx.updateTable(t).set({ org_id: sql.ref('org_id') } as never).where('id', '=', id as string).returning('id').execute();
      return changed.length === 1;
    }
    return (await tx.deleteFrom(t).where('id', '=', id as string).returning('id').execute()).length === 1;
  } catch (error) {
    if (isRlsDenial(error)) return false;
    throw error;
  }
}

describe.each(Object.entries(matrix))('RLS on %s', (table, spec) => {
  describe.each(roles)('as %s', (role) => {
    it.each(['select', 'insert', 'update', 'delete'] as Op[])('%s is allowed exactly where the policy says', async (op) => {
      const allowed = new Set((spec[op][role] ?? '').split(' ').filter(Boolean));
      const outcome: Record<string, boolean> = {};
      const expected: Record<string, boolean> = {};
      for (const variant of spec.variants) {
        const values = op === 'insert' ? newRows[table]?.[variant]?.() : undefined;
        if (op === 'insert' && !values) continue;
        outcome[variant] = await asUserRolledBack(actors[role], (tx) => attempt(tx, table, op, rows[table]?.[variant], values));
        expected[variant] = allowed.has(variant);
      }
      expect(outcome).toEqual(expected);
    });
  });
});

describe('anon (no signed-in user)', () => {
  it.each(Object.keys(matrix))('reads nothing and writes nothing in %s', async (table) => {
    for (const variant of matrix[table]?.variants ?? []) {
      const id = rows[table]?.[variant];
      for (const op of ['select', 'update', 'delete'] as Op[]) expect(await asAnonRolledBack((tx) => attempt(tx, table, op, id))).toBe(false);
      const values = newRows[table]?.[variant]?.();
      if (values) expect(await asAnonRolledBack((tx) => attempt(tx, table, 'insert', undefined, values))).toBe(false);
    }
  });
});

describe('consent ledger', () => {
  it('records a staff entry in the name of the signed-in user, whatever recorded_by says', async () => {
    const { marketing, admin } = actors;
    const recordedBy = await asUserRolledBack(marketing, async (tx) => {
      await tx
        .insertInto('consent_events')
        .values({ org_id: marketing.orgId, contact_id: contacts.unassigned, purpose: 'training_updates', granted: true, source: 'staff', recorded_by: admin.userId })
        .execute();
      // Marketing may not read the ledger: look as service_role, inside the same (rolled back) transaction.
      await sql`set local role service_role`.execute(tx);
      const row = await sql<{ recorded_by: string }>`select recorded_by from public.consent_events
        where purpose = 'training_updates' and contact_id = ${contacts.unassigned}`.execute(tx);
      return row.rows[0]?.recorded_by;
    });
    expect(recordedBy).toBe(marketing.userId);
  });
});
