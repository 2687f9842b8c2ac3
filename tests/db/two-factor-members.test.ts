/**
 * Who signs in with a second factor is the Team page's to show (private.two_factor_members,
 * 20261209000700): admins of the organisation see it; other roles and other organisations' admins
 * are refused; the flag itself lives in identity, which no client role reads.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoFactorMembers } from '../../lib/auth/team';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { adminOfOwnOrganisation, type Staff, staff } from './support';

let admin: Staff;
let rep: Staff;
let stranger: Staff;

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
  rep = await staff('sales1@northwind.example');
  stranger = await adminOfOwnOrganisation('Other Factor');
});

describe('two-factor members', () => {
  it('are listed for the organisation’s admins, by membership', async () => {
    const repMembership = await ownerDb().selectFrom('memberships').select('id').where('user_id', '=', rep.userId).where('org_id', '=', admin.orgId).executeTakeFirstOrThrow();
    expect((await twoFactorMembers(admin)).has(repMembership.id)).toBe(false);
    await sql`update identity."user" set "twoFactorEnabled" = true where id = ${rep.userId}`.execute(ownerDb());
    try {
      expect((await twoFactorMembers(admin)).has(repMembership.id)).toBe(true);
    } finally {
      await sql`update identity."user" set "twoFactorEnabled" = false where id = ${rep.userId}`.execute(ownerDb());
    }
  });

  it('are refused to other roles, to another organisation’s admin, and the identity table to every client', async () => {
    await expect(twoFactorMembers(rep)).rejects.toMatchObject({ kind: 'forbidden' });
    const foreign = await withUser(stranger, (tx) => sql`select * from private.two_factor_members(${admin.orgId})`.execute(tx)).catch((e: unknown) => e);
    expect((foreign as { code?: string }).code).toBe('42501');
    const direct = await withUser(admin, (tx) => sql`select "secret" from identity."twoFactor"`.execute(tx)).catch((e: unknown) => e);
    expect((direct as { code?: string }).code).toBe('42501');
  });
});
