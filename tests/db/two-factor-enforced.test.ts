/**
 * Two-factor sign-in enforced by Postgres (migration 20261209000800): once an organisation
 * requires a second factor, its admins and compliance officers who have none hold no role there
 * — as a direct client with their claims they read nothing and change nothing — while the other
 * roles work on, and each still sees their own membership and its organisation (how the app
 * knows to send them to set one up). Once they have a second factor, everything is theirs again.
 * The roles are lib/auth/two-factor.ts TWO_FACTOR_ROLES: the database must agree with them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberRoles } from '../../lib/auth/roles';
import { createUserWithPassword } from '../../lib/auth/staff';
import { TWO_FACTOR_ROLES } from '../../lib/auth/two-factor';
import { ownerDb } from '../../lib/db/owner';
import type { MemberRole } from '../../lib/db/types';
import { adminOfOwnOrganisation, asUserRolledBack, type Staff } from './support';

let admin: Staff;
const members = {} as Record<MemberRole, Staff>;

/** What the member can reach in their organisation, asked as they are. */
const reach = (who: Staff) =>
  asUserRolledBack(who, async (tx) => {
    const roles = (await sql<{ roles: Record<string, string> }>`select private.my_roles() as roles`.execute(tx)).rows[0]?.roles ?? {};
    const contacts = await tx.selectFrom('contacts').select('id').where('org_id', '=', who.orgId).execute();
    const team = await tx.selectFrom('memberships').select('user_id').where('org_id', '=', who.orgId).execute();
    const org = await tx.selectFrom('organizations').select(['name', 'require_two_factor']).where('id', '=', who.orgId).executeTakeFirst();
    const edited = await tx.updateTable('contacts').set({ job_title: 'Changed' }).where('org_id', '=', who.orgId).executeTakeFirst();
    return { role: roles[who.orgId] ?? null, contacts: contacts.length, team: team.length, org, edited: Number(edited.numUpdatedRows) };
  });

const setTwoFactor = (who: Staff, enabled: boolean) => ownerDb().updateTable('identity.user' as never).set({ twoFactorEnabled: enabled } as never).where('id' as never, '=', who.userId as never).execute();

beforeAll(async () => {
  admin = await adminOfOwnOrganisation('Second factor required');
  members.admin = admin;
  for (const role of memberRoles.filter((r) => r !== 'admin')) {
    const email = `${role}.${randomUUID().slice(0, 8)}@second-factor.example`;
    const userId = await createUserWithPassword({ email, name: `A ${role}`, password: 'second-factor-test-password' });
    await ownerDb().insertInto('memberships').values({ org_id: admin.orgId, user_id: userId, role, display_name: `A ${role}`, email }).execute();
    members[role] = { userId, email, orgId: admin.orgId };
  }
  await ownerDb().insertInto('contacts').values({ org_id: admin.orgId, first_name: 'Only', last_name: 'Contact', email: `only.${randomUUID().slice(0, 8)}@example.com`, owner_id: members.sales.userId }).execute();
  await ownerDb().updateTable('organizations').set({ require_two_factor: true }).where('id', '=', admin.orgId).execute();
}, 60_000);

describe('an organisation that requires a second factor', () => {
  it.each(memberRoles)('a %s without one holds a role there only if the app does not ask them for one', async (role) => {
    const owes = TWO_FACTOR_ROLES.includes(role);
    const seen = await reach(members[role]);
    if (owes) {
      // Nothing of the organisation, nothing changed; their own membership and the organisation's name and rule only.
      expect(seen).toEqual({ role: null, contacts: 0, team: 1, org: { name: expect.any(String), require_two_factor: true }, edited: 0 });
    } else {
      expect(seen.role).toBe(role);
      expect(seen.contacts).toBe(1);
      expect(seen.team).toBe(memberRoles.length);
    }
  });

  it('does not let an admin without one lift the requirement', async () => {
    const lifted = await asUserRolledBack(admin, (tx) => tx.updateTable('organizations').set({ require_two_factor: false }).where('id', '=', admin.orgId).executeTakeFirst());
    expect(Number(lifted.numUpdatedRows)).toBe(0);
  });

  it('gives an admin and a compliance officer everything back once they have one', async () => {
    for (const role of TWO_FACTOR_ROLES) {
      await setTwoFactor(members[role], true);
      try {
        const seen = await reach(members[role]);
        expect(seen).toMatchObject({ role, contacts: 1, team: memberRoles.length });
      } finally {
        await setTwoFactor(members[role], false);
      }
    }
  });

  it('asks nothing of anyone where it is not required', async () => {
    await ownerDb().updateTable('organizations').set({ require_two_factor: false }).where('id', '=', admin.orgId).execute();
    try {
      for (const role of memberRoles) expect((await reach(members[role])).role).toBe(role);
    } finally {
      await ownerDb().updateTable('organizations').set({ require_two_factor: true }).where('id', '=', admin.orgId).execute();
    }
  });
});
