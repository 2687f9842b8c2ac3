/**
 * `npm test`: the whole suite on a fresh database that nothing else uses.
 * Embedded: a throwaway cluster on port 54329, deleted afterwards. With DATABASE_URL: a new
 * database `cohort_test_<random>` on that server, dropped afterwards. A functions host on its
 * own port (outbox transport: the suite never reaches Resend). Then unit and database tests
 * (Vitest; the job tests start their own workers), a production build, and the browser tests
 * (Playwright) with the pg-boss worker running beside the app.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { destroyCluster, startCluster } from '../lib/db/embedded-cluster';
import { prepareDatabase, root, runtimeEnv, testCluster } from './database';
import { type FunctionsHost, startFunctionsHost } from './functions-host';
import { buildIfChanged } from './next-build';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

export const TEST_APP_PORT = 3100;
/** Not 54321: `npm test` must run beside a running `npm start`. */
export const TEST_FUNCTIONS_PORT = 54328;

async function freshDatabase(): Promise<{ url: string; dispose: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    await destroyCluster(testCluster.dataDir);
    const { url } = await startCluster(testCluster);
    return { url, dispose: () => destroyCluster(testCluster.dataDir) };
  }
  const name = `cohort_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin', bin), args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const started = Date.now();
// The suite's app connections go to its own fresh database, derived from DATABASE_URL: an
// APP_DATABASE_URL left in the shell would point them at another database (one with data).
delete process.env.APP_DATABASE_URL;
const database = await freshDatabase();
let exitCode = 1;
let functions: FunctionsHost | undefined;
let worker: WorkerProcess | undefined;
try {
  console.log('Preparing the test database…');
  process.env.AUTHENTICATOR_PASSWORD = 'cohort-test-authenticator-password';
  // A small seed (5% of the demo) gives every role a user and every table some rows.
  await prepareDatabase(database.url, 0.05);
  // Test files hold both: the owner's URL for fixtures, the authenticator's for the code under test.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...runtimeEnv(process.env),
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: 'cohort-test-secret-not-for-production-use',
    BETTER_AUTH_URL: `http://localhost:${TEST_APP_PORT}`,
    NEXT_TELEMETRY_DISABLED: '1',
    COHORT_TEST_APP_PORT: String(TEST_APP_PORT),
    SUPABASE_JWT_SECRET: 'cohort-test-jwt-secret-not-for-production-use',
    EMAIL_LINK_SECRET: 'cohort-test-email-link-secret-not-for-production',
    APP_URL: `http://localhost:${TEST_APP_PORT}`,
    RESEND_API_KEY: '',
    RESEND_BASE_URL: '',
  };
  functions = await startFunctionsHost({ port: TEST_FUNCTIONS_PORT, env });
  env.SUPABASE_URL = functions.url;
  const vitest = await run('vitest', ['run'], env);
  Object.assign(process.env, env);
  await buildIfChanged();
  // Reclaims a stopped job within seconds rather than the production default. The worker and
  // the app under test (playwright.config.ts) get no owner URL, as in production.
  worker = startWorkerProcess({ ...runtimeEnv(env), JOBS_MONITOR_SECONDS: '2' });
  const playwright = await run('playwright', ['test'], env);
  exitCode = vitest || playwright;
} finally {
  await worker?.stop();
  await functions?.stop();
  await database.dispose();
}
console.log(`\nTest suite ${exitCode === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(exitCode);
