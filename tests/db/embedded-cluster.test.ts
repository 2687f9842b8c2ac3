/**
 * The embedded cluster recovers from what a killed run leaves behind: a live server (reused),
 * a dead server's postmaster.pid, and a postmaster.pid whose PID now belongs to another
 * program. Uses its own throwaway data directory and port.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterUrl, destroyCluster, isRunning, startCluster } from '../../lib/db/embedded-cluster';

const options = { dataDir: path.resolve('.data/unit-cluster'), port: 54339, settings: { fsync: 'off' } };
const pidFile = path.join(options.dataDir, 'postmaster.pid');

async function answers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: clusterUrl(options.port) });
  await client.connect();
  const { rows } = await client.query('select 1 as ok');
  await client.end();
  return rows[0]?.ok === 1;
}

/** A SIGKILLed postmaster's children notice and exit on their own within a moment. */
async function childrenGone(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

afterAll(() => destroyCluster(options.dataDir));

describe('embedded cluster lifecycle', () => {
  it('starts, then reuses the server that is already running', { timeout: 120_000 }, async () => {
    await destroyCluster(options.dataDir);
    expect((await startCluster(options)).startedHere).toBe(true);
    expect((await startCluster(options)).startedHere).toBe(false);
    expect(await answers()).toBe(true);
  });

  it('starts again after the server was killed with SIGKILL', { timeout: 120_000 }, async () => {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await childrenGone();
    expect((await startCluster(options)).startedHere).toBe(true);
    expect(await answers()).toBe(true);
  });

  it('ignores a postmaster.pid whose PID now belongs to another program', { timeout: 120_000 }, async () => {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const content = readFileSync(pidFile, 'utf8');
    process.kill(pid, 'SIGKILL');
    await childrenGone();
    // Our own test process stands in for an unrelated program that got the old PID.
    writeFileSync(pidFile, content.replace(/^\d+/, String(process.pid)));
    expect(await isRunning(options.dataDir)).toBe(false);
    expect((await startCluster(options)).startedHere).toBe(true);
    expect(await answers()).toBe(true);
  });
});
