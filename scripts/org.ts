/**
 * Moves one organisation between deployments (lib/db/org-transfer.ts):
 *
 *   npm run org:export -- --org "Northwind Training" [--out .data/org-exports] [--format csv|json]
 *   npm run org:import -- --from .data/org-exports/northwind-training-2026-12-04T10-00-00Z
 *
 * The export is a folder: manifest.json (schema version, each table's columns, rows and
 * SHA-256), tables/<schema>.<table>.csv|jsonl, and media/ (its campaign images from the local
 * media folder). The import refuses a damaged folder, another schema version, an organisation
 * already there, or members whose email belongs to another login here — and then writes nothing.
 * Uses the embedded database unless DATABASE_URL names another (as its owner).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, stopCluster } from '../lib/db/embedded-cluster';
import { migrate } from '../lib/db/migrate';
import { exportOrganization, importOrganization, OrgTransferError, type TransferFormat } from '../lib/db/org-transfer';
import { mediaDir } from '../lib/media/store';
import { authenticatorPassword, demoCluster, root } from './database';

const command = process.argv[2];
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    org: { type: 'string' },
    out: { type: 'string', default: path.join(root, '.data/org-exports') },
    format: { type: 'string', default: 'csv' },
    from: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`org:${command}: ${message}`);
  process.exit(2);
}

if (command === 'export' && (!values.org || !['csv', 'json'].includes(values.format as string))) fail('usage: npm run org:export -- --org "<organisation name or id>" [--out <folder>] [--format csv|json]');
if (command === 'import' && !values.from) fail('usage: npm run org:import -- --from <export folder>');
if (command !== 'export' && command !== 'import') fail('say export or import');

const cluster = process.env.DATABASE_URL ? null : await startCluster(demoCluster);
const url = process.env.DATABASE_URL ?? (cluster?.url as string);
try {
  if (command === 'export') {
    const started = Date.now();
    const { folder, manifest } = await exportOrganization(url, { org: values.org as string, outDir: values.out as string, format: values.format as TransferFormat, mediaDir: mediaDir() });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Exported "${manifest.organization.name}": ${rows.toLocaleString('en')} rows in ${manifest.tables.length} tables, ${manifest.media.length} images, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  ${folder}`);
  } else {
    // An import into a fresh deployment: its schema first.
    process.env.AUTHENTICATOR_PASSWORD ??= await authenticatorPassword();
    await migrate(url);
    const started = Date.now();
    const summary = await importOrganization(url, { from: path.resolve(values.from as string), mediaDir: mediaDir() });
    console.log(`Imported "${summary.organization.name}": ${summary.rows.toLocaleString('en')} rows in ${summary.tables} tables, ${summary.media} images, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (summary.loginsKept) console.log(`  ${summary.loginsKept} members already had a login here and kept it`);
  }
} catch (error) {
  if (error instanceof OrgTransferError) fail(error.message);
  throw error;
} finally {
  if (cluster?.startedHere) await stopCluster(demoCluster.dataDir);
}
