/**
 * Row-level security of the email and consent tables (specs: rls-specs.ts emailMatrix): every
 * role × table × select/insert/update/delete against rows of the acting rep's contact ("mine"),
 * an unassigned contact, a colleague's contact ("others"), organisation-wide rows, and rows of
 * another organisation ("foreign"). Everything not listed must be refused. All writes are
 * rolled back.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { describeMatrix, type Fixtures } from './rls-runner';
import { emailMatrix, type Role } from './rls-specs';
import { asUserRolledBack, CONTOSO, NORTHWIND, orgId, type Staff, staff } from './support';

let actors: Record<Role, Staff>;
/** variant → contact id (mine, unassigned, others, foreign) */
const contacts: Record<string, string> = {};
/** table → variant → id of an existing row */
const rows: Fixtures['rows'] = {};
/** table → variant → values of a new row */
const newRows: Fixtures['newRows'] = {};

async function insert(table: string, values: Record<string, unknown>): Promise<string> {
  const row = await ownerDb()
    .insertInto(table as 'email_events')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const hash = () => randomBytes(32).toString('hex');

beforeAll(async () => {
  actors = {
    admin: await staff('admin@northwind.example'),
    manager: await staff('manager@northwind.example'),
    sales: await staff('sales1@northwind.example'),
    marketing: await staff('marketing@northwind.example'),
    compliance: await staff('compliance@northwind.example'),
    viewer: await staff('viewer@northwind.example'),
  };
  const sales2 = await staff('sales2@northwind.example');
  const northwind = await orgId(NORTHWIND);
  const contoso = await orgId(CONTOSO);
  const orgOf = (variant: string) => (variant === 'foreign' ? contoso : northwind);

  const owners: Record<string, string | null> = { mine: actors.sales.userId, unassigned: null, others: sales2.userId, foreign: null };
  for (const [variant, owner] of Object.entries(owners)) {
    contacts[variant] = await insert('contacts', {
      org_id: orgOf(variant), last_name: 'Mailbox', email: `rls-${randomUUID().slice(0, 8)}@example.com`, owner_id: owner, created_at: new Date(),
    });
  }

  const message = (variant: string) => ({
    org_id: orgOf(variant),
    template: variant === 'org' ? 'password-reset' : 'welcome',
    category: variant === 'org' ? 'transactional' : 'marketing',
    recipient_email: 'rls@example.com',
    contact_id: variant === 'org' ? null : contacts[variant],
    idempotency_key: `rls-${randomUUID()}`,
  });
  rows.email_messages = {};
  for (const variant of emailMatrix.email_messages?.variants ?? []) rows.email_messages[variant] = await insert('email_messages', message(variant));
  newRows.email_messages = { org: () => message('mine'), foreign: () => message('foreign') };

  // Scores of each variant's contact (unassigned also stands for a score nobody owns).
  for (const table of ['person_scores', 'score_history'] as const) {
    rows[table] = {};
    for (const variant of ['mine', 'unassigned', 'others', 'foreign']) {
      const base = { org_id: orgOf(variant), person_id: contacts[variant], person_kind: 'contact', score: 42 };
      rows[table][variant] = await insert(table, table === 'person_scores' ? { ...base, breakdown: JSON.stringify([]) } : { ...base, day: '2026-11-30' });
    }
    newRows[table] = { mine: () => ({ org_id: northwind, person_id: randomUUID(), person_kind: 'contact', score: 1, ...(table === 'score_history' ? { day: '2026-11-30' } : {}) }) };
  }
  // Consent statuses of the same contacts (before the consent events below, which update two of them).
  rows.marketing_consent_statuses = {};
  for (const variant of ['mine', 'unassigned', 'others', 'foreign']) {
    rows.marketing_consent_statuses[variant] = await insert('marketing_consent_statuses', { org_id: orgOf(variant), person_id: contacts[variant], person_kind: 'contact', granted: false, confirmed: false, since: new Date() });
  }
  newRows.marketing_consent_statuses = { mine: () => ({ org_id: northwind, person_id: randomUUID(), person_kind: 'contact', granted: true, confirmed: false, since: new Date() }) };

  const consent = (variant: string) => ({
    org_id: orgOf(variant),
    contact_id: contacts[variant === 'foreign' ? 'foreign' : 'unassigned'],
    purpose: 'marketing_email',
    granted: true,
    source: variant === 'web_form' ? 'web_form' : 'staff',
    proof: { text: 'Send me course news', method: 'phone call' },
  });
  rows.consent_events = {};
  for (const variant of ['org', 'web_form', 'foreign']) rows.consent_events[variant] = await insert('consent_events', consent(variant));
  newRows.consent_events = { org: () => consent('org'), web_form: () => consent('web_form'), foreign: () => consent('foreign') };

  const suppression = (variant: string) => ({
    org_id: orgOf(variant),
    email_hash: hash(),
    reason: variant === 'unsubscribed' ? 'unsubscribed' : 'manual',
    scope: 'marketing',
  });
  rows.suppressions = {};
  for (const variant of ['manual', 'unsubscribed', 'foreign']) rows.suppressions[variant] = await insert('suppressions', suppression(variant));
  newRows.suppressions = Object.fromEntries(['manual', 'unsubscribed', 'foreign'].map((v) => [v, () => suppression(v)]));

  const messageOf = (variant: string) => rows.email_messages?.[variant === 'foreign' ? 'foreign' : 'org'] as string;
  const outbox = (variant: string, messageId = messageOf(variant)) => ({
    org_id: orgOf(variant), message_id: messageId, from_address: '"Northwind" <mail@example.com>', to_address: 'rls@example.com',
    subject: 'Reset your password', html: '<p>Reset</p>', text: 'Reset',
  });
  rows.email_outbox = { org: await insert('email_outbox', outbox('org')), foreign: await insert('email_outbox', outbox('foreign')) };
  // A new outbox row needs a message without one.
  newRows.email_outbox = { org: () => outbox('org', rows.email_messages?.mine as string), foreign: () => outbox('foreign', rows.email_messages?.foreign as string) };

  const event = (variant: string) => ({
    org_id: orgOf(variant), provider_event_id: `evt-${randomUUID()}`, type: 'email.delivered', message_id: messageOf(variant),
    payload: { type: 'email.delivered' }, occurred_at: new Date(),
  });
  rows.email_events = { org: await insert('email_events', event('org')), foreign: await insert('email_events', event('foreign')) };
  newRows.email_events = { org: () => event('org'), foreign: () => event('foreign') };

  const confirmation = async (variant: string) => ({
    org_id: orgOf(variant),
    lead_id: await insert('leads', { org_id: orgOf(variant), last_name: 'Opt-in', email: `optin-${randomUUID().slice(0, 8)}@example.com` }),
    purpose: 'marketing_email',
    token_hash: hash(),
    text_shown: 'Yes, email me about courses.',
    expires_at: new Date(Date.now() + 86_400_000),
  });
  const pending = { org: await confirmation('org'), foreign: await confirmation('foreign') };
  rows.consent_confirmations = { org: await insert('consent_confirmations', pending.org), foreign: await insert('consent_confirmations', pending.foreign) };
  newRows.consent_confirmations = { org: () => ({ ...pending.org, token_hash: hash() }), foreign: () => ({ ...pending.foreign, token_hash: hash() }) };
}, 60_000);

describeMatrix(emailMatrix, () => ({ actors, rows, newRows }));

describe('consent ledger', () => {
  it('records a staff entry in the name of the signed-in user, whatever recorded_by says', async () => {
    const { marketing, admin } = actors;
    const recordedBy = await asUserRolledBack(marketing, async (tx) => {
      await tx
        .insertInto('consent_events')
        .values({ org_id: marketing.orgId, contact_id: contacts.unassigned, purpose: 'training_updates', granted: true, source: 'staff', recorded_by: admin.userId })
        .execute();
      // Marketing may not read the ledger: look as service_role, inside the same (rolled back) transaction.
      await sql`set local role service_role`.execute(tx);
      const row = await sql<{ recorded_by: string }>`select recorded_by from public.consent_events
        where purpose = 'training_updates' and contact_id = ${contacts.unassigned}`.execute(tx);
      return row.rows[0]?.recorded_by;
    });
    expect(recordedBy).toBe(marketing.userId);
  });
});
