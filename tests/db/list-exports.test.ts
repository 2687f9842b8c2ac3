/**
 * Exporting a list: the file holds exactly the rows the list shows the requester — filters,
 * search, sort, their RLS — with labels, formula cells neutralised; it is written in chunks
 * that resume after an interruption without a duplicate; only its requester reads it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPropertyDefinition } from '../../lib/crm/custom-properties';
import { recordServices } from '../../lib/crm/record-services';
import { ownerDb } from '../../lib/db/owner';
import { cancelMyExport, listMyExports, openExportFile, requestListExport } from '../../lib/exports/list-export';
import { exportDrainer } from '../../lib/jobs/exports';
import { kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let manager: Staff;
let sales1: Staff;
let sales2: Staff;
let viewer: Staff;
let contosoAdmin: Staff;
const tag = `exp${randomUUID().slice(0, 8)}`;
/** Records of the later tests: a search for `tag` keeps finding the first five only. */
const tag2 = `exq${randomUUID().slice(0, 8)}`;
let format: { id: string; key: string };
const nudges: string[] = [];
const boss = {
  send: async (name: string) => {
    nudges.push(name);
    return null;
  },
} as unknown as PgBoss;
const drain = (chunkRows = 1000, chunksPerTurn = 200) => exportDrainer({ boss }, { chunkRows, chunksPerTurn })({}, { id: 'test', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });

async function fileOf(who: Staff, exportId: string): Promise<string> {
  const { chunks } = await openExportFile(who, exportId);
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  manager = await staff('manager@northwind.example');
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
  viewer = await staff('viewer@northwind.example');
  contosoAdmin = await staff('admin@contoso.example');
  format = await createPropertyDefinition(admin, { object: 'contact', label: `Export format ${tag}`, type: 'single_select', options: [{ label: 'Online' }, { label: 'Classroom' }] });
  const people: [string, string, Staff][] = [
    ['Ada', `Byron ${tag}`, sales1],
    ['Grace', `Hopper ${tag}`, sales2],
    ['Alan', `Turing ${tag}`, sales1],
    ['Mallory', `=HYPERLINK("http://evil.example") ${tag}`, sales1],
    ['Edsger', `Dijkstra ${tag}`, sales2],
  ];
  for (const [first, last, owner] of people) {
    await recordServices.contacts.create(admin, { first_name: first, last_name: last, email: `${first.toLowerCase()}.${tag}@example.com`, owner_id: owner.userId, custom: { [format.key]: first === 'Ada' ? 'online' : 'classroom' } });
  }
});

afterAll(async () => {
  await ownerDb().updateTable('property_definitions').set({ archived_at: new Date() }).where('id', '=', format.id).execute();
});

describe('exporting a list', () => {
  it('writes exactly the rows, order and columns the list shows, with labels and formulas neutralised', async () => {
    const { id } = await requestListExport(manager, { list: 'contacts', query: `q=${tag}&sort=last_name&cursor=ignored`, columns: ['name', 'email', 'owner', `custom.${format.key}`] });
    await drain();
    const [mine] = await listMyExports(manager);
    expect(mine).toMatchObject({ id, status: 'done', rows_written: 5, rows_expected: 5, list: 'contacts' });
    const lines = (await fileOf(manager, id)).split('\n');
    expect(lines[0]).toBe(`\uFEFFFirst name,Last name,Email,Owner,Export format ${tag}`);
    // Sorted by last name as the list was: "=HYPERLINK…" sorts first, and is made inert.
    expect(lines.slice(1, 6).map((l) => l.split(',')[0])).toEqual(['Mallory', 'Ada', 'Edsger', 'Grace', 'Alan']);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"") ${tag}"`);
    expect(lines[2]).toContain('Online');
    expect(lines[2]).toContain('Priya Raman');
    // The requester is told, with the way to the file.
    const note = await ownerDb().selectFrom('notifications').select(['title', 'href']).where('record_id', '=', id).executeTakeFirstOrThrow();
    expect(note).toEqual({ title: 'Your export of 5 contacts is ready to download', href: '/exports' });
  });

  it('writes the same rows as an Excel workbook, numbers as numbers, resuming chunk by chunk', async () => {
    const { id } = await requestListExport(manager, { list: 'contacts', query: `q=${tag}&sort=last_name`, format: 'xlsx', columns: ['name', 'email', `custom.${format.key}`] });
    // Two rows a chunk: the workbook is made of three stored chunks.
    for (let turn = 0; turn < 3; turn++) await drain(2, 1);
    const [mine] = await listMyExports(manager);
    expect(mine).toMatchObject({ id, status: 'done', rows_written: 5, file_format: 'xlsx' });
    expect(mine?.file_name).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const { workbookStream } = await import('../../lib/exports/xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const opened = await openExportFile(manager, id);
    expect(opened.format).toBe('xlsx');
    const bytes = Buffer.from(await new Response(workbookStream(opened.chunks, 'Contacts')).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as never);
    const sheet = book.getWorksheet('Contacts');
    const values = (sheet?.getSheetValues() ?? []).filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(['First name', 'Last name', 'Email', `Export format ${tag}`]);
    expect(values.slice(1).map((r) => r[0])).toEqual(['Mallory', 'Ada', 'Edsger', 'Grace', 'Alan']);
    // A workbook's text cell is never a formula: the value stays as written; a label, not a key.
    expect(values[1]?.[1]).toBe(`=HYPERLINK("http://evil.example") ${tag}`);
    expect(sheet?.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(values[2]?.[3]).toBe('Online');
    // A score stays a number in a workbook of leads.
    const leads = await requestListExport(manager, { list: 'leads', query: 'sort=score', format: 'xlsx', columns: ['name', 'score'] });
    await drain();
    const leadFile = await openExportFile(manager, leads.id);
    const leadBook = new ExcelJS.Workbook();
    await leadBook.xlsx.load(Buffer.from(await new Response(workbookStream(leadFile.chunks, 'Leads')).arrayBuffer()) as never);
    expect(typeof leadBook.getWorksheet('Leads')?.getRow(2).getCell(3).value).toBe('number');
  });

  it('holds only what the requester may see: a sales rep’s export has their own contacts', async () => {
    const { id } = await requestListExport(sales1, { list: 'contacts', query: `q=${tag}`, columns: 'all' });
    await drain();
    const file = await fileOf(sales1, id);
    expect(file).toContain('Ada');
    expect(file).toContain('Alan');
    expect(file).not.toContain('Grace');
    expect(file).not.toContain('Edsger');
    expect(file.split('\n')[0]).toContain('Cohort ID');
    // Nobody else reads it: not a colleague, not a manager, not another organisation.
    for (const other of [sales2, manager, contosoAdmin]) expect(await kindOf(openExportFile(other, id))).toBe('not_found');
    expect((await listMyExports(sales2)).map((e) => e.id)).not.toContain(id);
  });

  it('resumes after each chunk without losing or repeating a row', async () => {
    const whole = await requestListExport(manager, { list: 'contacts', query: `q=${tag}&sort=last_name`, columns: ['name'] });
    await drain();
    const pieces = await requestListExport(manager, { list: 'contacts', query: `q=${tag}&sort=last_name`, columns: ['name'] });
    // Two rows a chunk, one chunk a turn: as if the worker stopped after every chunk.
    nudges.length = 0;
    for (let turn = 0; turn < 3; turn++) await drain(2, 1);
    expect(nudges).toEqual(['export-drain', 'export-drain']);
    const row = await ownerDb().selectFrom('list_exports').select(['status', 'chunks', 'rows_written']).where('id', '=', pieces.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', chunks: 3, rows_written: 5 });
    expect(await fileOf(manager, pieces.id)).toBe(await fileOf(manager, whole.id));
  });

  it('refuses a viewer, a filter the list refuses and a column it does not have, queueing nothing', async () => {
    const before = await ownerDb().selectFrom('list_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await kindOf(requestListExport(viewer, { list: 'contacts', query: '', columns: ['name'] }))).toBe('forbidden');
    expect(await kindOf(requestListExport(manager, { list: 'leads', query: 'score_min=abc', columns: ['name'] }))).toBe('validation');
    expect(await kindOf(requestListExport(manager, { list: 'contacts', query: '', columns: ['password_hash'] }))).toBe('validation');
    expect(await kindOf(requestListExport(manager, { list: 'contacts', query: 'cp_no_such=1', columns: ['name'] }))).toBe('validation');
    const after = await ownerDb().selectFrom('list_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('lets only the roles the organisation chose export, admins always, as the database decides too', async () => {
    const { updateOrganization, getOrganization } = await import('../../lib/crm/organization');
    const { withUser } = await import('../../lib/db/session');
    const before = await getOrganization(admin);
    expect(before.export_roles).toEqual(['admin', 'manager', 'sales', 'marketing', 'compliance']);
    const insertAs = (who: Staff) =>
      withUser(who, (tx) => tx.insertInto('list_exports').values({ org_id: who.orgId, list: 'contacts', query: '', columns: ['name'], file_name: 'x.csv' }).returning('id').executeTakeFirstOrThrow());
    try {
      // Sales reps out, the viewer in; admin cannot be left out (it is added back).
      await updateOrganization(admin, { ...before, logo_url: before.logo_url ?? '', postal_address: before.postal_address ?? '', brand_color: before.brand_color ?? '#1d4ed8', export_roles: ['manager', 'viewer'] });
      expect((await getOrganization(admin)).export_roles).toEqual(['admin', 'manager', 'viewer']);
      const refused = await requestListExport(sales1, { list: 'contacts', query: '', columns: ['name'] }).catch((e: unknown) => e);
      expect(await kindOf(Promise.reject(refused))).toBe('forbidden');
      expect((refused as Error).message).toContain('does not let your role export');
      await expect(insertAs(sales1)).rejects.toThrow(/row-level security/);
      const allowed = await requestListExport(viewer, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
      await cancelMyExport(viewer, allowed.id);
      expect((await requestListExport(admin, { list: 'contacts', query: `q=${tag}`, columns: ['name'] })).id).toBeTruthy();
      // No unknown role; only admins choose; the database keeps admin in whatever is stored.
      expect(await kindOf(updateOrganization(admin, { ...before, logo_url: '', export_roles: ['owner'] }))).toBe('validation');
      expect(await kindOf(updateOrganization(manager, { ...before, logo_url: '', export_roles: ['manager'] }))).toBe('forbidden');
      await expect(ownerDb().updateTable('organizations').set({ export_roles: ['manager'] }).where('id', '=', admin.orgId).execute()).rejects.toThrow(/check constraint/);
      // Taken away after asking: the queued export stops with the reason, a finished one is not handed out.
      await updateOrganization(admin, { ...before, logo_url: before.logo_url ?? '', postal_address: before.postal_address ?? '', brand_color: before.brand_color ?? '#1d4ed8', export_roles: ['manager', 'viewer', 'sales'] });
      const queued = await requestListExport(sales1, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
      const finished = await requestListExport(sales2, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
      await drain();
      const queuedAgain = await requestListExport(sales1, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
      await updateOrganization(admin, { ...before, logo_url: before.logo_url ?? '', postal_address: before.postal_address ?? '', brand_color: before.brand_color ?? '#1d4ed8', export_roles: ['manager'] });
      await drain();
      expect(await ownerDb().selectFrom('list_exports').select(['status', 'error']).where('id', 'in', [queued.id, queuedAgain.id]).orderBy('created_at').execute()).toEqual([
        { status: 'done', error: null },
        { status: 'failed', error: 'Your role may no longer export lists in this organisation.' },
      ]);
      expect(await kindOf(openExportFile(sales2, finished.id))).toBe('forbidden');
    } finally {
      await ownerDb().updateTable('organizations').set({ export_roles: before.export_roles }).where('id', '=', admin.orgId).execute();
    }
  });

  it('tells the admins of an export of at least the line their organisation set, and not of a smaller one', async () => {
    const alertsFor = async (exportId: string) =>
      (await ownerDb().selectFrom('notifications').select(['user_id', 'title', 'href']).where('record_id', '=', exportId).where('kind', '=', 'large_export').execute()).map((n) => n.user_id);
    const line = await ownerDb().selectFrom('organizations').select('export_alert_rows').where('id', '=', manager.orgId).executeTakeFirstOrThrow();
    try {
      await ownerDb().updateTable('organizations').set({ export_alert_rows: 5 }).where('id', '=', manager.orgId).execute();
      const large = await requestListExport(manager, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
      const small = await requestListExport(manager, { list: 'contacts', query: `q=${tag}&owner=${sales1.userId}`, columns: ['name'] });
      await drain();
      expect(await alertsFor(large.id)).toEqual([admin.userId]);
      const [note] = await ownerDb().selectFrom('notifications').select(['title', 'href']).where('record_id', '=', large.id).where('kind', '=', 'large_export').execute();
      expect(note).toEqual({ title: 'Marcus Okafor exported 5 contacts', href: '/compliance/audit' });
      expect(await alertsFor(small.id)).toEqual([]);
    } finally {
      await ownerDb().updateTable('organizations').set({ export_alert_rows: line.export_alert_rows }).where('id', '=', manager.orgId).execute();
    }
  });

  it('writes every kind of custom property as the grid reads it, in a CSV and in a workbook', async () => {
    const define = (label: string, type: string, extra: Record<string, unknown> = {}) => createPropertyDefinition(admin, { object: 'contact', label: `${label} ${tag}`, type, ...extra });
    const defs = {
      tracks: await define('Tracks', 'multi_select', { options: [{ label: 'Safety' }, { label: '+Advanced' }] }),
      certified: await define('Certified', 'boolean'),
      seats: await define('Seats', 'number'),
      budget: await define('Budget', 'currency', { currency: 'EUR' }),
      due: await define('Due', 'date'),
      mentor: await define('Mentor', 'user'),
      former: await define('Former mentor', 'user'),
      motto: await define('Motto', 'text'),
    };
    try {
      const last = `Lovelace ${tag2}`;
      await recordServices.contacts.create(admin, {
        first_name: 'Ada',
        last_name: last,
        custom: {
          [defs.tracks.key]: ['advanced', 'safety'],
          [defs.certified.key]: false,
          [defs.seats.key]: -12.5,
          [defs.budget.key]: 1200,
          [defs.due.key]: '2027-03-01',
          [defs.mentor.key]: sales2.userId,
          [defs.motto.key]: '@SUM(A1) says "hi", twice',
        },
      });
      // A member who has left is named as such, not by their id.
      await ownerDb().updateTable('contacts').set({ custom: sql`custom || jsonb_build_object(${defs.former.key}::text, ${randomUUID()}::text)` }).where('last_name', '=', last).execute();
      const columns = ['name', ...Object.values(defs).map((d) => `custom.${d.key}`)];
      const csv = await requestListExport(manager, { list: 'contacts', query: `q=lovelace ${tag2}`, columns });
      const xlsx = await requestListExport(manager, { list: 'contacts', query: `q=lovelace ${tag2}`, columns, format: 'xlsx' });
      await drain();
      const lines = (await fileOf(manager, csv.id)).trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      // Option labels in order (one made inert: it starts with +), No, plain numbers, an ISO day, names.
      expect(lines[1]).toBe(`Ada,${last},"'+Advanced, Safety",No,-12.5,1200,2027-03-01,Tomás Gallagher,Former member,"'@SUM(A1) says ""hi"", twice"`);
      const { workbookStream } = await import('../../lib/exports/xlsx');
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await new Response(workbookStream((await openExportFile(manager, xlsx.id)).chunks, 'Contacts')).arrayBuffer()) as never);
      const row = ((book.getWorksheet('Contacts')?.getRow(2).values ?? []) as unknown[]).slice(1);
      expect(row).toEqual(['Ada', last, '+Advanced, Safety', 'No', -12.5, 1200, '2027-03-01', 'Tomás Gallagher', 'Former member', '@SUM(A1) says "hi", twice']);
    } finally {
      await ownerDb().updateTable('property_definitions').set({ archived_at: new Date() }).where('id', 'in', Object.values(defs).map((d) => d.id)).execute();
    }
  });

  it('reads a search with quotes and backslashes as the list does: literally, never as SQL', async () => {
    const last = `O'Brien\\'); drop table contacts; -- ${tag2}`;
    await recordServices.contacts.create(admin, { first_name: 'Dana', last_name: last });
    const { id } = await requestListExport(manager, { list: 'contacts', query: new URLSearchParams({ q: last.toLowerCase() }).toString(), columns: ['name'] });
    await drain();
    expect(await listMyExports(manager).then((all) => all.find((e) => e.id === id))).toMatchObject({ status: 'done', rows_written: 1 });
    expect((await fileOf(manager, id)).split('\n')[1]).toBe(`Dana,${last}`);
  });

  it('can be cancelled while it waits, and then has no file', async () => {
    const { id } = await requestListExport(manager, { list: 'contacts', query: `q=${tag}`, columns: ['name'] });
    expect(await kindOf(cancelMyExport(sales2, id))).toBe('validation');
    await cancelMyExport(manager, id);
    await drain();
    expect((await listMyExports(manager)).find((e) => e.id === id)?.status).toBe('cancelled');
    expect(await kindOf(openExportFile(manager, id))).toBe('not_found');
  });
});
