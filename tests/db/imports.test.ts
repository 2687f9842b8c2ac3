/**
 * Imports through the real path (upload → mapping → dry run → run → revert), against the
 * seeded database: every refusal reason, duplicates folded inside the file, upserts by email
 * and by external id, warnings, RLS-refused rows of a sales rep, consent only as an import
 * event, erased addresses refused, saved mappings, revert restoring updated values, who may
 * see and start an import — and a worker killed with SIGKILL mid-import resuming to the same
 * final state with no duplicate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPropertyDefinition } from '../../lib/crm/custom-properties';
import { ownerDb } from '../../lib/db/owner';
import { asService } from '../../lib/db/session';
import { beginImport, cancelImport, getImport, refusedRowsCsv, revertImportRequest, saveImportSettings, startImport, uploadImport } from '../../lib/imports/imports';
import { runImport } from '../../lib/imports/run';
import { bytesOf, csv, drain } from './import-support';
import { root } from '../../scripts/database';
import { until } from './jobs-support';
import { adminOfOwnOrganisation, kindOf, type Staff, staff } from './support';

let admin: Staff & { role: 'admin' };
let sales1: Staff;
let sales2: Staff;
let viewer: Staff;
let marketing: Staff;
let contosoAdmin: Staff;
const children: ChildProcess[] = [];


/** Uploads `text`, keeps the suggested mapping (with `changes`), runs the dry run and then the real run; returns both summaries. */
async function importFile(who: Staff, text: string, options: { object?: string; mode?: string; match?: string; source?: string; name?: string; mapping?: Record<string, string>; real?: boolean } = {}) {
  const { id } = await uploadImport(who, { object: options.object ?? 'contacts', fileName: options.name ?? 'import.csv' }, bytesOf(text));
  const uploaded = await getImport(who, id);
  await saveImportSettings(who, { id, mapping: { ...uploaded.mapping, ...options.mapping }, mode: options.mode ?? 'upsert', match: options.match ?? uploaded.match, external_source: options.source ?? uploaded.external_source });
  await startImport(who, id, true);
  await drain();
  const checked = await getImport(who, id);
  if (options.real === false) return { id, dry: checked.dry_summary, checked, done: checked };
  await startImport(who, id, false);
  await drain();
  const done = await getImport(who, id);
  return { id, dry: checked.dry_summary, checked, done, summary: done.summary };
}

const contactsByEmail = (org: string, emails: string[]) =>
  ownerDb().selectFrom('contacts').selectAll().where('org_id', '=', org).where('email', 'in', emails).where('deleted_at', 'is', null).execute();

beforeAll(async () => {
  admin = { ...(await staff('admin@northwind.example')), role: 'admin' };
  sales1 = await staff('sales1@northwind.example');
  sales2 = await staff('sales2@northwind.example');
  viewer = await staff('viewer@northwind.example');
  marketing = await staff('marketing@northwind.example');
  contosoAdmin = await staff('admin@contoso.example');
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('a HubSpot contacts export', () => {
  it('does in the real run what the dry run said, and the dry run writes nothing', async () => {
    const t = randomUUID().slice(0, 8);
    const file = csv([
      ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Lifecycle Stage', 'Contact owner', 'Marketing contact status'],
      [`1${t}`, 'Ada', `Lovelace${t}`, `ada.${t}@example.com`, '+44 20 7946 0000', 'Marketing Qualified Lead', 'admin@northwind.example', 'Marketing contact'],
      [`2${t}`, 'Bob', `Builder${t}`, 'not-an-email', '', 'lead', '', ''],
      [`3${t}`, '', `Nobody${t}`, '', '', '', '', ''],
      [`4${t}`, 'Cy', '', `cy.${t}@example.com`, '', 'customer', 'stranger@elsewhere.example', ''],
      [`5${t}`, 'Adeline', `Lovelace${t}`, ` ADA.${t}@Example.com `, '', '', '', ''],
      [`6${t}`, 'Dee', `Dawson${t}`, `dee.${t}@example.com`, '', 'Evangelist-like', 'stranger@elsewhere.example', ''],
    ]);
    const { id, dry, done, summary } = await importFile(admin, file, { name: 'hubspot-contacts.csv' });
    const expected = { rows: 6, created: 2, updated: 0, unchanged: 0, duplicates_in_file: 1, refused: { invalid_email: 1, missing_email: 1, missing_name: 1 }, warnings: { unknown_owner: 1, unknown_stage: 1 } };
    expect(dry).toEqual(expected);
    expect(summary).toEqual(expected);
    expect(done.status).toBe('done');

    const [ada, dee] = await contactsByEmail(admin.orgId, [`ada.${t}@example.com`, `dee.${t}@example.com`]).then((rows) => rows.sort((a, b) => (a.first_name ?? '').localeCompare(b.first_name ?? '')));
    // (Cy's unknown owner is not counted: a refused row has its reason, not warnings.)
    // The duplicate row (5) folded into row 1: Ada kept her name; HubSpot's MQL is a prospect; the owner a member.
    expect(ada).toMatchObject({ first_name: 'Ada', last_name: `Lovelace${t}`, phone: '+44 20 7946 0000', lifecycle_stage: 'prospect', owner_id: admin.userId, external_ids: [`hubspot:1${t}`], import_id: id });
    expect(dee).toMatchObject({ lifecycle_stage: 'lead', external_ids: [`hubspot:6${t}`] });
    // HubSpot's "marketing contact status" is not consent: nothing was recorded.
    const consents = await ownerDb().selectFrom('consent_events').select('id').where('contact_id', 'in', [ada?.id as string, dee?.id as string]).execute();
    expect(consents).toEqual([]);

    const { chunks } = await refusedRowsCsv(admin, id);
    let text = '';
    for await (const chunk of chunks) text += chunk;
    const lines = text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Contact owner,Marketing contact status,Row,Reason');
    expect(lines.slice(1)).toEqual([
      `2${t},Bob,Builder${t},not-an-email,,lead,,,2,The email address is not valid`,
      `3${t},,Nobody${t},,,,,,3,No email address (the import matches on email)`,
      `4${t},Cy,,cy.${t}@example.com,,customer,stranger@elsewhere.example,,4,No name`,
    ]);
  });

  it('updates by email (any case and spacing), leaves unchanged rows and blank cells alone, and reverts to the previous values', async () => {
    const t = randomUUID().slice(0, 8);
    const first = await importFile(admin, csv([['Email', 'First name', 'Last name', 'Job title'], [`eve.${t}@example.com`, 'Eve', `Evans${t}`, 'Trainer'], [`fay.${t}@example.com`, 'Fay', `Fox${t}`, 'Auditor']]));
    expect(first.summary).toMatchObject({ created: 2 });
    const second = await importFile(
      admin,
      csv([['E-mail', 'Job title', 'Last name'], [` EVE.${t}@EXAMPLE.COM`, 'Lead trainer', ''], [`fay.${t}@example.com`, 'Auditor', `Fox${t}`], [`gus.${t}@example.com`, 'Assessor', `Gray${t}`]]),
    );
    expect(second.summary).toMatchObject({ rows: 3, created: 1, updated: 1, unchanged: 1 });
    const [eve] = await contactsByEmail(admin.orgId, [`eve.${t}@example.com`]);
    expect(eve).toMatchObject({ job_title: 'Lead trainer', last_name: `Evans${t}`, first_name: 'Eve', import_id: first.id });

    // Someone edits Gus (created by the second import) before the revert: Gus stays.
    await ownerDb().updateTable('contacts').set({ phone: '+44 1' }).where('email', '=', `gus.${t}@example.com`).execute();
    await revertImportRequest(admin, second.id);
    await drain();
    const reverted = await getImport(admin, second.id);
    expect(reverted.status).toBe('reverted');
    expect(reverted.revert_summary).toMatchObject({ removed: 0, kept_edited: 1, restored: 1, conflicts: 0 });
    expect((await contactsByEmail(admin.orgId, [`eve.${t}@example.com`]))[0]).toMatchObject({ job_title: 'Trainer' });
    expect(await contactsByEmail(admin.orgId, [`gus.${t}@example.com`])).toHaveLength(1);

    // Reverting the first import: Fay goes to the trash; Eve was changed since it created her
    // (by the second import and its revert), so she is kept, and counted as such.
    await revertImportRequest(admin, first.id);
    await drain();
    expect((await getImport(admin, first.id)).revert_summary).toMatchObject({ removed: 1, kept_edited: 1 });
    expect((await contactsByEmail(admin.orgId, [`eve.${t}@example.com`, `fay.${t}@example.com`])).map((c) => c.first_name)).toEqual(['Eve']);
  });

  it('keeps, and names, a field edited since the import when reverting it', async () => {
    const t = randomUUID().slice(0, 8);
    await importFile(admin, csv([['Email', 'Last name', 'Job title', 'Phone'], [`hal.${t}@example.com`, `Hale${t}`, 'Trainer', '+44 2']]));
    const update = await importFile(admin, csv([['Email', 'Job title', 'Phone'], [`hal.${t}@example.com`, 'Director', '+44 3']]));
    expect(update.summary).toMatchObject({ updated: 1 });
    await ownerDb().updateTable('contacts').set({ job_title: 'CEO' }).where('email', '=', `hal.${t}@example.com`).execute();
    await revertImportRequest(admin, update.id);
    await drain();
    const summary = (await getImport(admin, update.id)).revert_summary as { restored: number; conflicts: number; conflicted: { row: number; fields: string[] }[] };
    expect(summary).toMatchObject({ restored: 1, conflicts: 1, conflicted: [{ row: 1, fields: ['job_title'] }] });
    expect((await contactsByEmail(admin.orgId, [`hal.${t}@example.com`]))[0]).toMatchObject({ job_title: 'CEO', phone: '+44 2' });
  });
});

describe('modes and keys', () => {
  it('matches on the source system id, and refuses what the mode does not allow', async () => {
    const t = randomUUID().slice(0, 8);
    const head = ['Record ID', 'Email', 'Last Name', 'Job Title'];
    await importFile(admin, csv([head, [`9${t}`, `ivy.${t}@example.com`, `Ives${t}`, 'Trainer']]), { source: 'hubspot' });
    // The same HubSpot record with a new address: matched on its id, the address updated.
    const byId = await importFile(admin, csv([head, [`9${t}`, `ivy.new.${t}@example.com`, `Ives${t}`, 'Trainer']]), { match: 'external_id', source: 'hubspot' });
    expect(byId.summary).toMatchObject({ created: 0, updated: 1 });
    expect(await contactsByEmail(admin.orgId, [`ivy.new.${t}@example.com`])).toHaveLength(1);
    const createOnly = await importFile(admin, csv([head, [`9${t}`, `ivy.new.${t}@example.com`, `Ives${t}`, 'X'], [`8${t}`, `jo.${t}@example.com`, `Jones${t}`, '']]), { mode: 'create' });
    expect(createOnly.summary).toMatchObject({ created: 1, refused: { already_exists: 1 } });
    const updateOnly = await importFile(admin, csv([head, [`7${t}`, `kit.${t}@example.com`, `Kit${t}`, '']]), { mode: 'update' });
    expect(updateOnly.summary).toMatchObject({ created: 0, refused: { not_found: 1 } });
    const noId = await importFile(admin, csv([head, ['', `lou.${t}@example.com`, `Lou${t}`, '']]), { match: 'external_id', source: 'hubspot' });
    expect(noId.summary).toMatchObject({ refused: { missing_external_id: 1 } });
  });

  it('imports accounts on their domain, and finds a contact’s account by domain or name', async () => {
    const t = randomUUID().slice(0, 8);
    const accounts = await importFile(admin, csv([['Company name', 'Company Domain Name', 'Industry'], [`Acme ${t}`, `https://www.acme-${t}.com/about`, 'Aerospace'], [`Nodomain ${t}`, '', '']]), { object: 'accounts' });
    expect(accounts.summary).toMatchObject({ created: 1, refused: { missing_domain: 1 } });
    const account = await ownerDb().selectFrom('accounts').select(['id', 'domain']).where('name', '=', `Acme ${t}`).executeTakeFirstOrThrow();
    expect(account.domain).toBe(`acme-${t}.com`);
    const people = await importFile(admin, csv([['Email', 'Last name', 'Company'], [`max.${t}@example.com`, `Max${t}`, `acme-${t}.com`], [`ned.${t}@example.com`, `Ned${t}`, `ACME ${t}`], [`oz.${t}@example.com`, `Oz${t}`, 'Unknown Ltd']]));
    expect(people.summary).toMatchObject({ created: 3, warnings: { unknown_account: 1 } });
    const rows = await contactsByEmail(admin.orgId, [`max.${t}@example.com`, `ned.${t}@example.com`, `oz.${t}@example.com`]);
    expect(rows.map((r) => r.account_id).sort()).toEqual([account.id, account.id, null].sort());
  });

  it('stores custom property values, and warns about options that do not exist', async () => {
    const t = randomUUID().slice(0, 8);
    // Its own organisation: the shared one's list of properties is counted by other tests.
    const admin = { ...(await adminOfOwnOrganisation('Import Training')), role: 'admin' as const };
    const key = `imp_${t}`;
    await createPropertyDefinition(admin, { object: 'contact', type: 'multi_select', label: `Interests ${t}`, key, options: [{ label: 'ISO 9001' }, { label: 'ISO 27001' }] });
    const done = await importFile(admin, csv([['Email', 'Last name', `Interests ${t}`], [`pam.${t}@example.com`, `Pam${t}`, 'ISO 9001;ISO 27001'], [`quin.${t}@example.com`, `Quin${t}`, 'ISO 14001']]));
    expect(done.summary).toMatchObject({ created: 2, warnings: { unknown_option: 1 } });
    const [pam] = await contactsByEmail(admin.orgId, [`pam.${t}@example.com`]);
    expect((pam?.custom as Record<string, unknown> | undefined)?.[key]).toEqual(['iso-9001', 'iso-27001']);
  });
});

describe('consent and erasure', () => {
  it('records a consent column only as import consent events with the file as proof', async () => {
    const t = randomUUID().slice(0, 8);
    const { id } = await importFile(admin, csv([['Email', 'Last name', 'Marketing consent'], [`rae.${t}@example.com`, `Rae${t}`, 'yes'], [`sid.${t}@example.com`, `Sid${t}`, 'no'], [`tom.${t}@example.com`, `Tom${t}`, '']]), { name: 'consents.csv' });
    const people = await contactsByEmail(admin.orgId, [`rae.${t}@example.com`, `sid.${t}@example.com`, `tom.${t}@example.com`]);
    const events = await ownerDb().selectFrom('consent_events').select(['contact_id', 'granted', 'source', 'proof', 'recorded_by']).where('contact_id', 'in', people.map((p) => p.id)).execute();
    expect(events).toHaveLength(2);
    const rae = people.find((p) => p.email === `rae.${t}@example.com`);
    expect(events.find((e) => e.contact_id === rae?.id)).toMatchObject({ granted: true, source: 'import', recorded_by: admin.userId, proof: { import_id: id, file: 'consents.csv', column: 'Marketing consent', value: 'yes', row: 1 } });
  });

  it('refuses an address that was erased', async () => {
    const t = randomUUID().slice(0, 8);
    const erased = `erased.${t}@example.com`;
    await asService('test: an erased address', (tx) =>
      sql`insert into public.suppressions (org_id, email_hash, reason, scope) values (${admin.orgId}::uuid, private.email_hash(${admin.orgId}::uuid, ${erased}), 'erased', 'all')`.execute(tx),
    );
    const done = await importFile(admin, csv([['Email', 'Last name'], [erased.toUpperCase(), 'Gone'], [`ok.${t}@example.com`, 'Fine']]));
    expect(done.summary).toMatchObject({ created: 1, refused: { erased: 1 } });
    expect(await contactsByEmail(admin.orgId, [erased])).toEqual([]);
  });
});

describe('who may import what', () => {
  it('writes a sales rep’s rows under their RLS: another rep’s contact and another owner are refused', async () => {
    const t = randomUUID().slice(0, 8);
    await ownerDb().insertInto('contacts').values({ org_id: sales2.orgId, last_name: `Theirs${t}`, email: `theirs.${t}@example.com`, owner_id: sales2.userId }).execute();
    const done = await importFile(
      sales1,
      csv([['Email', 'Last name', 'Owner', 'Marketing consent'], [`theirs.${t}@example.com`, 'Taken', '', ''], [`given.${t}@example.com`, 'Given', 'sales2@northwind.example', ''], [`mine.${t}@example.com`, 'Mine', '', 'yes']]),
    );
    expect(done.summary).toMatchObject({ created: 1, refused: { duplicate_value: 1, not_permitted: 1 }, warnings: { consent_not_recorded: 1 } });
    const [mine] = await contactsByEmail(sales1.orgId, [`mine.${t}@example.com`]);
    expect(mine?.owner_id).toBe(sales1.userId);
    expect((await contactsByEmail(sales2.orgId, [`theirs.${t}@example.com`]))[0]?.last_name).toBe(`Theirs${t}`);
  });

  it('lets no viewer or marketer start one, and shows an import to its importer only', async () => {
    expect(await kindOf(beginImport(viewer, { object: 'contacts', fileName: 'a.csv' }))).toBe('forbidden');
    expect(await kindOf(beginImport(marketing, { object: 'contacts', fileName: 'a.csv' }))).toBe('forbidden');
    const { id } = await importFile(admin, csv([['Email', 'Last name'], [`uma.${randomUUID().slice(0, 8)}@example.com`, 'Uma']]), { real: false });
    for (const outsider of [sales1, contosoAdmin]) {
      expect(await kindOf(getImport(outsider, id))).toBe('not_found');
      expect(await kindOf(startImport(outsider, id, false))).not.toBe('ok');
      expect(await kindOf(cancelImport(outsider, id))).toBe('validation');
      expect(await kindOf(revertImportRequest(outsider, id))).toBe('validation');
      expect(await kindOf(refusedRowsCsv(outsider, id))).toBe('not_found');
    }
    expect((await getImport(admin, id)).status).toBe('checked');
  });

  it('refuses a mapping that does not fit the file, and changes nothing', async () => {
    const { id } = await uploadImport(admin, { object: 'contacts', fileName: 'bad.csv' }, bytesOf('Email,Last name\na@example.com,A\n'));
    const before = await getImport(admin, id);
    for (const mapping of [{ '5': 'email' }, { '0': 'email', '1': 'email' }, { '0': 'no_such_field' }, { '1': 'last_name' }]) {
      expect(await kindOf(saveImportSettings(admin, { id, mapping, mode: 'upsert', match: 'email' }))).toBe('validation');
    }
    expect(await kindOf(saveImportSettings(admin, { id, mapping: { '0': 'email' }, mode: 'merge', match: 'email' }))).toBe('validation');
    expect((await getImport(admin, id)).mapping).toEqual(before.mapping);
  });

  it('refuses a file that is not what its name says, or has no header, and keeps nothing of it', async () => {
    expect(await kindOf(uploadImport(admin, { object: 'contacts', fileName: 'fake.xlsx' }, bytesOf('Email\n')))).toBe('validation');
    expect(await kindOf(uploadImport(admin, { object: 'contacts', fileName: 'empty.csv' }, bytesOf('')))).toBe('validation');
    expect(await kindOf(uploadImport(admin, { object: 'contacts', fileName: 'notes.pdf' }, bytesOf('Email\n')))).toBe('validation');
    const left = await ownerDb().selectFrom('imports').select('id').where('file_name', 'in', ['fake.xlsx', 'empty.csv']).execute();
    expect(left).toEqual([]);
  });

  it('suggests the mapping saved for the same headers', async () => {
    const headers = `Mail ${randomUUID().slice(0, 6)},Surname`;
    const first = await uploadImport(admin, { object: 'contacts', fileName: 'first.csv' }, bytesOf(`${headers}\na@example.com,A\n`));
    await saveImportSettings(admin, { id: first.id, mapping: { '0': 'email', '1': 'last_name' }, mode: 'upsert', match: 'email' });
    await startImport(admin, first.id, true);
    const second = await uploadImport(admin, { object: 'contacts', fileName: 'second.csv' }, bytesOf(`${headers}\nb@example.com,B\n`));
    expect((await getImport(admin, second.id)).mapping).toEqual({ '0': 'email', '1': 'last_name' });
  });
});

describe('an import cut short', () => {
  it('stops at once when cancelled, keeping what it wrote so far revertible', async () => {
    const t = randomUUID().slice(0, 8);
    const admin = await adminOfOwnOrganisation('Import Training');
    const rows = Array.from({ length: 300 }, (_, i) => [`c${i}.${t}@example.com`, `C${i}`]);
    const { id } = await uploadImport(admin, { object: 'contacts', fileName: 'cancel.csv' }, bytesOf(csv([['Email', 'Last name'], ...rows])));
    await startImport(admin, id, false);
    let batches = 0;
    const first = await runImport(id, { batchRows: 100, shouldStop: () => ++batches >= 1 });
    expect(first.status).toBe('stopped');
    await cancelImport(admin, id);
    expect((await runImport(id, { batchRows: 100 })).status).toBe('cancelled');
    const cancelled = await getImport(admin, id);
    expect(cancelled).toMatchObject({ status: 'cancelled', rows_done: 100 });
    expect(await ownerDb().selectFrom('contacts').select('id').where('import_id', '=', id).execute()).toHaveLength(100);
  });

  it('resumes after the worker is killed with SIGKILL, to the same final state with no duplicate', async () => {
    const t = randomUUID().slice(0, 8);
    const admin = await adminOfOwnOrganisation('Import Training');
    const ROWS = 30_000;
    const lines = Array.from({ length: ROWS }, (_, i) => [`k${i}.${t}@example.com`, `Kill${i}`, i % 10 === 0 ? 'not-an-email' : '']);
    // Every tenth row carries a second, invalid address column the mapping leaves out; every
    // hundredth repeats an earlier address (folded, counted once).
    for (let i = 100; i < ROWS; i += 100) (lines[i] as string[])[0] = `k${i - 50}.${t}@example.com`;
    const { id } = await uploadImport(admin, { object: 'contacts', fileName: 'kill.csv' }, bytesOf(csv([['Email', 'Last name', 'Other'], ...lines])));
    await saveImportSettings(admin, { id, mapping: { '0': 'email', '1': 'last_name' }, mode: 'upsert', match: 'email' });
    const worker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/jobs/worker.ts')], {
        cwd: root,
        env: { ...process.env, JOBS_MONITOR_SECONDS: '1', JOBS_QUEUE_OVERRIDES: JSON.stringify({ importDrain: { heartbeatSeconds: 10, retryDelay: 1, retryDelayMax: 1 } }) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr?.on('data', () => undefined);
      children.push(child);
      return child;
    };
    const first = worker();
    await startImport(admin, id, false);
    const atKill = await until('some batches to be written', async () => {
      const row = await ownerDb().selectFrom('imports').select(['rows_done', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
      return row.rows_done > 0 ? row : null;
      // The new worker first compiles and starts (tens of seconds on a loaded 2-core machine).
    }, 150_000, 20);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(atKill.rows_done).toBeLessThan(ROWS);
    const second = worker();
    const done = await until('the import to finish', async () => {
      const row = await ownerDb().selectFrom('imports').select(['status', 'summary']).where('id', '=', id).executeTakeFirstOrThrow();
      return row.status === 'done' ? row : null;
    }, 120_000, 250);
    second.kill('SIGTERM');
    const unique = ROWS - (ROWS / 100 - 1);
    expect(done.summary).toMatchObject({ rows: ROWS, created: unique, duplicates_in_file: ROWS / 100 - 1, updated: 0 });
    const { rows } = await sql<{ n: number; emails: number }>`select count(*)::int as n, count(distinct email)::int as emails from public.contacts where import_id = ${id}::uuid`.execute(ownerDb());
    expect(rows[0]).toEqual({ n: unique, emails: unique });
    console.log(`[imports] killed at ${atKill.rows_done} of ${ROWS} rows; resumed to ${unique} contacts, none twice`);
  }, 300_000);
});
