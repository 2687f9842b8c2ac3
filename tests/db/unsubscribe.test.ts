/**
 * One-click unsubscribe (RFC 8058) and the preferences page's button, through the real route
 * handler: no session, no cookies, the signed token is the only credential.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '../../app/api/unsubscribe/[token]/route';
import { asService, ownerDb } from '../../lib/db/session';
import { unsubscribeTarget } from '../../lib/email/unsubscribe';
import { signUnsubscribeToken } from '../../supabase/functions/_shared/unsubscribe-token.ts';
import { NORTHWIND, orgId } from './support';

process.env.EMAIL_LINK_SECRET ??= randomBytes(32).toString('base64url');
const secret = () => process.env.EMAIL_LINK_SECRET as string;
let northwind: string;

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
});

/** A marketing message as send-email records it, to a contact who consented, and its token. */
async function marketingMessage(): Promise<{ token: string; messageId: string; contactId: string; email: string }> {
  const email = `subscriber-${randomUUID().slice(0, 8)}@example.com`;
  const contact = await ownerDb().insertInto('contacts').values({ org_id: northwind, first_name: 'Lena', last_name: 'Berg', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await ownerDb()
    .insertInto('consent_events')
    .values({ org_id: northwind, contact_id: contact.id, purpose: 'marketing_email', granted: true, source: 'web_form', occurred_at: new Date(Date.now() - 60_000) })
    .execute();
  const message = await ownerDb()
    .insertInto('email_messages')
    .values({ org_id: northwind, template: 'welcome', category: 'marketing', recipient_email: email, contact_id: contact.id, idempotency_key: `unsub-${randomUUID()}`, status: 'sent' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token: await signUnsubscribeToken(message.id, secret()), messageId: message.id, contactId: contact.id, email };
}

const oneClick = (token: string, form = 'List-Unsubscribe=One-Click') =>
  POST(
    new Request(`http://localhost/api/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mailbox-Provider/1.0', 'X-Forwarded-For': '203.0.113.7, 10.0.0.1' },
      body: form,
    }),
    { params: Promise.resolve({ token }) },
  );

async function ledger(contactId: string) {
  return ownerDb().selectFrom('consent_events').select(['granted', 'source', 'proof']).where('contact_id', '=', contactId).orderBy('occurred_at').execute();
}

async function suppressionsOf(email: string) {
  return asService('test: read suppressions', async (tx) => {
    const { rows } = await sql<{ reason: string; scope: string; source_message_id: string }>`
      select reason, scope, source_message_id from public.suppressions
       where org_id = ${northwind} and email_hash = private.email_hash(${northwind}, ${email})`.execute(tx);
    return rows;
  });
}

describe('one-click unsubscribe', () => {
  it('withdraws consent and suppresses marketing at once, without a session, and only once', async () => {
    const { token, messageId, contactId, email } = await marketingMessage();
    expect(await unsubscribeTarget(token)).toMatchObject({ orgName: 'Northwind Training', maskedEmail: 'su•••@example.com', receivesMarketing: true });

    const response = await oneClick(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await oneClick(token)).toHaveProperty('status', 200);

    const events = await ledger(contactId);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      granted: false,
      source: 'unsubscribe_link',
      proof: { message_id: messageId, method: 'one_click', ip: '203.0.113.7', user_agent: 'Mailbox-Provider/1.0' },
    });
    expect(await suppressionsOf(email)).toEqual([{ reason: 'unsubscribed', scope: 'marketing', source_message_id: messageId }]);
    expect(await unsubscribeTarget(token)).toMatchObject({ receivesMarketing: false });
  });

  it('sends the preferences page’s button back to the page', async () => {
    const { token, contactId } = await marketingMessage();
    const response = await oneClick(token, 'from=preferences-page');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/unsubscribe/${token}?done=1`);
    expect((await ledger(contactId)).at(-1)).toMatchObject({ granted: false, proof: { method: 'preferences_page' } });
  });

  it('refuses a forged token and changes nothing', async () => {
    const { token, contactId, email } = await marketingMessage();
    const forged = `${token.slice(0, -2)}AA`;
    expect((await oneClick(forged)).status).toBe(404);
    expect(await unsubscribeTarget(forged)).toBeNull();
    expect(await ledger(contactId)).toHaveLength(1);
    expect(await suppressionsOf(email)).toEqual([]);
  });

  it('never unsubscribes on GET (link scanners follow links): it shows the page', async () => {
    const { token, contactId } = await marketingMessage();
    const response = await GET(new Request(`http://localhost/api/unsubscribe/${token}`), { params: Promise.resolve({ token }) });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/unsubscribe/${token}`);
    expect(await ledger(contactId)).toHaveLength(1);
  });
});
