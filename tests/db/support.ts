/**
 * Helpers for database tests. They run against the fresh, seeded test database that
 * `npm test` prepares (DATABASE_URL). Queries that check security always run as the
 * `authenticated` role with a user's claims (withUser), never as the table owner, which
 * bypasses RLS.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createUserWithPassword } from '../../lib/auth/staff';
import { type Actor, type Tx, withUser } from '../../lib/db/session';
import { CrmError } from '../../lib/crm/errors';
import { ownerDb } from '../../lib/db/owner';

export const NORTHWIND = 'Northwind Training';
export const CONTOSO = 'Contoso Academy';

export type Staff = Actor & { orgId: string };

export function assertTestDatabase(): void {
  const url = process.env.DATABASE_URL ?? '';
  const host = url ? new URL(url).hostname : '';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error('Database tests only run against a local test database (run them with `npm test`).');
  }
}

/** A seeded staff member by email, with the organisation of their membership. */
export async function staff(email: string): Promise<Staff> {
  assertTestDatabase();
  const row = await ownerDb()
    .selectFrom('memberships')
    .select(['user_id', 'org_id', 'email'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return { userId: row.user_id, email: row.email, orgId: row.org_id };
}

export async function orgId(name: string): Promise<string> {
  const row = await ownerDb().selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/** Runs fn as the user inside a transaction that is always rolled back. */
export async function asUserRolledBack<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await withUser(actor, async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable');
}

/** Runs fn as `anon` (no claims), always rolled back. */
export async function asAnonRolledBack<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await ownerDb()
      .transaction()
      .execute(async (tx) => {
        await sql`select set_config('role', 'anon', true)`.execute(tx);
        throw new Rollback(await fn(tx));
      });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable');
}

export const isRlsDenial = (error: unknown) => (error as { code?: string }).code === '42501';

/** What a service call came to: 'ok', or the kind of CrmError it refused with (anything else throws). */
export async function kindOf(promise: Promise<unknown>): Promise<'ok' | CrmError['kind']> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof CrmError) return error.kind;
    throw error;
  }
}

/** An admin of an organisation of their own, for work (large imports, bulk merges) that must stay out of the shared ones. */
export async function adminOfOwnOrganisation(name: string): Promise<Staff> {
  const t = randomUUID().slice(0, 8);
  const org = await ownerDb().insertInto('organizations').values({ name: `${name} ${t}` }).returning('id').executeTakeFirstOrThrow();
  const email = `admin.${t}@example.com`;
  const userId = await createUserWithPassword({ email, name: `Admin ${t}`, password: 'own-organisation-password-1234' });
  await ownerDb().insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'admin', display_name: `Admin ${t}`, email }).execute();
  return { userId, email, orgId: org.id };
}
