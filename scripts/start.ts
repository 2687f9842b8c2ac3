/**
 * `npm start`: embedded Postgres (or DATABASE_URL), migrations, demo seed, the Deno functions
 * host (unless SUPABASE_URL names a hosted project), the pg-boss worker, then the web app.
 * `npm run dev` does the same with `next dev`. Ctrl-C stops the app, the worker (after its
 * running jobs), the functions host and the database it started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, demoLogins } from '../supabase/seed/demo';
import { seedDemoScoring } from '../supabase/seed/scoring';
import { DEFAULT_BACKUPS_KEPT } from '../lib/db/backup-status';
import { keepDailyBackups } from '../lib/db/backups';
import { authSecret, backupPlace, demoCluster, emailLinkSecret, jwtSecret, keepRunningMarker, prepareDatabase, root, runtimeEnv, startDatabase } from './database';
import { FUNCTIONS_PORT, startFunctionsHost } from './functions-host';
import { buildIfChanged } from './next-build';
import { startWorkerProcess } from './worker-process';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const appUrl = process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`;

console.log('Cohort CRM: starting');
const database = await startDatabase(demoCluster);
console.log(database.embedded ? `  embedded PostgreSQL 17 at ${database.url}` : '  using DATABASE_URL');
await prepareDatabase(database.url, 1);
// The demo shows lead scoring switched on (once; the shared seed of the tests scores nothing).
await seedDemoScoring(console.log);

// The app, worker and functions log in as authenticator; only this process holds the owner's URL.
const env: NodeJS.ProcessEnv = {
  ...runtimeEnv(process.env),
  BETTER_AUTH_SECRET: await authSecret(),
  BETTER_AUTH_URL: appUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  // Shared by the app (mints tokens, verifies unsubscribe links) and the functions host.
  SUPABASE_JWT_SECRET: await jwtSecret(),
  EMAIL_LINK_SECRET: await emailLinkSecret(),
  APP_URL: process.env.APP_URL ?? appUrl,
};
// The embedded database is backed up daily while Cohort runs; admins see it under Settings → Backups.
const stopBackups = database.embedded
  ? keepDailyBackups(database.url, demoCluster.dataDir, backupPlace, Number(process.env.BACKUP_KEEP ?? DEFAULT_BACKUPS_KEPT), console.log)
  : () => {};
if (database.embedded) env.BACKUPS_DIR = backupPlace.backupsDir;
// With SUPABASE_URL set, the app invokes that project's deployed functions instead.
const functions = process.env.SUPABASE_URL ? null : await startFunctionsHost({ port: FUNCTIONS_PORT, env });
if (functions) {
  env.SUPABASE_URL = functions.url;
  console.log(`  functions host at ${functions.url}/functions/v1/ (email: ${env.RESEND_API_KEY ? 'Resend' : 'local outbox, see /dev/inbox'})`);
  // Also on a crash (a failed build): never leave the host running without us.
  process.on('exit', () => {
    if (isAlive(functions.pid)) process.kill(functions.pid, 'SIGTERM');
  });
}
if (!dev) await buildIfChanged();

// Campaigns, sequences, transactional emails and the daily jobs (lib/jobs/worker.ts).
const worker = startWorkerProcess(env);

// Next.js behind Cohort's web server: client address, body limit, security headers.
const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/web-server.ts'), ...(dev ? ['--dev'] : [])], {
  cwd: root,
  env: { ...env, PORT: String(port), NODE_ENV: dev ? 'development' : 'production' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

console.log(`
  Cohort is running at ${appUrl}

  Demo logins (password for all: ${DEMO_PASSWORD})
${demoLogins.map((login) => `    ${login.role.padEnd(11)} ${login.email.padEnd(34)} ${login.org}`).join('\n')}

  Learner portal: ${appUrl}/learn (trainees sign in with a contact's email address; without an
  email provider the link is in \`npm run mailbox <address>\`; bookings' links are in /dev/inbox)

  Press Ctrl-C to stop.
`);

function isAlive(pid: number): boolean {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Cohort…');
  app.kill('SIGTERM');
  stopBackups();
  await worker.stop();
  await functions?.stop();
  if (database.embedded && !existsSync(keepRunningMarker)) {
    console.log('\nStopping the embedded database…');
    await database.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
app.on('exit', (code) => void shutdown(code ?? 0));
