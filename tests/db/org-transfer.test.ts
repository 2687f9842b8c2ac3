/**
 * Moving an organisation between deployments (lib/db/org-transfer.ts, behind `npm run
 * org:export` and `npm run org:import`): two databases of their own beside the suite's — a
 * source seeded with the demo organisations, and a freshly migrated target. Northwind goes
 * over as CSV and Contoso as JSON lines; on the target every table holds exactly the source's
 * rows (column by column), its members sign in with the same credentials and see what they saw
 * (RLS as before), and its images come along. A damaged export, another schema version, an
 * organisation already there and a member whose email is another login's are refused, and so is
 * a forged folder whose checksums match — rows of another organisation, a password for someone
 * who is not a member — and nothing is written.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../lib/db/migrate';
import { exportOrganization, importOrganization, type OrgExportManifest, OrgTransferError } from '../../lib/db/org-transfer';
import { root } from '../../scripts/database';

const run = promisify(execFile);
const suffix = randomBytes(4).toString('hex');
const databases = { source: `cohort_transfer_source_${suffix}`, target: `cohort_transfer_target_${suffix}`, json: `cohort_transfer_json_${suffix}` };
let folder: string;
let urls: { source: string; target: string; json: string };
const exports: Record<string, { folder: string; manifest: OrgExportManifest }> = {};

const urlOf = (database: string) => {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
};

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Each table's rows (the exported columns, as text, in a stable order): what must arrive as it left. */
async function fingerprints(url: string, manifest: OrgExportManifest): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const members = `select user_id from public.memberships where org_id = '${manifest.organization.id}'`;
  for (const t of manifest.tables) {
    const where = t.schema === 'identity' ? `${t.table === 'user' ? 'id' : '"userId"'} in (${members})` : `org_id = '${manifest.organization.id}'`;
    const cols = t.columns.map((c) => `"${c}"`).join(', ');
    const [row] = await query<{ n: number; digest: string | null }>(
      url,
      `select count(*)::int as n, md5(string_agg(r::text, '|' order by r::text)) as digest from (select ${cols} from "${t.schema}"."${t.table}" where ${where}) r`,
    );
    out[`${t.schema}.${t.table}`] = `${row?.n}:${row?.digest}`;
  }
  return out;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'cohort-org-transfer-'));
  urls = { source: urlOf(databases.source), target: urlOf(databases.target), json: urlOf(databases.json) };
  for (const database of Object.values(databases)) await query(process.env.DATABASE_URL as string, `create database ${database}`);
  // The source: the demo organisations, seeded by the code `npm start` seeds with, in a process of its own.
  await run(
    process.execPath,
    ['--import', 'tsx', '-e', `const { prepareDatabase } = await import('./scripts/database.ts'); await prepareDatabase(process.env.SOURCE_URL, 0.01, () => {}); process.exit(0);`],
    { cwd: root, env: { ...process.env, APP_DATABASE_URL: undefined, DATABASE_URL: urls.source, SOURCE_URL: urls.source }, timeout: 240_000 },
  );
  for (const target of [urls.target, urls.json]) await migrate(target, { authenticatorPassword: process.env.AUTHENTICATOR_PASSWORD });
  const [northwind] = await query<{ id: string }>(urls.source, `select id from public.organizations where name = 'Northwind Training'`);
  await mkdir(path.join(folder, 'media-source', northwind?.id as string), { recursive: true });
  await writeFile(path.join(folder, 'media-source', northwind?.id as string, '0f3c2a1e-7b6d-4c5e-9a8b-1d2e3f4a5b6c.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  exports.northwind = await exportOrganization(urls.source, { org: 'Northwind Training', outDir: folder, format: 'csv', mediaDir: path.join(folder, 'media-source') });
  exports.northwindJson = await exportOrganization(urls.source, { org: northwind?.id as string, outDir: path.join(folder, 'json'), format: 'json' });
  exports.contoso = await exportOrganization(urls.source, { org: 'Contoso Academy', outDir: folder, format: 'json' });
}, 300_000);

afterAll(async () => {
  for (const database of Object.values(databases)) await query(process.env.DATABASE_URL as string, `drop database if exists ${database} with (force)`).catch(() => {});
  await rm(folder, { recursive: true, force: true });
});

describe('an organisation moved to another deployment', () => {
  it('arrives whole: every table, row for row, as CSV and as JSON lines, with its images', async () => {
    const { manifest } = exports.northwind as { manifest: OrgExportManifest };
    expect(manifest.tables.find((t) => t.table === 'contacts')?.rows).toBeGreaterThan(0);
    expect(manifest.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(expect.arrayContaining(['public.organizations', 'identity.user', 'identity.account', 'private.email_hash_keys', 'public.audit_log', 'public.consent_events']));

    const first = await importOrganization(urls.target, { from: exports.northwind?.folder as string, mediaDir: path.join(folder, 'media-target') });
    expect(first).toMatchObject({ organization: manifest.organization, tables: manifest.tables.length, loginsKept: 0, media: 1 });
    expect(await fingerprints(urls.target, manifest)).toEqual(await fingerprints(urls.source, manifest));
    expect(await readFile(path.join(folder, 'media-target', manifest.organization.id, '0f3c2a1e-7b6d-4c5e-9a8b-1d2e3f4a5b6c.png'))).toEqual(Buffer.from('89504e470d0a1a0a', 'hex'));

    // The same organisation as JSON lines, into a deployment of its own: the same rows again.
    await importOrganization(urls.json, { from: exports.northwindJson?.folder as string });
    expect(await fingerprints(urls.json, manifest)).toEqual(await fingerprints(urls.source, manifest));

    const contoso = exports.contoso?.manifest as OrgExportManifest;
    expect(contoso.format).toBe('json');
    await importOrganization(urls.target, { from: exports.contoso?.folder as string });
    expect(await fingerprints(urls.target, contoso)).toEqual(await fingerprints(urls.source, contoso));
  });

  it("keeps its members' access: under RLS each sees on the target what they saw on the source", async () => {
    const { manifest } = exports.northwind as { manifest: OrgExportManifest };
    const [sales] = await query<{ user_id: string; email: string }>(urls.source, `select user_id, email from public.memberships where org_id = $1 and role = 'sales' order by email limit 1`, [manifest.organization.id]);
    const visible = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('begin');
        await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: sales?.user_id, role: 'authenticated', email: sales?.email })]);
        const { rows } = await client.query<{ contacts: number; leads: number; orgs: number }>(
          'select (select count(*) from public.contacts)::int as contacts, (select count(*) from public.leads)::int as leads, (select count(*) from public.organizations)::int as orgs',
        );
        await client.query('rollback');
        return rows[0];
      } finally {
        await client.end();
      }
    };
    const onTarget = await visible(urls.target);
    expect(onTarget).toEqual(await visible(urls.source));
    expect(onTarget?.orgs).toBe(1);
  });

  it('refuses an organisation that is already there, and writes nothing', async () => {
    const before = await fingerprints(urls.target, exports.northwind?.manifest as OrgExportManifest);
    await expect(importOrganization(urls.target, { from: exports.northwind?.folder as string })).rejects.toThrow(/"Northwind Training" \(.+\) is already in this database/);
    expect(await fingerprints(urls.target, exports.northwind?.manifest as OrgExportManifest)).toEqual(before);
  });

  it('refuses a damaged export, one of another schema version, and a manifest naming files outside it', async () => {
    const damaged = path.join(folder, 'damaged');
    await cp(exports.northwind?.folder as string, damaged, { recursive: true });
    const contacts = path.join(damaged, 'tables/public.contacts.csv');
    await writeFile(contacts, `${await readFile(contacts, 'utf8')}tampered\n`);
    await expect(importOrganization(urls.target, { from: damaged })).rejects.toThrow('tables/public.contacts.csv does not match its checksum: the export is damaged. Nothing was imported.');

    const older = path.join(folder, 'older');
    await cp(exports.contoso?.folder as string, older, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(older, 'manifest.json'), 'utf8')) as OrgExportManifest;
    await writeFile(path.join(older, 'manifest.json'), JSON.stringify({ ...manifest, schema_version: '20260101000000' }));
    await expect(importOrganization(urls.target, { from: older })).rejects.toThrow(/The export is of schema 20260101000000; this database is at \d{14}/);

    const escaping = { ...manifest, tables: [{ ...(manifest.tables[0] as OrgExportManifest['tables'][number]), file: '../../../etc/passwd' }] };
    await writeFile(path.join(older, 'manifest.json'), JSON.stringify(escaping));
    await expect(importOrganization(urls.target, { from: older })).rejects.toThrow('The manifest names a file it may not: ../../../etc/passwd.');
    await expect(importOrganization(urls.target, { from: path.join(folder, 'nowhere') })).rejects.toBeInstanceOf(OrgTransferError);
  });
});

describe('a folder handed over by someone else', () => {
  const fresh = `cohort_transfer_fresh_${suffix}`;
  let url: string;
  beforeAll(async () => {
    await query(process.env.DATABASE_URL as string, `create database ${fresh}`);
    url = urlOf(fresh);
    await migrate(url, { authenticatorPassword: process.env.AUTHENTICATOR_PASSWORD });
  }, 120_000);
  afterAll(async () => {
    await query(process.env.DATABASE_URL as string, `drop database if exists ${fresh} with (force)`).catch(() => {});
  });

  /** A copy of the Northwind export with one file rewritten — and its checksum too, as a forger would. */
  async function forged(name: string, file: string, rewrite: (text: string) => string): Promise<string> {
    const folderCopy = path.join(folder, name);
    await cp(exports.northwind?.folder as string, folderCopy, { recursive: true });
    const target = path.join(folderCopy, file);
    await writeFile(target, rewrite(await readFile(target, 'utf8')));
    const manifest = JSON.parse(await readFile(path.join(folderCopy, 'manifest.json'), 'utf8')) as OrgExportManifest;
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(await readFile(target)).digest('hex');
    await writeFile(path.join(folderCopy, 'manifest.json'), JSON.stringify({ ...manifest, tables: manifest.tables.map((t) => (t.file === file ? { ...t, sha256 } : t)) }));
    return folderCopy;
  }
  const nothingWritten = async () => {
    expect(await query(url, 'select id from public.organizations')).toEqual([]);
    expect(await query(url, 'select id from public.contacts')).toEqual([]);
  };

  it('refuses rows of another organisation, even with checksums that match', async () => {
    const northwindId = exports.northwind?.manifest.organization.id as string;
    const other = '7d3c0b52-5f0a-4a57-9d5e-2b1f3c4d5e6f';
    const from = await forged('other-org', 'tables/public.contacts.csv', (text) => {
      const [header, first, ...rest] = text.split('\n');
      return [header, first?.replace(northwindId, other), ...rest].join('\n');
    });
    await expect(importOrganization(url, { from })).rejects.toThrow('tables/public.contacts.csv holds rows of another organisation. Nothing was imported.');
    await nothingWritten();
  });

  it('refuses a credential for someone who is not a member (a password for a login already here)', async () => {
    const [victim] = await query<{ id: string }>(url, `insert into identity."user" (id, name, email, "emailVerified") values (gen_random_uuid(), 'Already Here', 'already.here@example.com', true) returning id`);
    const from = await forged('foreign-credential', 'tables/identity.account.csv', (text) => {
      const [header, first, ...rest] = text.split('\n');
      const columns = (header as string).split(',');
      const cells = (first as string).split(',');
      cells[columns.indexOf('userId')] = victim?.id as string;
      cells[columns.indexOf('id')] = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
      return [header, first, cells.join(','), ...rest].join('\n');
    });
    const manifest = JSON.parse(await readFile(path.join(from, 'manifest.json'), 'utf8')) as OrgExportManifest;
    await writeFile(path.join(from, 'manifest.json'), JSON.stringify({ ...manifest, tables: manifest.tables.map((t) => (t.table === 'account' ? { ...t, rows: t.rows + 1 } : t)) }));
    await expect(importOrganization(url, { from })).rejects.toThrow('The export holds credentials of people who are not its members. Nothing was imported.');
    expect(await query(url, `select id from identity.account where "userId" = $1`, [victim?.id])).toEqual([]);
    await nothingWritten();
  });

  it('refuses members whose email already belongs to another login there, and writes nothing', async () => {
    await query(url, `insert into identity."user" (id, name, email, "emailVerified") values (gen_random_uuid(), 'Someone Else', 'ADMIN@northwind.example', true)`);
    await expect(importOrganization(url, { from: exports.northwind?.folder as string })).rejects.toThrow(/These members' emails already belong to other logins here: admin@northwind\.example/);
    await nothingWritten();
  });
});
