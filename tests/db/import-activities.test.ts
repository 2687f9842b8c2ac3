/**
 * Imports of activities through the real path: calls, notes, meetings and tasks on the
 * contact, account, deal or lead each row names; a row that names none is refused; tasks keep
 * their dates and other kinds do not; a sheet without ids only creates, one with ids
 * re-imports to no change; revert puts what it created in the trash.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';
import { getImport, revertImportRequest, saveImportSettings, uploadImport } from '../../lib/imports/imports';
import { bytesOf, csv, drain, importThrough } from './import-support';
import { type Staff, staff } from './support';

let admin: Staff;


const importActivities = (text: string) => importThrough(admin, 'activities', text);

beforeAll(async () => {
  admin = await staff('admin@northwind.example');
});

describe('an activities sheet', () => {
  it('puts each activity on the record it names, shapes tasks, refuses what names nothing, and reverts', async () => {
    const t = randomUUID().slice(0, 8);
    const db = ownerDb();
    const contact = await db.insertInto('contacts').values({ org_id: admin.orgId, last_name: 'Caller', email: `caller.${t}@example.com` }).returning('id').executeTakeFirstOrThrow();
    const account = await db.insertInto('accounts').values({ org_id: admin.orgId, name: `Activity Corp ${t}` }).returning('id').executeTakeFirstOrThrow();
    const pipeline = await db.selectFrom('pipelines').innerJoin('pipeline_stages', 'pipeline_stages.pipeline_id', 'pipelines.id').select(['pipelines.id', 'pipeline_stages.id as stage']).where('pipelines.org_id', '=', admin.orgId).where('is_default', '=', true).executeTakeFirstOrThrow();
    const deal = await db.insertInto('opportunities').values({ org_id: admin.orgId, name: `Activity deal ${t}`, pipeline_id: pipeline.id, stage_id: pipeline.stage }).returning('id').executeTakeFirstOrThrow();
    const rows = [
      ['Activity type', 'Subject', 'Body', 'Date', 'Associated contact', 'Company', 'Deal name', 'Due date'],
      ['Call', `Intro call ${t}`, 'Talked about the course', '2026-10-01 10:00', `caller.${t}@example.com`, '', '', ''],
      ['Note', '', `First line ${t}\nsecond line`, '2026-10-02', '', `Activity Corp ${t}`, '', ''],
      ['', `Follow up ${t}`, '', '', `caller.${t}@example.com`, '', '', '2026-12-20'],
      ['Meeting', `Nobody ${t}`, '', '', `nobody.${t}@example.com`, 'Unknown Co', 'No such deal', ''],
      ['Call', `Deal call ${t}`, '', '', '', '', `activity deal ${t}`, '2026-12-01'],
      ['Carrier pigeon', `Odd ${t}`, '', '', `caller.${t}@example.com`, '', '', ''],
    ];
    const { id, uploaded, dry, summary } = await importActivities(csv(rows));
    expect([uploaded.match, uploaded.mode]).toEqual(['none', 'create']);
    const expected = { rows: 6, created: 5, updated: 0, unchanged: 0, duplicates_in_file: 0, refused: { no_record: 1 }, warnings: { not_a_task: 1, unknown_type: 1 } };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);

    const made = await db
      .selectFrom('activities')
      .select(['kind', 'subject', 'occurred_at', 'due_at', 'contact_id', 'account_id', 'opportunity_id'])
      .where('import_id', '=', id)
      .orderBy('subject')
      .execute();
    expect(made).toEqual([
      { kind: 'call', subject: `Deal call ${t}`, occurred_at: expect.any(Date), due_at: null, contact_id: null, account_id: null, opportunity_id: deal.id },
      { kind: 'note', subject: `First line ${t}`, occurred_at: new Date('2026-10-02T00:00:00Z'), due_at: null, contact_id: null, account_id: account.id, opportunity_id: null },
      { kind: 'task', subject: `Follow up ${t}`, occurred_at: expect.any(Date), due_at: new Date('2026-12-20T00:00:00Z'), contact_id: contact.id, account_id: null, opportunity_id: null },
      { kind: 'call', subject: `Intro call ${t}`, occurred_at: new Date('2026-10-01T10:00:00Z'), due_at: null, contact_id: contact.id, account_id: null, opportunity_id: null },
      { kind: 'note', subject: `Odd ${t}`, occurred_at: expect.any(Date), due_at: null, contact_id: contact.id, account_id: null, opportunity_id: null },
    ]);

    await revertImportRequest(admin, id);
    await drain();
    expect((await getImport(admin, id)).revert_summary).toMatchObject({ removed: 5 });
    expect(await db.selectFrom('activities').select('id').where('import_id', '=', id).where('deleted_at', 'is', null).execute()).toEqual([]);
  });

  it('keeps a refused row with a NUL byte for the refused-rows file, without it', async () => {
    const { id, summary } = await importActivities(csv([['Subject', 'Contact'], ['Nul\u0000byte', 'nobody@example.com']]));
    expect(summary).toMatchObject({ refused: { no_record: 1 } });
    const done = await getImport(admin, id);
    expect(done.status).toBe('done');
    expect(done.dry_refused).toEqual([{ row: 1, reason: 'no_record', cells: ['Nulbyte', 'nobody@example.com'] }]);
  });

  it('only creates when nothing identifies the rows, and re-imports a sheet with ids to no change', async () => {
    const t = randomUUID().slice(0, 8);
    await ownerDb().insertInto('contacts').values({ org_id: admin.orgId, last_name: 'Noted', email: `noted.${t}@example.com` }).execute();
    const { id } = await uploadImport(admin, { object: 'activities', fileName: 'notes.csv' }, bytesOf(csv([['Note body', 'Contact email'], ['Hello', `noted.${t}@example.com`]])));
    const uploaded = await getImport(admin, id);
    await expect(saveImportSettings(admin, { id, mapping: uploaded.mapping, mode: 'upsert', match: 'none' })).rejects.toThrow('Without ids nothing is matched');

    const sheet = csv([['Record ID', 'Type', 'Subject', 'Contact'], [`n1-${t}`, 'note', 'Kept once', `noted.${t}@example.com`]]);
    const first = await importActivities(sheet);
    expect(first.uploaded.match).toBe('external_id');
    expect(first.summary).toMatchObject({ created: 1 });
    const second = await importActivities(sheet);
    expect(second.summary).toMatchObject({ created: 0, unchanged: 1 });
  });
});
