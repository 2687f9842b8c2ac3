/**
 * The local Supabase functions host (supabase/functions/_host/main.ts) as a child process of
 * `npm start`, `npm test`, or a test that needs a host with its own settings. Deno is started
 * directly (not through npx) so the PID we hold is the server's and stopping it is exact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { root, withoutOwnerUrl } from './database';

/** Supabase's local API port: SUPABASE_URL http://127.0.0.1:54321 reaches functions here. */
export const FUNCTIONS_PORT = 54321;

export type FunctionsHost = { url: string; pid: number; stop: () => Promise<void> };

export type FunctionsHostOptions = {
  port: number;
  /** Added to this process's environment: APP_DATABASE_URL, SUPABASE_JWT_SECRET, EMAIL_LINK_SECRET, RESEND_*… */
  env: Record<string, string | undefined>;
  /** Forward the host's output to this process's (default); tests keep it for error messages only. */
  echo?: boolean;
  /** The first start downloads npm packages into Deno's cache; later ones take about a second. */
  timeoutMs?: number;
};

// The committed lock pins every npm package the functions load, transitive ones included
// (tailwindcss at the app's own version), and --frozen refuses to run with anything else: the
// tests and production run the same code. `npm run functions:lock` refreshes it on purpose.
const denoArgs = [
  'run',
  '--lock=supabase/functions/deno.lock',
  '--frozen',
  '--allow-net',
  '--allow-env',
  '--allow-read',
  '--config',
  'supabase/functions/deno.json',
  'supabase/functions/_host/main.ts',
];

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** True once the host on `url` answers /health as the process we started (not a stranger on the port). */
async function answers(url: string, pid: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { pid?: number };
    return response.ok && body.pid === pid;
  } catch {
    return false;
  }
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(path.join(root, 'node_modules/.bin/deno'), denoArgs, {
    cwd: root,
    // Never the owner's DATABASE_URL: functions log in as authenticator (APP_DATABASE_URL).
    env: { ...withoutOwnerUrl({ ...process.env, ...options.env }), FUNCTIONS_PORT: String(options.port), FUNCTIONS_HOSTNAME: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer, echo: NodeJS.WriteStream) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.echo !== false) echo.write(chunk);
  };
  child.stdout?.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
  child.stderr?.on('data', (chunk: Buffer) => collect(chunk, process.stderr));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) child.kill('SIGKILL');
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const pid = child.pid;
  while (pid !== undefined && Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await answers(url, pid)) return { url, pid, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`The functions host did not start on ${url}:\n${output.trim()}`);
}
