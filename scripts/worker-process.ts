/**
 * The pg-boss worker (lib/jobs/worker.ts) as a child process of `npm start` or `npm test`.
 * Stopping sends SIGTERM and waits for the worker to finish its running jobs, so the
 * database is never stopped under it; a worker that dies on its own is started again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './database';

export type WorkerProcess = { stop: () => Promise<void> };

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  let child: ChildProcess;
  let stopping = false;
  const launch = () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/jobs/worker.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[jobs] the worker stopped (${signal ?? `exit code ${code}`}); starting it again in 5 s`);
      setTimeout(() => !stopping && launch(), 5000).unref();
    });
  };
  launch();
  return {
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await exited(child, 25_000))) child.kill('SIGKILL');
    },
  };
}
