/**
 * `npm start`: embedded Postgres (or DATABASE_URL), migrations, demo seed, then the web app.
 * `npm run dev` does the same with `next dev`. Ctrl-C stops the app and the database it started.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, demoLogins } from '../supabase/seed/demo';
import { authSecret, demoCluster, keepRunningMarker, prepareDatabase, root, startDatabase } from './database';
import { buildIfChanged } from './next-build';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const appUrl = process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`;

console.log('Cohort CRM: starting');
const database = await startDatabase(demoCluster);
console.log(database.embedded ? `  embedded PostgreSQL 17 at ${database.url}` : '  using DATABASE_URL');
await prepareDatabase(database.url, 1);

const env = {
  ...process.env,
  DATABASE_URL: database.url,
  BETTER_AUTH_SECRET: await authSecret(),
  BETTER_AUTH_URL: appUrl,
  NEXT_TELEMETRY_DISABLED: '1',
};
Object.assign(process.env, env);
if (!dev) await buildIfChanged();

const app = spawn(path.join(root, 'node_modules/.bin/next'), [dev ? 'dev' : 'start', '-p', String(port)], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});

console.log(`
  Cohort is running at ${appUrl}

  Demo logins (password for all: ${DEMO_PASSWORD})
${demoLogins.map((login) => `    ${login.role.padEnd(11)} ${login.email.padEnd(34)} ${login.org}`).join('\n')}

  Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.kill('SIGTERM');
  if (database.embedded && !existsSync(keepRunningMarker)) {
    console.log('\nStopping the embedded database…');
    await database.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
app.on('exit', (code) => void shutdown(code ?? 0));
