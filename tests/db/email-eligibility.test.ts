/**
 * The send-time rule in the database (private.email_block_reason) and the address hash it
 * relies on (private.email_hash): who may receive marketing and transactional mail.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';
import { asUserRolledBack, CONTOSO, NORTHWIND, orgId, staff } from './support';

let northwind: string;
let contoso: string;
const hour = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

async function person(kind: 'contacts' | 'leads' = 'contacts'): Promise<{ id: string; email: string }> {
  const email = `eligible-${randomUUID().slice(0, 8)}@example.com`;
  // created_at in milliseconds, like rows the app creates: list cursors (lib/crm) carry ms only.
  const row = await ownerDb()
    .insertInto(kind)
    .values({ org_id: northwind, last_name: 'Okafor', email, created_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email };
}

type Source = 'web_form' | 'staff' | 'import' | 'double_opt_in';

async function consent(who: { contact_id?: string; lead_id?: string }, granted: boolean, occurredAt: Date, source: Source = 'import'): Promise<void> {
  const confirmed = source === 'double_opt_in';
  await ownerDb()
    .insertInto('consent_events')
    .values({ org_id: northwind, ...who, purpose: 'marketing_email', granted, source: confirmed ? 'web_form' : source, occurred_at: occurredAt, double_opt_in_at: confirmed ? occurredAt : null })
    .execute();
}

async function suppress(email: string, reason: 'unsubscribed' | 'complaint', createdAt: Date): Promise<void> {
  await asService('test: suppress', (tx) =>
    sql`insert into public.suppressions (org_id, email_hash, reason, scope, created_at)
        values (${northwind}, private.email_hash(${northwind}, ${email}), ${reason}, ${reason === 'complaint' ? 'all' : 'marketing'}, ${createdAt})`.execute(tx),
  );
}

function blockReason(email: string, who: { contact?: string; lead?: string }, category: 'marketing' | 'transactional') {
  return asService('test: check eligibility', async (tx) => {
    const { rows } = await sql<{ reason: string | null }>`select private.email_block_reason(
      ${northwind}, ${email}, ${who.contact ?? null}, ${who.lead ?? null}, ${category}) as reason`.execute(tx);
    return rows[0]?.reason ?? null;
  });
}

beforeAll(async () => {
  northwind = await orgId(NORTHWIND);
  contoso = await orgId(CONTOSO);
});

describe('marketing email', () => {
  it('needs the latest marketing consent event to be a grant', async () => {
    const p = await person();
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBe('no_consent');
    await consent({ contact_id: p.id }, true, ago(3 * hour));
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBeNull();
    await consent({ contact_id: p.id }, false, ago(2 * hour));
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBe('no_consent');
    // A grant entered late with an earlier occurred_at does not override the withdrawal.
    await consent({ contact_id: p.id }, true, ago(4 * hour));
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBe('no_consent');
  });

  it('counts consent given as a lead once the lead became this contact', async () => {
    const contact = await person();
    const lead = await person('leads');
    await ownerDb()
      .updateTable('leads')
      .set({ status: 'converted', converted_at: new Date(), converted_contact_id: contact.id })
      .where('id', '=', lead.id)
      .execute();
    await consent({ lead_id: lead.id }, true, ago(hour));
    expect(await blockReason(contact.email, { contact: contact.id }, 'marketing')).toBeNull();
    expect(await blockReason(lead.email, { lead: lead.id }, 'marketing')).toBeNull();
  });

  it('stops at an unsubscribe until the person confirms a new consent themselves (double opt-in)', async () => {
    const p = await person();
    await consent({ contact_id: p.id }, true, ago(4 * hour));
    await suppress(p.email.toUpperCase(), 'unsubscribed', ago(3 * hour));
    expect(await blockReason(` ${p.email} `, { contact: p.id }, 'marketing')).toBe('unsubscribed');
    // Neither a colleague, nor an import, nor an unconfirmed form lifts the unsubscribe.
    for (const source of ['staff', 'import', 'web_form'] as const) {
      await consent({ contact_id: p.id }, true, ago(2 * hour), source);
      expect(await blockReason(p.email, { contact: p.id }, 'marketing'), source).toBe('unsubscribed');
    }
    await consent({ contact_id: p.id }, true, ago(hour), 'double_opt_in');
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBeNull();
  });

  it('after a withdrawal, counts only a confirmed double opt-in as consent again', async () => {
    const lead = await person('leads');
    await consent({ lead_id: lead.id }, true, ago(5 * hour), 'staff');
    await consent({ lead_id: lead.id }, false, ago(4 * hour), 'staff');
    await consent({ lead_id: lead.id }, true, ago(3 * hour), 'staff');
    expect(await blockReason(lead.email, { lead: lead.id }, 'marketing')).toBe('no_consent');
    await consent({ lead_id: lead.id }, true, ago(2 * hour), 'double_opt_in');
    expect(await blockReason(lead.email, { lead: lead.id }, 'marketing')).toBeNull();
  });
});

describe('transactional email', () => {
  it('ignores consent and unsubscribes but stops at complaints and hard bounces', async () => {
    const p = await person();
    await suppress(p.email, 'unsubscribed', ago(hour));
    expect(await blockReason(p.email, { contact: p.id }, 'transactional')).toBeNull();
    await suppress(p.email, 'complaint', ago(hour));
    expect(await blockReason(p.email, { contact: p.id }, 'transactional')).toBe('complaint');
    expect(await blockReason(p.email, { contact: p.id }, 'marketing')).toBe('no_consent');
  });
});

describe('private.email_hash', () => {
  const hashAs = (who: Parameters<typeof asUserRolledBack>[0], org: string) =>
    asUserRolledBack(who, async (tx) => (await sql<{ h: string }>`select private.email_hash(${org}, 'Ada@Example.com') as h`.execute(tx)).rows[0]?.h);

  it('is keyed per organisation and case-insensitive, and only compliance work may compute it', async () => {
    const compliance = await staff('compliance@northwind.example');
    const mine = await hashAs(compliance, northwind);
    expect(mine).toMatch(/^[0-9a-f]{64}$/);
    const service = await asService('test: hash', async (tx) => {
      const { rows } = await sql<{ lower: string; other: string }>`select private.email_hash(${northwind}, ' ada@example.COM') as lower,
        private.email_hash(${contoso}, 'ada@example.com') as other`.execute(tx);
      return rows[0];
    });
    expect(service?.lower).toBe(mine);
    expect(service?.other).not.toBe(mine);
    await expect(hashAs(await staff('sales1@northwind.example'), northwind)).rejects.toMatchObject({ code: '42501' });
    await expect(hashAs(compliance, contoso)).rejects.toMatchObject({ code: '42501' });
  });
});
