/**
 * Custom properties: the database refuses bad values for every type whatever path writes them
 * (tried as a signed-in user with raw SQL, past any TypeScript), the services check the same
 * rules with field messages, unique and required hold, lists filter by them, and they follow a
 * person into the GDPR export and out with erasure. Definitions' RLS is in the workspace matrix.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactPage, countContacts, listContacts } from '../../lib/crm/contacts';
import { customFilterIsBroad } from '../../lib/crm/list-query';
import { contactListSchema } from '../../lib/crm/contacts.schema';
import { createPropertyDefinition, listPropertyDefinitions, updatePropertyDefinition } from '../../lib/crm/custom-properties';
import { CrmError } from '../../lib/crm/errors';
import { encodeCursor } from '../../lib/crm/pagination';
import { recordServices } from '../../lib/crm/record-services';
import { enroll, updateEnrollment } from '../../lib/crm/training';
import { previewSegmentCount } from '../../lib/marketing/segments';
import { ownerDb } from '../../lib/db/owner';
import { asService, type Tx, withUser } from '../../lib/db/session';
import { asUserRolledBack, kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let manager: Staff;
let sales1: Staff;
let sales2: Staff;
let contosoAdmin: Staff & { role: 'admin' };
const tag = () => randomUUID().slice(0, 8);
/** Definitions made by this file, archived afterwards so no later test meets a required one. */
const made: string[] = [];

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
  contosoAdmin = { ...(await staff('admin@contoso.example')), role: 'admin' };
});

afterAll(async () => {
  if (made.length) await ownerDb().updateTable('property_definitions').set({ archived_at: new Date(), required: false }).where('id', 'in', made).execute();
});

async function define(who: Staff & { role: 'admin' }, input: Record<string, unknown>) {
  const created = await createPropertyDefinition(who, { object: 'contact', ...input });
  made.push(created.id);
  return created;
}

type Outcome = 'ok' | { message: string; column?: string; constraint?: string };

/** Writes `custom` on a fresh contact as the admin, in SQL (no zod), rolled back: what the database said. */
async function writeRaw(definition: Record<string, unknown>, custom: unknown): Promise<Outcome> {
  return asUserRolledBack(admin, async (tx: Tx) => {
    const key = `k_${tag()}`;
    await sql`insert into public.property_definitions (org_id, object, key, label, type, options, currency)
              values (${admin.orgId}, 'contact', ${key}, 'Probe', ${definition.type}::public.property_type,
                      ${JSON.stringify(definition.options ?? [])}::jsonb, ${(definition.currency as string) ?? null})`.execute(tx);
    const contact = await sql<{ id: string }>`insert into public.contacts (org_id, last_name) values (${admin.orgId}, 'Probe') returning id`.execute(tx);
    await sql`savepoint probe`.execute(tx);
    try {
      await sql`update public.contacts set custom = jsonb_build_object(${key}::text, ${JSON.stringify(custom)}::jsonb) where id = ${contact.rows[0]?.id}`.execute(tx);
      return 'ok';
    } catch (error) {
      await sql`rollback to savepoint probe`.execute(tx);
      const e = error as { message: string; column?: string; constraint?: string };
      return { message: e.message, column: e.column?.replace(key, 'KEY'), constraint: e.constraint };
    }
  });
}

const refused = (outcome: Outcome) => outcome !== 'ok' && outcome.constraint === 'custom_properties_valid' && outcome.column === 'custom.KEY';

describe('the database checks every type', () => {
  const selects = [
    { value: 'online', label: 'Online', color: 'blue' },
    { value: 'classroom', label: 'Classroom', color: 'green' },
  ];
  const cases: [type: string, good: unknown[], bad: unknown[], extra?: Record<string, unknown>][] = [
    ['text', ['Level 2', 'x'.repeat(500)], [42, true, 'x'.repeat(501), ['a']]],
    ['long_text', ['Line one\nLine two', 'x'.repeat(10_000)], [7, 'x'.repeat(10_001)]],
    ['number', [0, -12.5, 999_999_999], ['12', true, 1e16]],
    ['currency', [1200, 99.99], [1.234, '10', 1e14], { currency: 'EUR' }],
    ['date', ['2027-03-31'], ['2027-02-30', '31/03/2027', '2027-3-1', 20270331, 'today']],
    ['datetime', ['2027-03-31T09:30:00Z', '2027-03-31T09:30:00+02:00'], ['2027-03-31T09:30:00', 'now', '2027-13-01T00:00:00Z', 5]],
    ['boolean', [true, false], ['true', 1, 'yes']],
    ['single_select', ['online'], ['Online', 'webinar', ['online'], 3], { options: selects }],
    ['multi_select', [['online'], ['online', 'classroom']], ['online', ['webinar'], ['online', 'online'], [1]], { options: selects }],
    ['url', ['https://northwind.example/po/7'], ['ftp://x.example', 'javascript:alert(1)', 'northwind.example', 'https://']],
    ['email', ['po@northwind.example'], ['po-at-northwind', 'a@b', 3]],
    ['phone', ['+44 20 7946 0000', '(030) 123-45'], ['call me', '12', '<script>']],
    ['user', [], ['00000000-0000-0000-0000-000000000000', 'nobody', 7]],
  ];
  for (const [type, good, bad, extra] of cases) {
    it(`${type}: stores good values and refuses bad ones, naming the property`, async () => {
      for (const value of good) expect(await writeRaw({ type, ...extra }, value), `${type} ${JSON.stringify(value).slice(0, 40)}`).toBe('ok');
      for (const value of bad) {
        const outcome = await writeRaw({ type, ...extra }, value);
        expect(refused(outcome), `${type} ${JSON.stringify(value).slice(0, 40)}: ${JSON.stringify(outcome)}`).toBe(true);
        expect((outcome as { message: string }).message).toMatch(/^Probe/);
      }
    });
  }

  it('user: accepts a member of the organisation, refuses a member of another', async () => {
    expect(await writeRaw({ type: 'user' }, manager.userId)).toBe('ok');
    expect(refused(await writeRaw({ type: 'user' }, contosoAdmin.userId))).toBe(true);
  });

  it('stores an instant in UTC, and drops "not set" values instead of storing them', async () => {
    const stored = await asUserRolledBack(admin, async (tx) => {
      const key = `when_${tag()}`;
      const note = `note_${tag()}`;
      await sql`insert into public.property_definitions (org_id, object, key, label, type) values (${admin.orgId}, 'contact', ${key}, 'When', 'datetime'), (${admin.orgId}, 'contact', ${note}, 'Note', 'text')`.execute(tx);
      const row = await sql<{ custom: Record<string, unknown> }>`insert into public.contacts (org_id, last_name, custom)
        values (${admin.orgId}, 'Probe', jsonb_build_object(${key}::text, '2027-03-31T11:30:00+02:00', ${note}::text, '')) returning custom`.execute(tx);
      return { custom: row.rows[0]?.custom, key, note };
    });
    expect(stored.custom).toEqual({ [stored.key]: '2027-03-31T09:30:00.000Z' });
  });

  it('refuses a key that is not a property, and a change to an archived property’s value (which stays)', async () => {
    const outcome = await asUserRolledBack(admin, async (tx) => {
      try {
        await sql`insert into public.contacts (org_id, last_name, custom) values (${admin.orgId}, 'Probe', '{"shoe_size": 44}')`.execute(tx);
        return 'ok';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(outcome).toBe('“shoe_size” is not a property of contacts.');

    const { key } = await define(admin, { label: `Badge ${tag()}`, type: 'text' });
    const contact = await recordServices.contacts.create(admin, { last_name: `Archived ${tag()}`, custom: { [key]: 'B-12' } });
    const [definition] = (await listPropertyDefinitions(admin, 'contact')).filter((d) => d.key === key);
    await updatePropertyDefinition(admin, { id: definition?.id, archived: true });
    const error = await recordServices.contacts.update(admin, { id: contact.id, expected_updated_at: contact.updated_at, custom: { [key]: 'B-13' } }).catch((e: CrmError) => e);
    expect(error).toBeInstanceOf(CrmError);
    // The schema built from the live definitions refuses it first; the database would too.
    expect((error as CrmError).fieldErrors.custom?.[0] ?? (error as CrmError).fieldErrors[`custom.${key}`]?.[0]).toBeTruthy();
    const row = await ownerDb().selectFrom('contacts').select('custom').where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(row.custom).toEqual({ [key]: 'B-12' });
  });
});

describe('definitions', () => {
  it('are defined by admins only, get a key from their label, and keep their key and type', async () => {
    const label = `Preferred training format ${tag()}`;
    expect(await kindOf(createPropertyDefinition({ ...manager, role: 'manager' } as never, { object: 'contact', label, type: 'text' }))).toBe('forbidden');
    expect(await kindOf(createPropertyDefinition(sales1, { object: 'contact', label, type: 'text' }))).toBe('forbidden');
    const created = await define(admin, { label, type: 'single_select', options: [{ label: 'Online' }, { label: 'In person', color: 'green' }] });
    expect(created.key).toBe(label.toLowerCase().replace(/ /g, '_'));
    const [definition] = (await listPropertyDefinitions(sales1, 'contact')).filter((d) => d.id === created.id);
    expect(definition?.options).toEqual([
      { value: 'online', label: 'Online', color: 'slate' },
      { value: 'in-person', label: 'In person', color: 'green' },
    ]);
    const retype = await asUserRolledBack(admin, (tx) => sql`update public.property_definitions set type = 'text' where id = ${created.id}`.execute(tx).then(() => 'ok', (e: Error) => e.message));
    expect(retype).toBe('A property keeps its object, key and type: archive it and add a new one instead.');
    expect(await kindOf(createPropertyDefinition(admin, { object: 'contact', label, type: 'text' }))).toBe('validation');
  });

  it('refuse a select without options, options with the same name, and a unique select', async () => {
    const bad = await createPropertyDefinition(admin, { object: 'contact', label: 'Empty', type: 'single_select', options: [] }).catch((e: CrmError) => e.fieldErrors);
    expect(bad).toEqual({ options: ['A select needs at least one option.'] });
    const twins = await createPropertyDefinition(admin, { object: 'contact', label: 'Twins', type: 'multi_select', options: [{ label: 'A' }, { label: 'a' }] }).catch((e: CrmError) => e.fieldErrors);
    expect(twins).toEqual({ options: ['Two options have the same name: give each its own.'] });
    const unique = await createPropertyDefinition(admin, { object: 'contact', label: 'U', type: 'single_select', options: [{ label: 'A' }], is_unique: true }).catch((e: CrmError) => e.fieldErrors);
    expect(Object.keys(unique as object)).toEqual(['is_unique']);
    // Past zod, the database says the same about a malformed option.
    const raw = await asUserRolledBack(admin, (tx) =>
      sql`insert into public.property_definitions (org_id, object, key, label, type, options) values (${admin.orgId}, 'contact', 'raw', 'Raw', 'single_select', '[{"value": "Has Spaces", "label": "x"}]')`
        .execute(tx)
        .then(() => 'ok', (e: { constraint?: string }) => e.constraint),
    );
    expect(raw).toBe('property_definitions_options');
  });
});

describe('required and unique', () => {
  it('demands a required value when staff create a record and when anyone empties it; not from a public form', async () => {
    const { key } = await define(contosoAdmin, { label: `Employer ${tag()}`, type: 'text', required: true });
    const missing = await recordServices.contacts.create(contosoAdmin, { last_name: `Needs ${tag()}` }).catch((e: CrmError) => e);
    expect((missing as CrmError).fieldErrors[`custom.${key}`]?.[0]).toMatch(/is required\.$/);
    const contact = await recordServices.contacts.create(contosoAdmin, { last_name: `Has ${tag()}`, custom: { [key]: 'Contoso' } });
    const emptied = await recordServices.contacts.update(contosoAdmin, { id: contact.id, expected_updated_at: contact.updated_at, custom: { [key]: '' } }).catch((e: CrmError) => e);
    expect((emptied as CrmError).fieldErrors[`custom.${key}`]?.[0]).toMatch(/is required\.$/);
    // The database refuses it too, past the service.
    const raw = await asUserRolledBack(contosoAdmin, (tx) => sql`update public.contacts set custom = '{}' where id = ${contact.id}`.execute(tx).then(() => 'ok', (e: Error) => e.message));
    expect(raw).toMatch(/is required\.$/);
    // Service work (a public form's submission) cannot ask for it, and is let through.
    await asService('test: a form submission', (tx) => sql`insert into public.contacts (org_id, last_name) values (${contosoAdmin.orgId}, 'From a form')`.execute(tx));
    await updatePropertyDefinition(contosoAdmin, { id: made.at(-1), required: false });
  });

  it('keeps a unique value unique in the organisation, comparing numbers as numbers and emails in any case', async () => {
    const po = await define(admin, { label: `PO number ${tag()}`, type: 'number', is_unique: true });
    const mail = await define(admin, { label: `Billing email ${tag()}`, type: 'email', is_unique: true });
    await recordServices.contacts.create(admin, { last_name: `First ${tag()}`, custom: { [po.key]: 1001, [mail.key]: 'ap@northwind.example' } });
    const sameNumber = await recordServices.contacts.create(admin, { last_name: `Second ${tag()}`, custom: { [po.key]: '1001.0' } }).catch((e: CrmError) => e);
    expect((sameNumber as CrmError).fieldErrors[`custom.${po.key}`]).toEqual([expect.stringMatching(/^Another contact already has this PO number/)]);
    const sameMail = await recordServices.contacts.create(admin, { last_name: `Third ${tag()}`, custom: { [mail.key]: 'AP@Northwind.example' } }).catch((e: CrmError) => e);
    expect((sameMail as CrmError).kind).toBe('validation');
    // A sales rep hits the same wall for a record they cannot see (as with a contact's email).
    expect(await kindOf(recordServices.contacts.create(sales1, { last_name: `Rep ${tag()}`, owner_id: sales1.userId, custom: { [po.key]: 1001 } }))).toBe('validation');
    // Another organisation may use the value.
    const contosoPo = await define(contosoAdmin, { label: `PO number ${tag()}`, type: 'number', is_unique: true });
    expect(await kindOf(recordServices.contacts.create(contosoAdmin, { last_name: `Contoso ${tag()}`, custom: { [contosoPo.key]: 1001 } }))).toBe('ok');
  });

  it('refuses to make a property unique while records share a value', async () => {
    const code = await define(admin, { label: `Cohort code ${tag()}`, type: 'text' });
    await recordServices.contacts.create(admin, { last_name: `A ${tag()}`, custom: { [code.key]: 'C-1' } });
    await recordServices.contacts.create(admin, { last_name: `B ${tag()}`, custom: { [code.key]: 'C-1' } });
    const error = await updatePropertyDefinition(admin, { id: code.id, is_unique: true }).catch((e: CrmError) => e);
    expect((error as CrmError).message).toMatch(/already share a value of “Cohort code/);
  });
});

describe('services, lists, audit, export and erasure', () => {
  it('creates and edits values with the form’s messages, filters the list by them, and audits the change', async () => {
    const format = await define(admin, { label: `Training format ${tag()}`, type: 'single_select', options: [{ label: 'Online' }, { label: 'Classroom' }] });
    const topics = await define(admin, { label: `Topics ${tag()}`, type: 'multi_select', options: [{ label: 'GDPR' }, { label: 'ISO 27001' }] });
    const bad = await recordServices.contacts.create(admin, { last_name: 'Bad', custom: { [format.key]: 'webinar', [topics.key]: ['soc2'] } }).catch((e: CrmError) => e.fieldErrors);
    expect(Object.keys(bad as object).sort()).toEqual([`custom.${format.key}`, `custom.${topics.key}`].sort());

    const surname = `Filtered ${tag()}`;
    const online = await recordServices.contacts.create(sales1, { last_name: surname, owner_id: sales1.userId, custom: { [format.key]: 'online', [topics.key]: ['gdpr', 'iso-27001'] } });
    await recordServices.contacts.create(sales2, { last_name: surname, owner_id: sales2.userId, custom: { [format.key]: 'online' } });
    const classroom = await recordServices.contacts.create(admin, { last_name: surname, custom: { [format.key]: 'classroom' } });

    const byFormat = await listContacts(manager, { q: surname.toLowerCase(), custom: { [format.key]: 'online' } });
    expect(byFormat.rows.length).toBe(2);
    expect(await countContacts(manager, { q: surname.toLowerCase(), custom: { [format.key]: 'online' } })).toEqual({ count: 2, more: false, partial: false });
    // RLS still decides: a rep sees their own match only.
    expect((await listContacts(sales1, { custom: { [format.key]: 'online' } })).rows.map((r) => r.id)).toEqual([online.id]);
    expect((await listContacts(manager, { q: surname.toLowerCase(), custom: { [topics.key]: 'gdpr' } })).rows.map((r) => r.id)).toEqual([online.id]);
    expect((await listContacts(manager, { q: surname.toLowerCase(), custom: { [topics.key]: '__unset' } })).rows.length).toBe(2);
    expect(await kindOf(listContacts(manager, { custom: { no_such_property: 'x' } }))).toBe('validation');

    // A patch changes only the keys sent; '' removes one.
    const v2 = await recordServices.contacts.update(admin, { id: classroom.id, expected_updated_at: classroom.updated_at, custom: { [topics.key]: ['gdpr'] } });
    await recordServices.contacts.update(admin, { id: classroom.id, expected_updated_at: v2, custom: { [format.key]: '' } });
    const row = await ownerDb().selectFrom('contacts').select('custom').where('id', '=', classroom.id).executeTakeFirstOrThrow();
    expect(row.custom).toEqual({ [topics.key]: ['gdpr'] });
    const audit = await ownerDb().selectFrom('audit_log').select('changes').where('record_id', '=', classroom.id).where('operation', '=', 'update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.changes).toEqual({ custom: { old: { [topics.key]: ['gdpr'], [format.key]: 'classroom' }, new: { [topics.key]: ['gdpr'] } } });
  });

  it('finds the same rows, under the same RLS, whether a filter is narrow (index) or broad (row by row)', async () => {
    const format = await define(admin, { label: `Path format ${tag()}`, type: 'single_select', options: [{ label: 'Online' }, { label: 'Classroom' }] });
    const made: Record<'mine' | 'theirs', Record<string, string[]>> = { mine: { online: [], classroom: [] }, theirs: { online: [], classroom: [] } };
    // "online" on 60 of the newest contacts (over 5% of what anyone sees: broad), "classroom" on one of each rep's (narrow).
    for (const [who, owner] of [['mine', sales1], ['theirs', sales2]] as const) {
      for (const value of [...Array.from({ length: 30 }, () => 'online'), 'classroom']) {
        const contact = await recordServices.contacts.create(admin, { last_name: `Path ${tag()}`, owner_id: owner.userId, custom: { [format.key]: value } });
        made[who][value]?.push(contact.id);
      }
    }
    const seen = (who: Staff, value: string) =>
      asUserRolledBack(who, async (tx) => {
        const wanted = JSON.stringify({ [format.key]: value });
        const broad = await customFilterIsBroad(tx, 'contacts', who, wanted);
        const rows = (await contactPage(tx, who, contactListSchema.parse({ custom: { [format.key]: value }, limit: 100 }))).rows.map((r) => r.id).sort();
        return { broad, rows };
      });
    const both = (value: string) => [...(made.mine[value] ?? []), ...(made.theirs[value] ?? [])].sort();
    expect(await seen(manager, 'online')).toEqual({ broad: true, rows: both('online') });
    expect(await seen(manager, 'classroom')).toEqual({ broad: false, rows: both('classroom') });
    // A rep's list and a rep's decision see their own records only, on either path.
    expect(await seen(sales1, 'online')).toEqual({ broad: true, rows: [...(made.mine.online ?? [])].sort() });
    expect(await seen(sales1, 'classroom')).toEqual({ broad: false, rows: made.mine.classroom });
    // The candidate ids follow the owner rule too: a rep is never handed a colleague's ids.
    const ids = await asUserRolledBack(sales1, (tx) =>
      sql<{ ids: string[] }>`select private.custom_property_ids('public.contacts', ${sales1.orgId}::uuid, ${JSON.stringify({ [format.key]: 'classroom' })}::jsonb, 100) as ids`.execute(tx),
    );
    expect(ids.rows[0]?.ids).toEqual(made.mine.classroom);
  });

  it('sorts a list by a custom property across keyset pages, records without a value last', async () => {
    const seats = await define(admin, { label: `Seats ${tag()}`, type: 'number' });
    const level = await define(admin, { label: `Level ${tag()}`, type: 'single_select', options: [{ label: 'Advanced' }, { label: 'Basic' }] });
    const topics = await define(admin, { label: `Sort topics ${tag()}`, type: 'multi_select', options: [{ label: 'GDPR' }] });
    const due = await define(admin, { label: `Due ${tag()}`, type: 'datetime' });
    const surname = `Sorted${tag()}`;
    const make = (first: string, custom: Record<string, unknown>) => recordServices.contacts.create(admin, { first_name: first, last_name: surname, custom });
    // 100 > 20 > 5 as numbers (as text "5" would come first).
    await make('Hundred', { [seats.key]: 100, [level.key]: 'basic' });
    await make('Five', { [seats.key]: 5 });
    await make('None', {});
    await make('Twenty', { [seats.key]: 20, [level.key]: 'advanced' });
    const walk = async (params: Record<string, unknown>) => {
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listContacts(manager, { q: surname.toLowerCase(), limit: 1, cursor, ...params });
        names.push(...page.rows.map((r) => r.first_name ?? ''));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && names.length < 10);
      return names;
    };
    expect(await walk({ sort: `cp_${seats.key}` })).toEqual(['Hundred', 'Twenty', 'Five', 'None']);
    expect(await walk({ sort: `cp_${seats.key}`, direction: 'asc' })).toEqual(['Five', 'Twenty', 'Hundred', 'None']);
    expect((await walk({ sort: `cp_${level.key}` })).slice(0, 2)).toEqual(['Twenty', 'Hundred']);
    // Two instants within one millisecond (the app writes milliseconds; an import or a direct
    // write need not): a cursor cut to milliseconds would skip one of them.
    for (const [first, at] of [['Hundred', '2027-01-01T10:00:00.000900Z'], ['Five', '2027-01-01T10:00:00.000100Z']] as const) {
      await ownerDb().updateTable('contacts').set({ custom: sql`custom || jsonb_build_object(${due.key}::text, ${at}::text)` }).where('last_name', '=', surname).where('first_name', '=', first).execute();
    }
    expect((await walk({ sort: `cp_${due.key}` })).slice(0, 2)).toEqual(['Hundred', 'Five']);
    expect((await walk({ sort: `cp_${due.key}`, direction: 'asc' })).slice(0, 2)).toEqual(['Five', 'Hundred']);
    expect(await kindOf(listContacts(manager, { sort: `cp_${topics.key}` }))).toBe('validation');
    expect(await kindOf(listContacts(manager, { sort: 'cp_no_such_property' }))).toBe('validation');
    expect(await kindOf(listContacts(manager, { sort: 'custom' }))).toBe('validation');
    // A cursor whose value does not fit the property's type is a bad link, not a crash.
    const forged = encodeCursor({ value: 'not a number', id: randomUUID() });
    expect(await kindOf(listContacts(manager, { sort: `cp_${seats.key}`, cursor: forged }))).toBe('validation');
  });

  it('keeps custom values on an enrollment: booked with them, edited against the version seen', async () => {
    const dietary = await define(admin, { object: 'enrollment', label: `Dietary ${tag()}`, type: 'single_select', options: [{ label: 'Vegetarian' }, { label: 'Vegan' }] });
    const course = await ownerDb().selectFrom('courses').select('id').where('org_id', '=', manager.orgId).executeTakeFirstOrThrow();
    const courseSession = await ownerDb()
      .insertInto('course_sessions')
      .values({ org_id: manager.orgId, course_id: course.id, starts_at: '2027-09-01T09:00Z', ends_at: '2027-09-01T17:00Z', delivery: 'online', meeting_url: 'https://meet.example.com/e', capacity: 5 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const person = await recordServices.contacts.create(manager, { last_name: `Diner ${tag()}`, owner_id: sales1.userId });
    // A value the select does not offer is refused, and nothing is booked.
    expect(await kindOf(enroll(manager, { session_id: courseSession.id, contact_id: person.id, custom: { [dietary.key]: 'pescatarian' } }))).toBe('validation');
    const booked = await enroll(manager, { session_id: courseSession.id, contact_id: person.id, custom: { [dietary.key]: 'vegetarian' } });
    const stored = () => ownerDb().selectFrom('enrollments').select(['custom', 'updated_at']).where('id', '=', booked.id).executeTakeFirstOrThrow();
    const before = await stored();
    expect(before.custom).toEqual({ [dietary.key]: 'vegetarian' });
    await updateEnrollment(sales1, { id: booked.id, expected_updated_at: before.updated_at, custom: { [dietary.key]: 'vegan' } });
    expect((await stored()).custom).toEqual({ [dietary.key]: 'vegan' });
    // The version the manager saw is gone: their edit is refused, not silently applied.
    expect(await kindOf(updateEnrollment(manager, { id: booked.id, expected_updated_at: before.updated_at, custom: { [dietary.key]: 'vegetarian' } }))).toBe('conflict');
    // Another rep (who sees bookings but changes only their own contacts'), and another organisation, change nothing.
    const now = (await stored()).updated_at;
    expect(await kindOf(updateEnrollment(sales2, { id: booked.id, expected_updated_at: now, custom: { [dietary.key]: 'vegetarian' } }))).toBe('forbidden');
    // (Contoso has no such property, so that key is refused before the row is looked for.)
    expect(await kindOf(updateEnrollment(contosoAdmin, { id: booked.id, expected_updated_at: now, custom: { [dietary.key]: 'vegetarian' } }))).toBe('validation');
    expect(await kindOf(updateEnrollment(contosoAdmin, { id: booked.id, expected_updated_at: now, custom: {} }))).toBe('not_found');
    expect((await stored()).custom).toEqual({ [dietary.key]: 'vegan' });
  });

  it('refuses a booking without a required enrollment property, in the database', async () => {
    const outcome = await asUserRolledBack(admin, async (tx: Tx) => {
      const key = `req_${tag()}`;
      await sql`insert into public.property_definitions (org_id, object, key, label, type, required) values (${admin.orgId}, 'enrollment', ${key}, 'Badge name', 'text', true)`.execute(tx);
      const session = await sql<{ id: string }>`insert into public.course_sessions (org_id, course_id, starts_at, ends_at, delivery, meeting_url, capacity)
        select org_id, id, '2027-10-01T09:00Z', '2027-10-01T17:00Z', 'online', 'https://meet.example.com/b', 5 from public.courses where org_id = ${admin.orgId} limit 1 returning id`.execute(tx);
      const contact = await sql<{ id: string }>`insert into public.contacts (org_id, last_name) values (${admin.orgId}, 'Badge') returning id`.execute(tx);
      return sql`insert into public.enrollments (org_id, session_id, contact_id) values (${admin.orgId}, ${session.rows[0]?.id}, ${contact.rows[0]?.id})`
        .execute(tx)
        .then(
          () => 'ok',
          (error: { message: string }) => error.message,
        );
    });
    expect(outcome).toBe('Badge name is required.');
  });

  it('lets a segment match a custom select or yes/no, a multi-select by any of its values', async () => {
    const format = await define(admin, { label: `Segment format ${tag()}`, type: 'single_select', options: [{ label: 'Online' }, { label: 'Classroom' }] });
    const topics = await define(admin, { label: `Segment topics ${tag()}`, type: 'multi_select', options: [{ label: 'GDPR' }, { label: 'Agile' }] });
    const funded = await define(admin, { label: `Segment funded ${tag()}`, type: 'boolean' });
    const mark = tag();
    await recordServices.contacts.create(admin, { last_name: `Seg ${mark}`, email: `a-${mark}@example.com`, custom: { [format.key]: 'online', [topics.key]: ['gdpr', 'agile'], [funded.key]: true } });
    await recordServices.contacts.create(admin, { last_name: `Seg ${mark}`, email: `b-${mark}@example.com`, custom: { [format.key]: 'online', [funded.key]: false } });
    await recordServices.contacts.create(admin, { last_name: `Seg ${mark}`, email: `c-${mark}@example.com`, custom: { [format.key]: 'classroom', [topics.key]: ['agile'] } });
    const count = (properties: Record<string, string>) => previewSegmentCount(admin, { audience: 'contacts', filter: { properties } });
    expect(await count({ [format.key]: 'online' })).toBe(2);
    expect(await count({ [topics.key]: 'agile' })).toBe(2);
    expect(await count({ [format.key]: 'online', [funded.key]: 'true' })).toBe(1);
    expect(await count({ [funded.key]: 'false' })).toBe(1);
    expect(await kindOf(previewSegmentCount(admin, { audience: 'contacts', filter: { properties: { 'Not A Key': 'x' } } }))).toBe('validation');
  });

  it('explains the keys in a subject export, and erasure clears the values', async () => {
    const { key } = await define(admin, { label: `Dietary needs ${tag()}`, type: 'text' });
    const email = `subject-${tag()}@example.com`;
    await recordServices.contacts.create(admin, { last_name: 'Subject', email, custom: { [key]: 'Vegetarian' } });
    const request = await ownerDb()
      .insertInto('data_subject_requests')
      .values({ org_id: admin.orgId, type: 'erasure', subject_email: email, received_via: 'email', status: 'verified', verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const compliance = await staff('compliance@northwind.example');
    const exported = await asUserRolledBack(compliance, (tx) => sql<{ doc: { data: Record<string, { key?: string; label?: string; custom?: Record<string, unknown> }[]> } }>`select private.subject_export(${request.id}) as doc`.execute(tx));
    const data = exported.rows[0]?.doc.data;
    expect(data?.contacts?.[0]?.custom).toEqual({ [key]: 'Vegetarian' });
    expect(data?.property_definitions?.find((d) => d.key === key)?.label).toMatch(/^Dietary needs/);
    await withUser(compliance, (tx) => sql`select private.erase_subject(${request.id}, true)`.execute(tx));
    const erased = await ownerDb().selectFrom('contacts').select(['custom', 'last_name']).where('org_id', '=', admin.orgId).where('email', 'is', null).where('last_name', '=', 'Erased person').orderBy('updated_at', 'desc').executeTakeFirstOrThrow();
    expect(erased.custom).toEqual({});
  });
});
