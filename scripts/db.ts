/**
 * Database commands for the embedded cluster (or DATABASE_URL):
 *   db:start  start, migrate, seed, print the URL and leave the server running
 *   db:stop   stop the embedded server
 *   db:reset  drop everything, migrate and seed again
 *   db:types  regenerate lib/db/types.ts from a freshly migrated throwaway database
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { destroyCluster, startCluster, stopCluster } from '../lib/db/embedded-cluster';
import { migrate } from '../lib/db/migrate';
import { codegenArgs, demoCluster, keepRunningMarker, prepareDatabase, root, startDatabase } from './database';

const run = promisify(execFile);
const command = process.argv[2];

async function dropEverything(url: string): Promise<void> {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`Refusing to reset a database on ${host}: db:reset only touches local databases.`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    drop schema if exists public cascade; create schema public;
    drop schema if exists private cascade; drop schema if exists identity cascade;
    drop schema if exists supabase_migrations cascade;
    grant usage on schema public to anon, authenticated, service_role;`);
  await client.end();
}

switch (command) {
  case 'start': {
    const database = await startDatabase(demoCluster);
    await prepareDatabase(database.url, 1);
    if (database.embedded) await writeFile(keepRunningMarker, 'left running by npm run db:start\n');
    console.log(`Database ready at ${database.url} (left running; \`npm run db:stop\` stops it)`);
    break;
  }
  case 'stop': {
    await rm(keepRunningMarker, { force: true });
    const stopped = await stopCluster(demoCluster.dataDir);
    console.log(stopped ? 'Embedded database stopped.' : 'The embedded database was not running.');
    break;
  }
  case 'reset': {
    if (process.env.DATABASE_URL) {
      await dropEverything(process.env.DATABASE_URL);
    } else {
      await destroyCluster(demoCluster.dataDir);
    }
    const database = await startDatabase(demoCluster);
    await prepareDatabase(database.url, 1);
    console.log(`Database reset at ${database.url}`);
    break;
  }
  case 'types': {
    const scratch = { dataDir: path.join(root, '.data/types-postgres'), port: 54331, settings: { fsync: 'off' } };
    await destroyCluster(scratch.dataDir);
    const { url } = await startCluster(scratch);
    try {
      await migrate(url);
      await run(path.join(root, 'node_modules/.bin/kysely-codegen'), codegenArgs(url), { cwd: root });
      console.log('lib/db/types.ts regenerated');
    } finally {
      await destroyCluster(scratch.dataDir);
    }
    break;
  }
  default:
    console.error('usage: tsx scripts/db.ts start|stop|reset|types');
    process.exit(2);
}
process.exit(0);
