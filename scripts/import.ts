/**
 * Imports a file from the command line, as a member (their RLS applies, as in the browser):
 *
 *   npm run import -- --org "Northwind Training" --as admin@northwind.example \
 *     --object contacts|leads|accounts|opportunities|activities|enrollments|exam_results|certifications --file export.csv [--mode create|upsert|update] \
 *     [--match email|domain|external-id|name|property:<key>] [--source hubspot] [--dry-run] [--json]
 *
 * The columns are mapped as the mapping step suggests them (a mapping saved for the same
 * headers, else the recognised headers). Prints the same summary as the import page; with
 * --json, one object: rows, created, updated, unchanged, duplicates_in_file, refused (counts by
 * reason), warnings (counts by kind). Uses the embedded database unless DATABASE_URL is set.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { CrmError } from '../lib/crm/errors';
import { closeDb } from '../lib/db/client';
import { migrate } from '../lib/db/migrate';
import { asService } from '../lib/db/session';
import { getImport, saveImportSettings, startImport, uploadImport } from '../lib/imports/imports';
import { refusalLabels, warningLabels } from '../lib/imports/fields';
import { runImport } from '../lib/imports/run';
import { startCluster, stopCluster } from '../lib/db/embedded-cluster';
import { authenticatorPassword, demoCluster } from './database';

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    as: { type: 'string' },
    object: { type: 'string', default: 'contacts' },
    file: { type: 'string' },
    mode: { type: 'string', default: 'upsert' },
    match: { type: 'string' },
    source: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

// V8 lets a heap under no memory pressure grow to several times what it holds. Run with
// --expose-gc (package.json does), the command checks each second and asks for a collection
// while the heap is past HEAP_SOFT_LIMIT_MB, so a million-row import peaks near 300 MB. A hard
// limit (--max-old-space-size) would crash a file whose repeated rows must all be held to fold;
// this only collects more often while they are.
const HEAP_SOFT_LIMIT_MB = 120;
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) setInterval(() => getHeapStatistics().used_heap_size > HEAP_SOFT_LIMIT_MB * 1024 * 1024 && collect(), 1000).unref();

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(2);
}

if (!values.org || !values.as || !values.file) fail('usage: npm run import -- --org "<organisation>" --as <member email> --object contacts --file <path> [--mode create|upsert|update] [--match email|domain|external-id|name|property:<key>] [--source hubspot] [--dry-run] [--json]');

// The demo database unless DATABASE_URL names another; one this command started, it stops.
const cluster = process.env.DATABASE_URL ? null : await startCluster(demoCluster);
const startedHere = cluster?.startedHere ?? false;
process.env.DATABASE_URL ??= cluster?.url;
process.env.AUTHENTICATOR_PASSWORD ??= await authenticatorPassword();
await migrate(process.env.DATABASE_URL as string);

try {
  const member = await asService('cli: who imports', (tx) =>
    tx
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
      .select(['memberships.user_id', 'memberships.email', 'memberships.org_id'])
      .where('organizations.name', '=', values.org as string)
      .where('memberships.email', '=', (values.as as string).toLowerCase())
      .where('memberships.deactivated_at', 'is', null)
      .executeTakeFirst(),
  );
  if (!member) fail(`${values.as} is not an active member of "${values.org}".`);
  const session = { userId: member.user_id, email: member.email, orgId: member.org_id };
  const fileName = (values.file as string).split('/').pop() as string;
  const { id } = await uploadImport(session, { object: values.object, fileName }, createReadStream(values.file as string));
  const uploaded = await getImport(session, id);
  // `--match property:<key>` matches on a unique custom property (the mapping's `custom:<key>`).
  const match = values.match === 'external-id' ? 'external_id' : values.match?.startsWith('property:') ? `custom:${values.match.slice('property:'.length)}` : (values.match ?? uploaded.match);
  await saveImportSettings(session, { id, mapping: uploaded.mapping, mode: values.mode, match, external_source: values.source ?? uploaded.external_source });
  await startImport(session, id, values['dry-run'] as boolean);
  const started = Date.now();
  const result = await runImport(id);
  const s = result.summary;
  // The process's own high-water mark, for admins sizing a machine (and the bench).
  const peakMemoryMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (values.json) {
    console.log(JSON.stringify({ import_id: id, dry_run: values['dry-run'], ...s, peak_memory_mb: peakMemoryMb }));
  } else {
    const seconds = (Date.now() - started) / 1000;
    console.log(`${values['dry-run'] ? 'Dry run of' : 'Imported'} ${fileName}: ${s.rows} rows in ${seconds.toFixed(1)} s (peak memory ${peakMemoryMb} MB)`);
    console.log(`  created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, duplicates in the file ${s.duplicates_in_file}`);
    for (const [reason, n] of Object.entries(s.refused)) console.log(`  refused ${n}: ${refusalLabels[reason] ?? reason}`);
    for (const [kind, n] of Object.entries(s.warnings)) console.log(`  warning ${n}: ${warningLabels[kind] ?? kind}`);
  }
} catch (error) {
  if (error instanceof CrmError) fail(`${error.message}${Object.keys(error.fieldErrors).length ? ` ${Object.values(error.fieldErrors).flat().join(' ')}` : ''}`);
  throw error;
} finally {
  await closeDb();
  if (startedHere) await stopCluster(demoCluster.dataDir);
}
process.exit(0);
