/**
 * Imports matched on a unique custom property (a member number): rows update the record that
 * holds the value, compared as the property's unique index compares it (numbers as numbers,
 * emails in any case); a row without a value is refused; a property that is not unique, or
 * an object without custom properties, cannot be matched on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getImport, saveImportSettings, uploadImport } from '../../lib/imports/imports';
import { ownerDb } from '../../lib/db/owner';
import { bytesOf, csv, importThrough } from './import-support';
import { adminOfOwnOrganisation, kindOf, type Staff } from './support';

let admin: Staff & { role: 'admin' };
const db = () => ownerDb();

beforeAll(async () => {
  // An organisation of its own: its properties stay out of the shared demo ones.
  admin = { ...(await adminOfOwnOrganisation('Member numbers')), role: 'admin' };
  await db()
    .insertInto('property_definitions')
    .values([
      { org_id: admin.orgId, object: 'contact', key: 'member_no', label: 'Member number', type: 'number', is_unique: true, position: 1 },
      { org_id: admin.orgId, object: 'contact', key: 'alt_email', label: 'Portal login', type: 'email', is_unique: true, position: 2 },
      { org_id: admin.orgId, object: 'contact', key: 'region', label: 'Region', type: 'text', is_unique: false, position: 3 },
    ] as never)
    .execute();
  await db()
    .insertInto('contacts')
    .values([
      { org_id: admin.orgId, first_name: 'Ines', last_name: 'Moreau', email: 'ines@old.example', custom: { member_no: 1200, alt_email: 'Ines.Moreau@Work.example' } },
      { org_id: admin.orgId, first_name: 'Omar', last_name: 'Haddad', email: 'omar@old.example', custom: { member_no: 7, region: 'North' } },
    ] as never)
    .execute();
});

const contactsOf = () => db().selectFrom('contacts').select(['first_name', 'last_name', 'email', 'job_title', 'custom']).where('org_id', '=', admin.orgId).where('deleted_at', 'is', null).orderBy('last_name').execute();

describe('matching on a unique custom property', () => {
  it('offers the unique properties and updates the record holding the value, whatever its address', async () => {
    const file = csv([
      ['Member number', 'Email', 'Last name', 'Job title'],
      ['1200.00', 'ines@new.example', 'Moreau', 'Assessor'],
      ['7', '', 'Haddad', 'Trainer'],
      ['', 'nobody@example.com', 'Nobody', 'Trainer'],
      ['31', 'new.member@example.com', 'Newman', 'Trainee'],
    ]);
    const { dry, summary } = await importThrough(admin, 'contacts', file, { mode: 'upsert', match: 'custom:member_no' });
    expect(dry).toMatchObject({ rows: 4, created: 1, updated: 2, refused: { missing_match_value: 1 } });
    expect(summary).toMatchObject({ rows: 4, created: 1, updated: 2, refused: { missing_match_value: 1 } });
    const people = await contactsOf();
    expect(people.map((p) => [p.last_name, p.email, p.job_title, (p.custom as { member_no?: number }).member_no])).toEqual([
      ['Haddad', 'omar@old.example', 'Trainer', 7],
      ['Moreau', 'ines@new.example', 'Assessor', 1200],
      ['Newman', 'new.member@example.com', 'Trainee', 31],
    ]);
  });

  it('compares a unique email property in any case', async () => {
    const file = csv([
      ['Portal login', 'Last name', 'Job title'],
      ['INES.MOREAU@work.EXAMPLE', 'Moreau', 'Lead assessor'],
    ]);
    const { summary } = await importThrough(admin, 'contacts', file, { mode: 'update', match: 'custom:alt_email' });
    expect(summary).toMatchObject({ rows: 1, updated: 1 });
    expect((await contactsOf()).find((p) => p.last_name === 'Moreau')?.job_title).toBe('Lead assessor');
  });

  it('refuses a property that is not unique, one that does not exist, and an object without custom properties, changing nothing', async () => {
    const { id } = await uploadImport(admin, { object: 'contacts', fileName: 'regions.csv' }, bytesOf(csv([['Region', 'Last name'], ['North', 'Haddad']])));
    const uploaded = await getImport(admin, id);
    const save = (match: string) => saveImportSettings(admin, { id, mapping: uploaded.mapping, mode: 'update', match, external_source: null });
    const notUnique = await save('custom:region').catch((e: unknown) => e as Error);
    expect((notUnique as Error).message).toContain('“Region” is not a unique property');
    expect(await kindOf(save('custom:no_such_thing'))).toBe('validation');
    expect(await kindOf(save('custom:Robert); drop table contacts; --'))).toBe('validation');
    expect((await getImport(admin, id)).match).toBe(uploaded.match);

    const activities = await uploadImport(admin, { object: 'activities', fileName: 'calls.csv' }, bytesOf(csv([['Subject', 'Contact email'], ['Call', 'omar@old.example']])));
    const fetched = await getImport(admin, activities.id);
    const refused = await saveImportSettings(admin, { id: activities.id, mapping: fetched.mapping, mode: 'create', match: 'custom:member_no', external_source: null }).catch((e: unknown) => e as Error);
    expect((refused as Error).message).toContain('not matched on a custom property');
  });
});
