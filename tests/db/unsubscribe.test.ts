/**
 * One-click unsubscribe (RFC 8058) and the preferences page's button, through the real route
 * handler: no session, no cookies, the signed token is the only credential.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '../../app/api/unsubscribe/[token]/route';
import { asService } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
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
async function marketingMessage(alsoConsentedTo: ('training_updates' | 'partner_offers')[] = []): Promise<{ token: string; messageId: string; contactId: string; email: string }> {
  const email = `subscriber-${randomUUID().slice(0, 8)}@example.com`;
  const contact = await ownerDb().insertInto('contacts').values({ org_id: northwind, first_name: 'Lena', last_name: 'Berg', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await ownerDb()
    .insertInto('consent_events')
    .values(
      (['marketing_email', ...alsoConsentedTo] as const).map((purpose) => ({ org_id: northwind, contact_id: contact.id, purpose, granted: true, source: 'web_form', occurred_at: new Date(Date.now() - 60_000) })),
    )
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
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mailbox-Provider/1.0', 'X-Forwarded-For': '203.0.113.7' }, // as the web server sets it: the resolved client alone
      body: form,
    }),
    { params: Promise.resolve({ token }) },
  );

async function ledger(contactId: string) {
  return ownerDb().selectFrom('consent_events').select(['purpose', 'granted', 'source', 'proof']).where('contact_id', '=', contactId).orderBy('occurred_at').orderBy('purpose').execute();
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
    expect(response.headers.get('location')).toBe(`/unsubscribe/${token}?done=all`);
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

describe('the preferences page', () => {
  const choose = (token: string, purpose: string) => oneClick(token, `from=preferences-page&purpose=${purpose}`);
  const states = async (token: string) => Object.fromEntries((await unsubscribeTarget(token))?.purposes.map((p) => [p.purpose, p.granted]) ?? []);

  it('shows each purpose as the person last answered it', async () => {
    const { token } = await marketingMessage(['partner_offers']);
    expect(await states(token)).toEqual({ marketing_email: true, training_updates: false, partner_offers: true });
  });

  it('withdraws one purpose and keeps the others, with no suppression', async () => {
    const { token, contactId, email } = await marketingMessage(['partner_offers', 'training_updates']);
    const response = await choose(token, 'partner_offers');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/unsubscribe/${token}?done=partner_offers`);
    expect(await states(token)).toEqual({ marketing_email: true, training_updates: true, partner_offers: false });
    expect((await ledger(contactId)).filter((e) => !e.granted)).toEqual([
      { purpose: 'partner_offers', granted: false, source: 'unsubscribe_link', proof: expect.objectContaining({ method: 'preferences_page' }) },
    ]);
    expect(await suppressionsOf(email)).toEqual([]);
    expect(await unsubscribeTarget(token)).toMatchObject({ receivesMarketing: true });
  });

  it('unsubscribing from everything withdraws every purpose still granted, once', async () => {
    const { token, contactId } = await marketingMessage(['training_updates']);
    await oneClick(token, 'from=preferences-page');
    await oneClick(token);
    const withdrawals = (await ledger(contactId)).filter((e) => !e.granted).map((e) => e.purpose);
    expect(withdrawals.sort()).toEqual(['marketing_email', 'training_updates']);
    expect(await states(token)).toEqual({ marketing_email: false, training_updates: false, partner_offers: false });
  });

  it('refuses a purpose it does not know and changes nothing', async () => {
    const { token, contactId, email } = await marketingMessage();
    const response = await choose(token, 'everything_else');
    expect(response.headers.get('location')).toBe(`/unsubscribe/${token}?error=purpose`);
    expect(await ledger(contactId)).toHaveLength(1);
    expect(await suppressionsOf(email)).toEqual([]);
  });
});
