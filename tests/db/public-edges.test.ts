/**
 * The public edges under hostile input, below the browser: NUL bytes get a field message and
 * write nothing; certificate look-ups are limited per client; common passwords are refused;
 * sign-in locks an address after ten failures from anywhere (an admin unlocks it); and an
 * invitation tells nobody whether an address already has an account.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auth } from '../../lib/auth/auth';
import { COMMON_PASSWORD_MESSAGE } from '../../lib/auth/common-passwords';
import { acceptInvitation, acceptInvitationAsUser, inviteStaff, SIGN_IN_TO_ACCEPT } from '../../lib/auth/invitations';
import { lockedMembers, SIGN_IN_LOCKOUT, unlockMember } from '../../lib/auth/sign-in-lockout';
import { createUserWithPassword } from '../../lib/auth/staff';
import { createLeadForm, submitLeadForm } from '../../lib/compliance/lead-forms';
import { verifyCertificate } from '../../lib/crm/certificate-verification';
import type { CrmError } from '../../lib/crm/errors';
import { createLead } from '../../lib/crm/leads';
import { ownerDb } from '../../lib/db/owner';
import { staff } from './support';

const baseUrl = process.env.BETTER_AUTH_URL ?? 'http://localhost:3100';
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as CrmError);

function authRequest(path: string, body: Record<string, unknown>, ip: string) {
  return auth().handler(
    new Request(`${baseUrl}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': ip },
      body: JSON.stringify(body),
    }),
  );
}

describe('NUL bytes', () => {
  it('get a message on the field and write nothing, for staff and for public forms', async () => {
    const sales = await staff('sales1@northwind.example');
    const name = `Null${randomUUID().slice(0, 6)}`;
    const refused = await failure(createLead(sales, { last_name: `${name}\u0000Evil`, company_name: 'Fine Ltd' }));
    expect(refused).toMatchObject({ kind: 'validation', fieldErrors: { last_name: ['Remove the invisible control character (NUL) from this text.'] } });
    expect(await ownerDb().selectFrom('leads').select('id').where('last_name', 'like', `${name}%`).execute()).toEqual([]);

    const marketing = await staff('marketing@northwind.example');
    const form = await createLeadForm(marketing, { name: `NUL ${randomUUID().slice(0, 4)}`, consent_text: 'Yes, email me about courses.' });
    const email = `nul.${randomUUID().slice(0, 6)}@example.com`;
    const visitor = { first_name: 'Ada\u0000', last_name: 'Byron', email, consent: false, website: '', started_at: Date.now() - 10_000 };
    expect(await failure(submitLeadForm(form.id, visitor, { ip: '198.51.100.77', userAgent: 'x' }))).toMatchObject({ fieldErrors: { first_name: [expect.stringContaining('NUL')] } });
    expect(await ownerDb().selectFrom('leads').select('id').where('email', '=', email).execute()).toEqual([]);
  });
});

describe('certificate verification', () => {
  it('limits look-ups per client address, in Postgres, without affecting other clients', async () => {
    const client = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 4)}`;
    for (let i = 0; i < 30; i++) expect(await verifyCertificate(`NOPE-${i}-000000`, client)).toBeNull();
    expect(await failure(verifyCertificate('NOPE-31-000000', client))).toMatchObject({ kind: 'conflict', message: expect.stringContaining('Too many certificate look-ups') });
    expect(await verifyCertificate('NOPE-31-000000', `${client}-other`)).toBeNull();
  });
});

describe('passwords', () => {
  it('refuses a common password when an invitation is accepted and when a password is reset', async () => {
    const admin = await staff('admin@northwind.example');
    const { url } = await inviteStaff(admin, { email: `common.${randomUUID().slice(0, 6)}@example.com`, role: 'viewer' });
    const token = url.split('/invite/')[1] as string;
    expect(await failure(acceptInvitation(token, { name: 'Common Choice', password: 'qwerty123456' }))).toMatchObject({ fieldErrors: { password: [COMMON_PASSWORD_MESSAGE] } });
    expect(await failure(acceptInvitation(token, { name: 'Common Choice', password: 'LeaveMeAlone' }))).toMatchObject({ fieldErrors: { password: [COMMON_PASSWORD_MESSAGE] } });
    await acceptInvitation(token, { name: 'Common Choice', password: 'a sentence nobody else uses' });

    const reset = await authRequest('/reset-password', { newPassword: '1q2w3e4r5t6y', token: 'any-token-at-all' }, '198.51.100.60');
    expect(reset.status).toBe(400);
    expect(await reset.json()).toMatchObject({ code: 'COMMON_PASSWORD', message: COMMON_PASSWORD_MESSAGE });
  });
});

describe('sign-in lockout', () => {
  it('locks an address after ten wrong passwords from any number of addresses, until an admin of its organisation unlocks it', async () => {
    const admin = await staff('admin@northwind.example');
    const email = `locked.${randomUUID().slice(0, 6)}@northwind.example`;
    const password = 'the right long passphrase';
    const userId = await createUserWithPassword({ email, name: 'Locked Out', password });
    const membership = await ownerDb()
      .insertInto('memberships')
      .values({ org_id: admin.orgId, user_id: userId, role: 'sales', display_name: 'Locked Out', email })
      .returning('id')
      .executeTakeFirstOrThrow();

    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LOCKOUT.maxFailures; i++) statuses.push((await authRequest('/sign-in/email', { email, password: `wrong guess ${i}` }, `203.0.113.${i + 1}`)).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    // From the next try on, even the right password is refused, from yet another address.
    const locked = await authRequest('/sign-in/email', { email, password }, '198.51.100.200');
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringContaining('an admin of your organisation can unlock it') });
    expect((await lockedMembers(admin)).has(membership.id)).toBe(true);

    const foreignAdmin = await staff('admin@contoso.example');
    expect(await failure(unlockMember(foreignAdmin, membership.id))).toMatchObject({ kind: 'forbidden' });
    expect(await unlockMember(admin, membership.id)).toBe(true);
    expect((await authRequest('/sign-in/email', { email, password }, '198.51.100.200')).status).toBe(200);
  });

  it('locks an unknown address the same way, so a lock says nothing about whether an account exists', async () => {
    const email = `nobody.${randomUUID().slice(0, 6)}@example.com`;
    let last: Response | undefined;
    for (let i = 0; i < SIGN_IN_LOCKOUT.maxFailures + 1; i++) last = await authRequest('/sign-in/email', { email, password: `guess number ${i}` }, `203.0.113.${100 + i}`);
    expect(last?.status).toBe(429);
    expect(await last?.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});

describe('invitations', () => {
  it('say nothing about an existing account; its owner signs in and joins with one click', async () => {
    const contosoAdmin = await staff('admin@contoso.example');
    const northwindViewer = await staff('viewer@northwind.example');
    const { url } = await inviteStaff(contosoAdmin, { email: northwindViewer.email, role: 'sales' });
    const token = url.split('/invite/')[1] as string;
    const refused = await failure(acceptInvitation(token, { name: 'Anyone', password: 'some new long password' }));
    expect(refused?.message).toBe(SIGN_IN_TO_ACCEPT);
    expect(refused?.message).not.toMatch(/exists/i);

    const stranger = await staff('sales1@northwind.example');
    expect(await failure(acceptInvitationAsUser(token, { id: stranger.userId, email: stranger.email, name: 'Stranger' }))).toMatchObject({ kind: 'forbidden' });
    const joined = await acceptInvitationAsUser(token, { id: northwindViewer.userId, email: northwindViewer.email.toUpperCase(), name: 'Viewer Two Orgs' });
    expect(joined.orgId).toBe(contosoAdmin.orgId);
    const memberships = await ownerDb().selectFrom('memberships').select(['org_id', 'role']).where('user_id', '=', northwindViewer.userId).orderBy('role').execute();
    expect(memberships).toEqual(expect.arrayContaining([{ org_id: contosoAdmin.orgId, role: 'sales' }, { org_id: northwindViewer.orgId, role: 'viewer' }]));
    await ownerDb().deleteFrom('memberships').where('user_id', '=', northwindViewer.userId).where('org_id', '=', contosoAdmin.orgId).execute();
  });
});
