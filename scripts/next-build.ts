/**
 * Runs `next build` only when the sources changed since the last build, so a second
 * `npm start` (or `npm test`) starts in seconds instead of rebuilding.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { root } from './database';

const inputs = ['app', 'components', 'lib', 'supabase/functions/_shared', 'public', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json', 'tsconfig.json'];

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  async function walk(entry: string): Promise<void> {
    const full = path.join(root, entry);
    if (!existsSync(full)) return;
    const info = await stat(full);
    if (info.isDirectory()) {
      for (const child of (await readdir(full)).sort()) await walk(path.join(entry, child));
    } else {
      hash.update(`${entry}:${info.size}:${info.mtimeMs}\n`);
    }
  }
  for (const entry of inputs) await walk(entry);
  return hash.digest('hex');
}

export async function buildIfChanged(log = console.log): Promise<void> {
  const stampFile = path.join(root, '.next/cohort-build-stamp');
  const current = await fingerprint();
  if (existsSync(path.join(root, '.next/BUILD_ID')) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')) === current) {
    log('  web app build is up to date');
    return;
  }
  log('  building the web app (first start or sources changed)…');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/next'), ['build'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) throw new Error('next build failed');
  await writeFile(stampFile, current);
}
