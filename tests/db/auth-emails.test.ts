/**
 * Staff invitations and password resets are emailed (staff-invitation, password-reset)
 * through the one send module as system work, while the link is still handed back to the
 * admin who asked — so the flow works with email down, and the email arrives when it is up.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inviteStaff } from '../../lib/auth/invitations';
import { passwordResetLinkFor } from '../../lib/auth/team';
import { ownerDb } from '../../lib/db/owner';
import type { FunctionsHost } from '../../scripts/functions-host';
import { functionsHost, jwtSecret, until } from './jobs-support';
import { type Staff, staff } from './support';

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

it('emails a staff invitation with the link the admin is shown', async () => {
  const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
  const { url } = await inviteStaff(admin, { email, role: 'sales' });
  const invitation = await ownerDb().selectFrom('invitations').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const message = await emailTo(email, 'staff-invitation');
  expect(message).toMatchObject({ template: 'staff-invitation', status: 'sent', idempotency_key: `staff-invitation:${invitation.id}`, created_by: null });
  expect(message.text).toContain(url);
  expect(message.text).toContain('Hi there');
});

it('emails a password reset with the link the admin is shown', async () => {
  const member = await ownerDb().selectFrom('memberships').select(['id', 'email']).where('email', '=', 'sales2@northwind.example').executeTakeFirstOrThrow();
  const url = await passwordResetLinkFor(admin, member.id);
  const message = await emailTo(member.email, 'password-reset');
  expect(message).toMatchObject({ template: 'password-reset', status: 'sent' });
  expect(message.text).toContain(url);
});
