/**
 * The Resend webhook (app/api/webhooks/resend/route.ts) through its route handler: Svix
 * signatures over the raw body (bad or stale ones are 401), one application per event id,
 * status that only moves forward, suppressions for hard bounces and complaints, and lead
 * score signals and the contact timeline for opens and clicks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Webhook } from 'svix';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/webhooks/resend/route';
import { getContact } from '../../lib/crm/contacts';
import { asService } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { NORTHWIND, orgId, type Staff, staff } from './support';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
process.env.RESEND_WEBHOOK_SECRET = secret;
let northwind: string;
let manager: Staff;
const db = () => ownerDb();

type Sent = { messageId: string; providerId: string; email: string; contactId: string; leadId: string };

/** A sent message to someone who is both a contact and a lead (score 90). */
async function sentMessage(score = 90): Promise<Sent> {
  const email = `hook-${randomUUID().slice(0, 8)}@example.com`;
  const contact = await db().insertInto('contacts').values({ org_id: northwind, first_name: 'Yara', last_name: 'Haddad', email, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const lead = await db().insertInto('leads').values({ org_id: northwind, first_name: 'Yara', last_name: 'Haddad', email, score }).returning('id').executeTakeFirstOrThrow();
  const providerId = randomUUID();
  const message = await db()
    .insertInto('email_messages')
    .values({ org_id: northwind, template: 'welcome', category: 'marketing', recipient_email: email, contact_id: contact.id, idempotency_key: `hook-${providerId}`, status: 'sent', transport: 'resend', provider_message_id: providerId, subject: 'Welcome' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { messageId: message.id, providerId, email, contactId: contact.id, leadId: lead.id };
}

function event(type: string, providerId: string, data: Record<string, unknown> = {}) {
  return { type, created_at: new Date().toISOString(), data: { email_id: providerId, to: ['someone@example.com'], subject: 'Welcome', ...data } };
}

async function deliver(body: unknown, options: { id?: string; at?: Date; signWith?: string; tamper?: boolean } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const raw = JSON.stringify(body);
  const at = options.at ?? new Date();
  const signature = new Webhook(options.signWith ?? secret).sign(id, at, raw);
  const response = await POST(
    new Request('http://localhost/api/webhooks/resend', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
      body: options.tamper ? raw.replace('Welcome', 'Welcomf') : raw,
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, id };
}

const message = (id: string) => db().selectFrom('email_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const signals = async (messageId: string) =>
  (await db().selectFrom('score_signals').select('event').where('source_id', '=', messageId).orderBy('event').execute()).map((s) => s.event);
const leadScore = async (id: string) => (await db().selectFrom('leads').select('score').where('id', '=', id).executeTakeFirstOrThrow()).score;
const blockReason = (email: string, category: 'transactional' | 'marketing') =>
  asService('test: is the address suppressed', async (tx) =>
    (await sql<{ r: string | null }>`select private.email_block_reason(${northwind}::uuid, ${email}, null, null, ${category}) as r`.execute(tx)).rows[0]?.r ?? null,
  );

beforeAll(async () => {
  [northwind, manager] = await Promise.all([orgId(NORTHWIND), staff('manager@northwind.example')]);
});

describe('signatures', () => {
  it('refuses a wrong secret, a changed body, a stale timestamp and missing headers with 401, recording nothing', async () => {
    const sent = await sentMessage();
    const body = event('email.delivered', sent.providerId);
    const wrongSecret = await deliver(body, { signWith: `whsec_${randomBytes(24).toString('base64')}` });
    const tampered = await deliver(body, { tamper: true });
    const stale = await deliver(body, { at: new Date(Date.now() - 10 * 60_000) });
    const unsigned = await POST(new Request('http://localhost/api/webhooks/resend', { method: 'POST', body: JSON.stringify(body) }));
    expect([wrongSecret.status, tampered.status, stale.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    expect((await message(sent.messageId)).status).toBe('sent');
    expect(await db().selectFrom('email_events').select('id').where('message_id', '=', sent.messageId).execute()).toEqual([]);
  });

  it('accepts a correctly signed event', async () => {
    const sent = await sentMessage();
    const answer = await deliver(event('email.delivered', sent.providerId));
    expect(answer).toMatchObject({ status: 200, body: { received: true, outcome: 'recorded' } });
    expect(await message(sent.messageId)).toMatchObject({ status: 'delivered', delivered_at: expect.any(Date) });
  });

  it('refuses a body over 256 KB before checking its signature, whether or not it declares its length', async () => {
    const sent = await sentMessage();
    const huge = event('email.delivered', sent.providerId, { padding: 'x'.repeat(300 * 1024) });
    expect(await deliver(huge)).toMatchObject({ status: 413, body: { error: 'The request body is larger than 256 KB.' } });
    // A streamed body without Content-Length is cut off at the limit too.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(10 * 1024).fill(120));
        controller.close();
      },
    });
    const streamed = await POST(new Request('http://localhost/api/webhooks/resend', { method: 'POST', body: chunks, duplex: 'half' } as RequestInit));
    expect(streamed.status).toBe(413);
    expect((await message(sent.messageId)).status).toBe('sent');
  });

  it('answers 503 while no secret is configured', async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    try {
      const answer = await POST(new Request('http://localhost/api/webhooks/resend', { method: 'POST', body: '{}' }));
      expect(answer.status).toBe(503);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = secret;
    }
  });
});

describe('events', () => {
  it('applies each event id once: a retried delivery changes nothing', async () => {
    const sent = await sentMessage(40);
    const id = `msg_${randomUUID()}`;
    const first = await deliver(event('email.opened', sent.providerId), { id });
    const again = await deliver(event('email.opened', sent.providerId), { id });
    expect([first.body.outcome, again.body.outcome]).toEqual(['recorded', 'duplicate']);
    expect(await db().selectFrom('email_events').select('id').where('message_id', '=', sent.messageId).execute()).toHaveLength(1);
    expect(await signals(sent.messageId)).toEqual(['email_opened']);
  });

  it('moves status forward only, makes the first open and the first click score signals of the recipient, and shows it in the timeline', async () => {
    const sent = await sentMessage(90);
    await deliver(event('email.delivered', sent.providerId));
    await deliver(event('email.opened', sent.providerId));
    await deliver(event('email.opened', sent.providerId)); // a second open of the same message
    expect(await signals(sent.messageId)).toEqual(['email_opened']);
    await deliver(event('email.clicked', sent.providerId, { click: { link: 'https://learn.example.com' } }));
    expect(await signals(sent.messageId)).toEqual(['email_opened', 'email_clicked']);
    // The signals are the contact's (the message's recipient); scoring them is tests/db/lead-scoring.test.ts.
    const owners = await db().selectFrom('score_signals').select(['contact_id', 'lead_id']).where('source_id', '=', sent.messageId).execute();
    expect(owners.every((o) => o.contact_id === sent.contactId && o.lead_id === null)).toBe(true);
    // Northwind has no scoring rules: the lead's own score is left as it was.
    expect(await leadScore(sent.leadId)).toBe(90);
    await deliver(event('email.delivered', sent.providerId)); // late, out of order
    expect(await message(sent.messageId)).toMatchObject({ status: 'clicked', opened_at: expect.any(Date), clicked_at: expect.any(Date) });
    const { emails } = await getContact({ ...manager, orgId: northwind }, sent.contactId);
    expect(emails.find((e) => e.id === sent.messageId)).toMatchObject({ status: 'clicked' });
  });

  it('suppresses a hard-bounced address for all mail, but not a transient bounce', async () => {
    const hard = await sentMessage();
    await deliver(event('email.bounced', hard.providerId, { bounce: { type: 'Permanent', subType: 'General', message: 'mailbox does not exist' } }));
    expect(await message(hard.messageId)).toMatchObject({ status: 'bounced', bounced_at: expect.any(Date) });
    expect(await blockReason(hard.email, 'transactional')).toBe('hard_bounce');
    const soft = await sentMessage();
    await deliver(event('email.bounced', soft.providerId, { bounce: { type: 'Transient', subType: 'MailboxFull' } }));
    expect((await message(soft.messageId)).status).toBe('sent');
    expect(await blockReason(soft.email, 'transactional')).toBeNull();
  });

  it('suppresses an address that complained, for all mail', async () => {
    const sent = await sentMessage();
    await deliver(event('email.complained', sent.providerId));
    expect((await message(sent.messageId)).status).toBe('complained');
    expect(await blockReason(sent.email, 'transactional')).toBe('complaint');
    const suppression = await db().selectFrom('suppressions').select(['reason', 'scope', 'source_message_id']).where('source_message_id', '=', sent.messageId).executeTakeFirstOrThrow();
    expect(suppression).toEqual({ reason: 'complaint', scope: 'all', source_message_id: sent.messageId });
  });

  it('acknowledges events about messages it does not know, and non-email events', async () => {
    expect((await deliver(event('email.delivered', randomUUID()))).body).toEqual({ received: true, outcome: 'unknown_message' });
    expect((await deliver({ type: 'contact.created', created_at: new Date().toISOString(), data: { id: 'c1' } })).body).toEqual({ received: true, ignored: true });
  });
});
