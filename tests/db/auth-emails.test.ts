/**
 * Staff invitations and password resets are emailed (staff-invitation, password-reset)
 * through the one send module as system work. The link reaches the recipient (here: the
 * sealed local mailbox), never the outbox staff read nor the production log; an admin is
 * handed a reset link only for a member who belongs to their organisation alone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inviteStaff } from '../../lib/auth/invitations';
import { passwordResetLinkFor } from '../../lib/auth/team';
import { ownerDb } from '../../lib/db/owner';
import type { FunctionsHost } from '../../scripts/functions-host';
import { functionsHost, jwtSecret, until } from './jobs-support';
import { linkInMailbox } from '../support/mailbox';
import { CONTOSO, orgId, type Staff, staff } from './support';

let host: FunctionsHost | undefined;
let admin: Staff;

const emailTo = (address: string, keyPrefix: string) =>
  until(`the ${keyPrefix} email to ${address}`, () =>
    ownerDb()
      .selectFrom('email_messages as m')
      .innerJoin('email_outbox as o', 'o.message_id', 'm.id')
      .select(['m.template', 'm.status', 'm.idempotency_key', 'm.created_by', 'o.text'])
      .where('m.recipient_email', '=', address)
      .where('m.idempotency_key', 'like', `${keyPrefix}:%`)
      .executeTakeFirst(),
  );

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
  // `npm test` runs a functions host for the whole suite; run alone, this file starts one.
  if (!process.env.SUPABASE_URL || !process.env.SUPABASE_JWT_SECRET) {
    host = await functionsHost();
    process.env.SUPABASE_URL = host.url;
    process.env.SUPABASE_JWT_SECRET = jwtSecret;
  }
}, 120_000);

afterAll(async () => {
  await host?.stop();
});

it('emails a staff invitation: the invitee gets the link, the outbox keeps it withheld', async () => {
  const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
  const { url } = await inviteStaff(admin, { email, role: 'sales' });
  const invitation = await ownerDb().selectFrom('invitations').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const message = await emailTo(email, 'staff-invitation');
  expect(message).toMatchObject({ template: 'staff-invitation', status: 'sent', idempotency_key: `staff-invitation:${invitation.id}`, created_by: null });
  expect(message.text).not.toContain(url);
  expect(message.text).toContain('Hi there');
  expect(await linkInMailbox(email, 'staff-invitation', /http\S+\/invite\/\S+/)).toBe(url);
});

it('emails a password reset to the member alone: the outbox staff read never holds the link', async () => {
  const member = await ownerDb().selectFrom('memberships').select(['id', 'email']).where('email', '=', 'sales2@northwind.example').executeTakeFirstOrThrow();
  const url = await passwordResetLinkFor(admin, member.id);
  const message = await emailTo(member.email, 'password-reset');
  expect(message).toMatchObject({ template: 'password-reset', status: 'sent' });
  expect(message.text).not.toContain(url);
  expect(await linkInMailbox(member.email, 'password-reset', /http\S+reset-password\S+/)).toBe(url);
});

it('never hands an admin a reset link for someone who also belongs to another organisation', async () => {
  const member = await ownerDb().selectFrom('memberships').select(['id', 'user_id', 'email']).where('email', '=', 'viewer@northwind.example').executeTakeFirstOrThrow();
  await ownerDb()
    .insertInto('memberships')
    .values({ org_id: await orgId(CONTOSO), user_id: member.user_id, role: 'viewer', display_name: 'Shared Viewer', email: member.email })
    .execute();
  try {
    await expect(passwordResetLinkFor(admin, member.id)).rejects.toMatchObject({ kind: 'forbidden', message: expect.stringContaining('also belongs to another organisation') });
  } finally {
    await ownerDb().deleteFrom('memberships').where('user_id', '=', member.user_id).where('org_id', '=', await orgId(CONTOSO)).execute();
  }
});

it('writes links that act for their recipient to the log in development only', async () => {
  const logged: string[] = [];
  const original = console.info;
  console.info = (...args: unknown[]) => void logged.push(args.join(' '));
  try {
    const { url } = await inviteStaff(admin, { email: `quiet-${randomUUID().slice(0, 8)}@example.com`, role: 'viewer' });
    const member = await ownerDb().selectFrom('memberships').select('id').where('email', '=', 'sales1@northwind.example').executeTakeFirstOrThrow();
    const reset = await passwordResetLinkFor(admin, member.id);
    expect(process.env.NODE_ENV).not.toBe('development');
    expect(logged.filter((line) => line.includes(url) || line.includes(reset))).toEqual([]);
  } finally {
    console.info = original;
  }
});
