/**
 * Staff identity end to end below the browser: invitations, sign-in through the real
 * better-auth handler (with its rate limit), deactivation ending sessions at once, and the
 * rule that nobody changes their own role.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auth } from '../../lib/auth/auth';
import { acceptInvitation, findOpenInvitation, inviteStaff } from '../../lib/auth/invitations';
import { changeMember, createUserWithPassword } from '../../lib/auth/staff';
import type { CrmError } from '../../lib/crm/errors';
import { ownerDb } from '../../lib/db/owner';
import { DEMO_PASSWORD } from '../../supabase/seed/demo';
import { staff } from './support';

const baseUrl = process.env.BETTER_AUTH_URL ?? 'http://localhost:3100';

function signIn(email: string, password: string, ip = '203.0.113.10') {
  return auth().handler(
    new Request(`${baseUrl}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

const sessionCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

const tokenOf = (url: string) => url.split('/invite/')[1] as string;

describe('invitations', () => {
  it('lets an admin invite a member with a role, who joins once with a valid password', async () => {
    const admin = await staff('admin@northwind.example');
    const email = `new.hire.${randomUUID().slice(0, 6)}@northwind.example`;
    const { url } = await inviteStaff(admin, { email, role: 'marketing' });
    const token = tokenOf(url);
    expect((await findOpenInvitation(token))?.role).toBe('marketing');

    const tooShort = await acceptInvitation(token, { name: 'New Hire', password: 'short' }).catch((e: unknown) => e);
    expect((tooShort as CrmError).fieldErrors.password?.[0]).toMatch(/at least 12/);
    const tooLong = await acceptInvitation(token, { name: 'New Hire', password: 'x'.repeat(129) }).catch((e: unknown) => e);
    expect((tooLong as CrmError).fieldErrors.password?.[0]).toMatch(/at most 128/);

    await acceptInvitation(token, { name: 'New Hire', password: 'a long enough passphrase' });
    const membership = await ownerDb().selectFrom('memberships').select(['role', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(membership).toEqual({ role: 'marketing', display_name: 'New Hire' });
    expect(await findOpenInvitation(token)).toBeNull();
    expect((await signIn(email, 'a long enough passphrase', '203.0.113.20')).status).toBe(200);
  });

  it('refuses invitations from anyone but an admin', async () => {
    const manager = await staff('manager@northwind.example');
    const error = await inviteStaff(manager, { email: 'someone@example.com', role: 'admin' }).catch((e: unknown) => e);
    expect((error as CrmError).kind).toBe('forbidden');
  });
});

describe('sign-in', () => {
  it('signs a seeded user in and refuses a wrong password', async () => {
    expect((await signIn('sales1@northwind.example', DEMO_PASSWORD, '203.0.113.30')).status).toBe(200);
    expect((await signIn('sales1@northwind.example', 'wrong password!!', '203.0.113.30')).status).toBe(401);
  });

  it('rate-limits repeated sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    // An address of this test's own: ten failures lock the account they name for 15 minutes,
    // and a seeded person locked here would fail every later test that signs them in.
    const email = `storm.${randomUUID().slice(0, 6)}@northwind.example`;
    for (let i = 0; i < 15; i++) statuses.push((await signIn(email, 'not the password', '203.0.113.99')).status);
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
  });
});

describe('deactivation and roles', () => {
  it('ends a deactivated member’s sessions at once and refuses new ones', async () => {
    const admin = await staff('admin@northwind.example');
    const email = `leaver.${randomUUID().slice(0, 6)}@northwind.example`;
    const userId = await createUserWithPassword({ email, name: 'Leaver', password: 'correct horse battery' });
    const membership = await ownerDb()
      .insertInto('memberships')
      .values({ org_id: admin.orgId, user_id: userId, role: 'sales', display_name: 'Leaver', email })
      .returning('id')
      .executeTakeFirstOrThrow();

    const signedIn = await signIn(email, 'correct horse battery', '203.0.113.40');
    const cookie = sessionCookie(signedIn);
    expect(await auth().api.getSession({ headers: new Headers({ cookie }) })).not.toBeNull();

    expect(await changeMember(admin, { membershipId: membership.id, active: false })).toBe(true);
    expect(await auth().api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    expect((await signIn(email, 'correct horse battery', '203.0.113.41')).status).toBe(403);
  });

  it('lets nobody change their own role, admins included', async () => {
    for (const email of ['sales1@northwind.example', 'admin@northwind.example']) {
      const me = await staff(email);
      const mine = await ownerDb().selectFrom('memberships').select('id').where('user_id', '=', me.userId).where('org_id', '=', me.orgId).executeTakeFirstOrThrow();
      expect(await changeMember(me, { membershipId: mine.id, role: 'admin' })).toBe(false);
      if (email.startsWith('sales')) expect(await changeMember(me, { membershipId: mine.id, active: false })).toBe(false);
    }
    const sales = await ownerDb().selectFrom('memberships').select('role').where('email', '=', 'sales1@northwind.example').executeTakeFirstOrThrow();
    expect(sales.role).toBe('sales');
  });

  it('refuses passwords shorter than 12 characters when creating staff', async () => {
    await expect(createUserWithPassword({ email: `x${randomUUID()}@example.com`, name: 'X', password: 'elevenchars' })).rejects.toThrow(/at least 12/);
  });
});
