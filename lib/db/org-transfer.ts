/**
 * Moving one organisation between deployments: a logical export of everything it owns — every
 * table with an `org_id` (public and private), the logins of its members (identity user,
 * credential account and two-factor rows, so they sign in with their own passwords), and its
 * campaign images — into a folder, and the import of such a folder into another database.
 *
 * The export is one repeatable-read snapshot, one file per table (CSV through `COPY`, or JSON
 * lines), with a manifest holding the schema version, each table's columns, row count and
 * SHA-256. The import refuses a folder whose files do not match their checksums, one from
 * another schema version, an organisation that already exists, and members whose email
 * already belongs to another login. It stages every file in a temporary table first and refuses
 * — before a row is written — a file with rows of any other organisation, or logins and
 * credentials of anyone who is not a member (a folder is only as trustworthy as whoever handed it
 * over: its checksums are its own). Then it writes everything in one transaction with triggers
 * off (`session_replication_role = replica`: the rows are copies — no new audit entries, no
 * emails, no wake-ups; foreign keys hold because they held in the snapshot, and each includes
 * org_id). Generated columns are recomputed; identity ids (audit log, import chunks, duplicate
 * queues) are new on the target, in the same order.
 *
 * Runs as the table owner (DATABASE_URL): tooling, like migrations (scripts/org.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export const ORG_EXPORT_FORMAT_VERSION = 1;
export type TransferFormat = 'csv' | 'json';

type TableFile = { schema: string; table: string; file: string; columns: string[]; rows: number; sha256: string };
export type OrgExportManifest = {
  format_version: number;
  exported_at: string;
  schema_version: string;
  organization: { id: string; name: string };
  format: TransferFormat;
  tables: TableFile[];
  media: { file: string; sha256: string }[];
};

/** A refusal with a message for the operator; nothing was written. */
export class OrgTransferError extends Error {
  override readonly name = 'OrgTransferError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (schema: string, table: string) => `${ident(schema)}.${ident(table)}`;

/** Member logins: rows of identity tables keyed by a user id, and the column holding it. */
const IDENTITY_TABLES = [
  { table: 'user', userColumn: 'id' },
  { table: 'account', userColumn: 'userId' },
  { table: 'twoFactor', userColumn: 'userId' },
] as const;

type Source = { schema: string; table: string; columns: string[]; orderBy: string | null; where: (orgId: string) => string };

/** Every table an organisation's rows live in, with the columns to copy (not generated, not identity). */
async function sourcesOf(client: pg.ClientBase): Promise<Source[]> {
  const { rows } = await client.query<{ schema: string; table: string; columns: string[]; identity: string | null }>(`
    select n.nspname as schema, c.relname as table,
           array_agg(a.attname::text order by a.attnum) filter (where a.attgenerated = '' and a.attidentity = '') as columns,
           min(a.attname::text) filter (where a.attidentity <> '') as identity
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relkind in ('r', 'p') and n.nspname in ('public', 'private', 'identity')
       and (n.nspname = 'identity' and c.relname = any($1)
            or n.nspname <> 'identity' and exists (select 1 from pg_attribute o where o.attrelid = c.oid and o.attname = 'org_id' and not o.attisdropped))
     group by 1, 2
     -- The organisation first, its logins next, the rest by name: a readable folder.
     order by c.relname <> 'organizations', n.nspname <> 'identity', c.relname <> 'user', 1, 2`,
    [IDENTITY_TABLES.map((t) => t.table)],
  );
  return rows.map((r) => {
    const login = IDENTITY_TABLES.find((t) => r.schema === 'identity' && t.table === r.table);
    return {
      schema: r.schema,
      table: r.table,
      columns: r.columns,
      // Rows whose ids the target assigns anew keep their order.
      orderBy: r.identity,
      where: (orgId: string) =>
        login
          ? `${ident(login.userColumn)} in (select user_id from public.memberships where org_id = '${orgId}')`
          : `org_id = '${orgId}'`,
    };
  });
}

async function schemaVersion(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ version: string | null }>('select max(version) as version from supabase_migrations.schema_migrations');
  if (!rows[0]?.version) throw new OrgTransferError('This database has no migrations applied.');
  return rows[0].version;
}

/** Hashes what passes through. */
function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Finds the organisation by id or by its exact name; a name two organisations share is refused. */
async function findOrganization(client: pg.ClientBase, org: string): Promise<{ id: string; name: string }> {
  const { rows } = await client.query<{ id: string; name: string }>(
    UUID.test(org) ? 'select id, name from public.organizations where id = $1' : 'select id, name from public.organizations where name = $1',
    [org],
  );
  if (rows.length === 0) throw new OrgTransferError(`No organisation "${org}" in this database.`);
  if (rows.length > 1) throw new OrgTransferError(`${rows.length} organisations are named "${org}": name one by its id (${rows.map((r) => r.id).join(', ')}).`);
  return rows[0] as { id: string; name: string };
}

export type ExportOptions = { org: string; outDir: string; format?: TransferFormat; mediaDir?: string; now?: Date };

/** Writes the organisation into a new folder under `outDir`; returns the folder and its manifest. */
export async function exportOrganization(ownerUrl: string, options: ExportOptions): Promise<{ folder: string; manifest: OrgExportManifest }> {
  const format = options.format ?? 'csv';
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'cohort-org-export' });
  await client.connect();
  try {
    // One snapshot: every file shows the same moment, so references between them hold.
    await client.query('begin isolation level repeatable read read only');
    const org = await findOrganization(client, options.org);
    const stamp = (options.now ?? new Date()).toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
    const folder = path.join(options.outDir, `${org.name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'organisation'}-${stamp}`);
    await mkdir(path.join(folder, 'tables'), { recursive: true });
    const tables: TableFile[] = [];
    for (const source of await sourcesOf(client)) {
      const select = `select ${source.columns.map(ident).join(', ')} from ${qualified(source.schema, source.table)} where ${source.where(org.id)}${source.orderBy ? ` order by ${ident(source.orderBy)}` : ''}`;
      const file = `tables/${source.schema}.${source.table}.${format === 'csv' ? 'csv' : 'jsonl'}`;
      // JSON lines straight from Postgres: row_to_json escapes every control character, so a
      // CSV "quote" and "delimiter" no JSON text contains pass each line through as it is.
      const copy =
        format === 'csv'
          ? `copy (${select}) to stdout with (format csv, header true)`
          : `copy (select row_to_json(r) from (${select}) r) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
      const hash = createHash('sha256');
      await pipeline(client.query(copyTo(copy)), hashing(hash), createWriteStream(path.join(folder, file)));
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from (${select}) r`);
      tables.push({ schema: source.schema, table: source.table, file, columns: source.columns, rows: rows[0]?.n ?? 0, sha256: hash.digest('hex') });
    }
    const version = await schemaVersion(client);
    await client.query('commit');

    const media: OrgExportManifest['media'] = [];
    if (options.mediaDir) {
      const images = await readdir(path.join(options.mediaDir, org.id)).catch(() => [] as string[]);
      if (images.length) await mkdir(path.join(folder, 'media'), { recursive: true });
      for (const image of images.filter((name) => !name.startsWith('.'))) {
        await copyFile(path.join(options.mediaDir, org.id, image), path.join(folder, 'media', image));
        media.push({ file: `media/${image}`, sha256: await sha256Of(path.join(folder, 'media', image)) });
      }
    }
    const manifest: OrgExportManifest = {
      format_version: ORG_EXPORT_FORMAT_VERSION,
      exported_at: (options.now ?? new Date()).toISOString(),
      schema_version: version,
      organization: org,
      format,
      tables,
      media,
    };
    await writeFile(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { folder, manifest };
  } finally {
    await client.end();
  }
}

async function readManifest(folder: string): Promise<OrgExportManifest> {
  let manifest: OrgExportManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as OrgExportManifest;
  } catch (error) {
    throw new OrgTransferError(`${folder} is not an organisation export: its manifest.json cannot be read (${(error as Error).message}).`);
  }
  if (manifest.format_version !== ORG_EXPORT_FORMAT_VERSION) throw new OrgTransferError(`This export is format ${manifest.format_version}; this version of Cohort reads format ${ORG_EXPORT_FORMAT_VERSION}.`);
  if (!UUID.test(manifest.organization?.id ?? '') || !Array.isArray(manifest.tables)) throw new OrgTransferError('The manifest does not describe an organisation export.');
  for (const t of manifest.tables) {
    // Only files of this folder, for tables this format knows: the manifest names what is read and written.
    if (!/^tables\/(public|private|identity)\.[A-Za-z_]+\.(csv|jsonl)$/.test(t.file) || `tables/${t.schema}.${t.table}` !== t.file.replace(/\.(csv|jsonl)$/, '')) {
      throw new OrgTransferError(`The manifest names a file it may not: ${t.file}.`);
    }
  }
  for (const m of manifest.media ?? []) {
    if (!/^media\/[0-9a-f-]{36}\.(png|jpg|gif|webp)$/.test(m.file)) throw new OrgTransferError(`The manifest names a file it may not: ${m.file}.`);
  }
  return manifest;
}

export type ImportSummary = { organization: { id: string; name: string }; tables: number; rows: number; loginsKept: number; media: number };

/** Imports an export folder into the database at `ownerUrl`, all or nothing. */
export async function importOrganization(ownerUrl: string, options: { from: string; mediaDir?: string }): Promise<ImportSummary> {
  const manifest = await readManifest(options.from);
  for (const entry of [...manifest.tables, ...(manifest.media ?? [])]) {
    const actual = await sha256Of(path.join(options.from, entry.file)).catch(() => null);
    if (actual === null) throw new OrgTransferError(`${entry.file} is missing from the export.`);
    if (actual !== entry.sha256) throw new OrgTransferError(`${entry.file} does not match its checksum: the export is damaged. Nothing was imported.`);
  }
  const org = manifest.organization;
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'cohort-org-import' });
  await client.connect();
  let keptLogins: string[] = [];
  let rows = 0;
  try {
    const version = await schemaVersion(client);
    if (version !== manifest.schema_version) {
      throw new OrgTransferError(`The export is of schema ${manifest.schema_version}; this database is at ${version}. Bring both to the same Cohort version first.`);
    }
    await client.query('begin');
    if ((await client.query('select 1 from public.organizations where id = $1', [org.id])).rowCount) {
      throw new OrgTransferError(`The organisation "${org.name}" (${org.id}) is already in this database.`);
    }
    // Copies, not new events: no triggers (audit, notifications, wake-ups) and no deferred checks.
    await client.query('set local session_replication_role = replica');
    const targetSources = new Map((await sourcesOf(client)).map((s) => [`${s.schema}.${s.table}`, s]));
    // Everything is staged first and checked before a row reaches a real table: a folder is
    // only as trustworthy as whoever handed it over, and its checksums are its own. So every
    // row must belong to this organisation, and logins only to its members.
    const staged = new Map<string, { t: TableFile; stage: string }>();
    for (const [n, t] of manifest.tables.entries()) {
      const target = targetSources.get(`${t.schema}.${t.table}`);
      if (!target || target.columns.join(',') !== t.columns.join(',')) throw new OrgTransferError(`${t.schema}.${t.table} does not have the same columns here.`);
      const stage = ident(`stage_${n}`);
      // The columns and their types, no constraints: what the file holds, before it is judged.
      await client.query(`create temp table ${stage} on commit drop as select ${t.columns.map(ident).join(', ')} from ${qualified(t.schema, t.table)} with no data`);
      await load(client, path.join(options.from, t.file), stage, t.columns, manifest.format, t.table);
      const { rows: counted } = await client.query<{ n: number }>(`select count(*)::int as n from ${stage}`);
      if (counted[0]?.n !== t.rows) throw new OrgTransferError(`${t.file} holds ${counted[0]?.n} rows, its manifest ${t.rows}. Nothing was imported.`);
      if (t.schema !== 'identity') {
        const owner = t.table === 'organizations' && t.schema === 'public' ? 'id' : 'org_id';
        const { rowCount } = await client.query(`select 1 from ${stage} where ${owner} is distinct from $1 limit 1`, [org.id]);
        if (rowCount) throw new OrgTransferError(`${t.file} holds rows of another organisation. Nothing was imported.`);
      }
      staged.set(`${t.schema}.${t.table}`, { t, stage });
    }
    const stageOf = (name: string) => {
      const found = staged.get(name);
      if (!found) throw new OrgTransferError(`The export has no ${name}.`);
      return found.stage;
    };
    if (staged.get('public.organizations')?.t.rows !== 1) throw new OrgTransferError('The export does not hold its organisation. Nothing was imported.');
    const members = stageOf('public.memberships');
    const users = stageOf('identity.user');
    if ((await client.query(`select 1 from ${users} where id not in (select user_id from ${members}) limit 1`)).rowCount) {
      throw new OrgTransferError('The export holds logins of people who are not its members. Nothing was imported.');
    }
    for (const login of IDENTITY_TABLES.filter((l) => l.table !== 'user')) {
      const stage = staged.get(`identity.${login.table}`)?.stage;
      if (stage && (await client.query(`select 1 from ${stage} where "userId" not in (select id from ${users}) limit 1`)).rowCount) {
        throw new OrgTransferError('The export holds credentials of people who are not its members. Nothing was imported.');
      }
    }
    const taken = await client.query<{ email: string }>(`select s.email from ${users} s join identity."user" u on lower(u.email) = lower(s.email) and u.id <> s.id`);
    if (taken.rowCount) throw new OrgTransferError(`These members' emails already belong to other logins here: ${taken.rows.map((r) => r.email).join(', ')}. Nothing was imported.`);
    // A member who already signs in here keeps their login, password and second factor as they are.
    keptLogins = (await client.query<{ id: string }>(`select s.id from ${users} s join identity."user" u on u.id = s.id`)).rows.map((r) => r.id);

    for (const { t, stage } of staged.values()) {
      const list = t.columns.map(ident).join(', ');
      const keep = t.schema !== 'identity' ? '' : t.table === 'user' ? ' where id <> all($1::uuid[])' : ' where "userId" <> all($1::uuid[])';
      await client.query(`insert into ${qualified(t.schema, t.table)} (${list}) select ${list} from ${stage}${keep}`, keep ? [keptLogins] : []);
      rows += t.rows;
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  if (options.mediaDir && manifest.media?.length) {
    await mkdir(path.join(options.mediaDir, org.id), { recursive: true });
    for (const m of manifest.media) await copyFile(path.join(options.from, m.file), path.join(options.mediaDir, org.id, path.basename(m.file)));
  }
  return { organization: org, tables: manifest.tables.length, rows, loginsKept: keptLogins.length, media: manifest.media?.length ?? 0 };
}

/** Loads one table's file into `into`: CSV through COPY, JSON lines in batches of json_populate_recordset. */
async function load(client: pg.ClientBase, file: string, into: string, columns: string[], format: TransferFormat, table: string): Promise<void> {
  const list = columns.map(ident).join(', ');
  try {
    if (format === 'csv') {
      await pipeline(createReadStream(file), client.query(copyFrom(`copy ${into} (${list}) from stdin with (format csv, header true)`)));
      return;
    }
    let batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await client.query(`insert into ${into} (${list}) select ${list} from json_populate_recordset(null::${into}, $1::json)`, [`[${batch.join(',')}]`]);
      batch = [];
    };
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
      if (!line) continue;
      batch.push(line);
      if (batch.length >= 2_000) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof OrgTransferError) throw error;
    throw new OrgTransferError(`${table} could not be imported: ${(error as Error).message}. Nothing was imported.`);
  }
}
