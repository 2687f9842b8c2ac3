/**
 * A person renames themselves (Profile) through private.set_my_display_name: only their own
 * memberships change, only the name, and the database refuses what the form refuses.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserWithPassword } from '../../lib/auth/staff';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { asAnonRolledBack, orgId, NORTHWIND, CONTOSO, staff, type Staff } from './support';

let person: { userId: string; email: string };
let colleague: Staff;

beforeAll(async () => {
  const email = `rename-${randomUUID().slice(0, 8)}@example.com`;
  const userId = await createUserWithPassword({ email, name: 'Before Rename', password: 'a long enough passphrase' });
  for (const org of [await orgId(NORTHWIND), await orgId(CONTOSO)]) {
    await ownerDb().insertInto('memberships').values({ org_id: org, user_id: userId, role: 'sales', display_name: 'Before Rename', email }).execute();
  }
  person = { userId, email };
  colleague = await staff('sales1@northwind.example');
});

afterAll(async () => {
  await ownerDb().deleteFrom('memberships').where('user_id', '=', person.userId).execute();
});

const rename = (who: { userId: string; email: string }, name: string) =>
  withUser(who, (tx) => sql`select private.set_my_display_name(${name})`.execute(tx)).then(
    () => 'ok',
    (error: { message: string }) => error.message,
  );
const namesOf = async (userId: string) =>
  (await ownerDb().selectFrom('memberships').select(['display_name', 'role']).where('user_id', '=', userId).execute()).map((m) => `${m.display_name} (${m.role})`);

describe('renaming oneself', () => {
  it('changes the name in each of one’s organisations, and nothing else', async () => {
    const before = await namesOf(colleague.userId);
    expect(await rename(person, '\u00a0 Après Renommage\u3000')).toBe('ok');
    expect(await namesOf(person.userId)).toEqual(['Après Renommage (sales)', 'Après Renommage (sales)']);
    expect(await namesOf(colleague.userId)).toEqual(before);
  });

  it('refuses an empty name, a very long one and control characters, changing nothing', async () => {
    // Empty once every kind of space is trimmed; too long; control characters; text that hides or reorders itself.
    for (const bad of ['   ', '\u00a0\u2003\u3000', 'x'.repeat(121), 'Tab\there', 'NUL\u0001', 'Next\u0085line', 'Eve\u202elyn', 'Zero\u200bwidth', 'Iso\u2066late']) {
      expect(await rename(person, bad)).toBe('a name is 1 to 120 characters, without control characters');
    }
    expect(await namesOf(person.userId)).toEqual(['Après Renommage (sales)', 'Après Renommage (sales)']);
  });

  it('is not for anon', async () => {
    const outcome = await asAnonRolledBack((tx) => sql`select private.set_my_display_name('Anonymous')`.execute(tx)).catch((e: { code?: string }) => e.code);
    expect(outcome).toBe('42501');
  });
});
