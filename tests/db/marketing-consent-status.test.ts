/**
 * The contacts and leads lists show each person's marketing-email consent (issue 12), kept in
 * marketing_consent_statuses by triggers on consent_events (20261209000400): granted, then
 * withdrawn, a withdrawal that an unconfirmed grant does not lift, a lead's consent carried
 * into the contact it became, an erasure of the events, and who sees it — the people the
 * reader may see, never the proof.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listContacts } from '../../lib/crm/contacts';
import { listLeads } from '../../lib/crm/leads';
import { ownerDb } from '../../lib/db/owner';
import { withUser } from '../../lib/db/session';
import { adminOfOwnOrganisation, type Staff, staff } from './support';

const db = () => ownerDb();
let admin: Staff;
let marketer: Staff;
let rep: Staff;
let otherRep: Staff;
let stranger: Staff;

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
  marketer = await staff('marketing@northwind.example');
  rep = await staff('sales1@northwind.example');
  otherRep = await staff('sales2@northwind.example');
  stranger = await adminOfOwnOrganisation('Consent Elsewhere');
});

const tag = () => randomUUID().slice(0, 8);
async function contact(owner: string | null = null) {
  const t = tag();
  return (
    await db()
      .insertInto('contacts')
      .values({ org_id: admin.orgId, last_name: `Consent${t}`, email: `consent-${t}@example.com`, owner_id: owner, created_at: new Date() })
      .returning(['id', 'last_name'])
      .executeTakeFirstOrThrow()
  );
}
const consent = (person: { contact_id?: string; lead_id?: string }, granted: boolean, minutesAgo: number, confirmed = false) =>
  db()
    .insertInto('consent_events')
    .values({
      org_id: admin.orgId,
      ...person,
      purpose: 'marketing_email',
      granted,
      // A confirmed double opt-in comes only from a web form.
      source: confirmed ? 'web_form' : 'staff',
      proof: { text: 'Send me course news', method: 'phone call' },
      occurred_at: new Date(Date.now() - minutesAgo * 60_000),
      double_opt_in_at: confirmed ? new Date(Date.now() - minutesAgo * 60_000) : null,
    })
    .execute();
/** The contact's row on the contacts list, as `who` sees it (searched by its unique surname). */
const listed = async (who: Staff, row: { last_name: string }) => (await listContacts(who, { q: row.last_name })).rows.find((r) => r.last_name === row.last_name);

describe('marketing consent on the lists', () => {
  it('shows never asked, consented, withdrawn — and a withdrawal an unconfirmed grant does not lift', async () => {
    const person = await contact();
    expect((await listed(marketer, person))?.marketing_consent).toBeNull();
    await consent({ contact_id: person.id }, true, 30);
    expect((await listed(marketer, person))?.marketing_consent).toBe(true);
    await consent({ contact_id: person.id }, false, 20);
    expect((await listed(marketer, person))?.marketing_consent).toBe(false);
    // A later grant without a confirmed double opt-in does not undo an unsubscribe (the sending rule).
    await consent({ contact_id: person.id }, true, 10);
    expect((await listed(marketer, person))?.marketing_consent).toBe(false);
    await consent({ contact_id: person.id }, true, 5, true);
    expect((await listed(admin, person))?.marketing_consent).toBe(true);
  });

  it('carries a lead’s consent into the contact it is converted into, and on the leads list', async () => {
    const t = tag();
    const lead = await db()
      .insertInto('leads')
      .values({ org_id: admin.orgId, last_name: `Consent${t}`, email: `lead-consent-${t}@example.com`, status: 'qualified' })
      .returning(['id', 'last_name'])
      .executeTakeFirstOrThrow();
    await consent({ lead_id: lead.id }, true, 15);
    const leadRow = (await listLeads(marketer, { q: lead.last_name ?? '' })).rows.find((r) => r.id === lead.id);
    expect(leadRow?.marketing_consent).toBe(true);
    const person = await contact();
    expect((await listed(marketer, person))?.marketing_consent).toBeNull();
    await db().updateTable('leads').set({ converted_contact_id: person.id, converted_at: new Date(), status: 'converted' }).where('id', '=', lead.id).execute();
    expect((await listed(marketer, person))?.marketing_consent).toBe(true);
  });

  it('goes when the consent events go (an erasure), and with the person', async () => {
    const person = await contact();
    await consent({ contact_id: person.id }, true, 5);
    expect((await listed(admin, person))?.marketing_consent).toBe(true);
    await db().deleteFrom('consent_events').where('contact_id', '=', person.id).execute();
    expect((await listed(admin, person))?.marketing_consent).toBeNull();
    await consent({ contact_id: person.id }, true, 5);
    await db().deleteFrom('contacts').where('id', '=', person.id).execute();
    expect(await db().selectFrom('marketing_consent_statuses').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
  });

  it('is seen by whoever sees the person — not by a colleague’s rep, another organisation, or as the proof', async () => {
    const mine = await contact(rep.userId);
    await consent({ contact_id: mine.id }, true, 5);
    expect((await listed(rep, mine))?.marketing_consent).toBe(true);
    const read = (who: Staff) => withUser(who, (tx) => tx.selectFrom('marketing_consent_statuses').select('granted').where('person_id', '=', mine.id).execute());
    expect(await read(rep)).toEqual([{ granted: true }]);
    expect(await read(otherRep)).toEqual([]);
    expect(await read(stranger)).toEqual([]);
    // The rep reads the answer, not the events behind it (their proof is for admins and compliance).
    expect(await withUser(rep, (tx) => tx.selectFrom('consent_events').select('id').where('contact_id', '=', mine.id).execute())).toEqual([]);
  });
});
