/**
 * The embedded cluster recovers from what a killed run leaves behind: a live server (reused),
 * a dead server's postmaster.pid and its children still exiting, a postmaster.pid whose PID now
 * belongs to another program — and from its port being held by someone else (ports 32768–60999
 * are Linux's ephemeral range, so an outgoing connection can hold one). Uses its own throwaway
 * data directory; a failure to start carries the end of the server log in its message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { destroyCluster, isRunning, startCluster } from '../../lib/db/embedded-cluster';

const options = { dataDir: path.resolve('.data/unit-cluster'), port: 54339, settings: { fsync: 'off' } };
const pidFile = path.join(options.dataDir, 'postmaster.pid');

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('select 1 as ok');
  await client.end();
  return rows[0]?.ok === 1;
}

/**
 * SIGKILLs the postmaster and waits until it is gone (a dead process has no command line):
 * kill() returns before the signal has taken effect, and a server still dying would rightly be
 * found running. Its children may still be exiting, which is the case these tests are about.
 */
async function killPostmaster(): Promise<void> {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  for (let tries = 0; tries < 250; tries++) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return;
    }
    if (!cmdline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`postmaster ${pid} did not die after SIGKILL`);
}

/** Listens on `port` as soon as the killed server's children have let go of it. */
async function holdPort(port: number): Promise<Server> {
  for (let tries = 0; ; tries++) {
    const holder = createServer();
    const held = await new Promise<boolean>((resolve) => {
      holder.once('error', () => resolve(false));
      holder.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (held) return holder;
    if (tries > 100) throw new Error(`port ${port} stayed busy`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => destroyCluster(options.dataDir));

describe('embedded cluster lifecycle', () => {
  it('starts, then reuses the server that is already running', { timeout: 120_000 }, async () => {
    await destroyCluster(options.dataDir);
    const first = await startCluster(options);
    expect(first.startedHere).toBe(true);
    const again = await startCluster(options);
    expect(again).toEqual({ url: first.url, startedHere: false });
    expect(await answers(again.url)).toBe(true);
  });

  it('starts again at once after the server was killed with SIGKILL, while its children still exit', { timeout: 120_000 }, async () => {
    await killPostmaster();
    const restarted = await startCluster(options);
    expect(restarted.startedHere).toBe(true);
    expect(await answers(restarted.url)).toBe(true);
  });

  it('ignores a postmaster.pid whose PID now belongs to another program', { timeout: 120_000 }, async () => {
    const content = readFileSync(pidFile, 'utf8');
    await killPostmaster();
    // Our own test process stands in for an unrelated program that got the old PID.
    writeFileSync(pidFile, content.replace(/^\d+/, String(process.pid)));
    expect(await isRunning(options.dataDir)).toBe(false);
    const restarted = await startCluster(options);
    expect(restarted.startedHere).toBe(true);
    expect(await answers(restarted.url)).toBe(true);
  });

  it('starts on another free port when its own is held, and says which', { timeout: 120_000 }, async () => {
    await killPostmaster();
    const holder = await holdPort(options.port);
    try {
      const restarted = await startCluster(options);
      expect(restarted.startedHere).toBe(true);
      expect(new URL(restarted.url).port).not.toBe(String(options.port));
      expect(await answers(restarted.url)).toBe(true);
      // A second start finds it running there.
      expect((await startCluster(options)).url).toBe(restarted.url);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
