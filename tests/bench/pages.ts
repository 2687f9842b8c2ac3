/**
 * Page figures for `npm run bench`: server response time of the main list pages and a
 * contact page against the 1M-contact bench organisation, and the JavaScript each route
 * ships (every <script src> a modern browser loads, raw and gzipped).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, runtimeEnv } from '../../scripts/database';
import { buildIfChanged } from '../../scripts/next-build';

const PORT = 3300;
const base = `http://localhost:${PORT}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/sign-in`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('next start did not answer');
}

async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`bench sign-in failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function timePage(url: string, cookie: string, runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const t = process.hrtime.bigint();
    const response = await fetch(`${base}${url}`, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (i >= 5) samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function scriptBytes(url: string, cookie: string) {
  const html = await (await fetch(`${base}${url}`, { headers: { cookie } })).text();
  // Scripts marked nomodule (Next's legacy-browser polyfills) are skipped by every browser
  // Cohort supports, so they are not part of what a page costs.
  const tags = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule/i.test(tag));
  const sources = [...new Set(tags.map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]).filter((src): src is string => Boolean(src)))];
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { files: sources.length, raw, gzip };
}

export async function benchPages(options: {
  url: string;
  email: string;
  password: string;
  contactId: string;
  opportunityId: string;
  runs: number;
  /** A trainee's cookie and the learner portal routes to time as them (./learner.ts). */
  learner?: { cookie: string; routes: string[] };
  /** false: only the learner routes (BENCH_ONLY=learner). */
  staffRoutes?: boolean;
}): Promise<string[]> {
  process.env.DATABASE_URL = options.url;
  await buildIfChanged();
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/web-server.ts')], {
    cwd: root,
    env: { ...runtimeEnv(process.env), PORT: String(PORT), NODE_ENV: 'production', BETTER_AUTH_URL: base, BETTER_AUTH_SECRET: 'bench-secret-not-for-production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer();
    const cookie = await signIn(options.email, options.password);
    const routes = options.staffRoutes === false ? [] : [
      '/leads',
      '/contacts',
      '/opportunities?view=list',
      `/contacts/${options.contactId}`,
      `/opportunities/${options.opportunityId}`,
      '/contacts?q=son',
      '/contacts?cp_format=online',
      '/contacts?cp_format=on-site',
      '/contacts/new',
    ];
    const lines = ['| page | p50 ms | p95 ms | JS files | JS raw KB | JS gzip KB |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
    for (const route of routes) {
      const time = await timePage(route, cookie, options.runs);
      const js = await scriptBytes(route, cookie);
      lines.push(`| ${route.replace(options.contactId, '<id>').replace(options.opportunityId, '<id>')} | ${time.p50.toFixed(1)} | ${time.p95.toFixed(1)} | ${js.files} | ${(js.raw / 1024).toFixed(0)} | ${(js.gzip / 1024).toFixed(0)} |`);
      console.log(lines.at(-1));
    }
    for (const route of options.learner?.routes ?? []) {
      const time = await timePage(route, options.learner?.cookie ?? '', options.runs);
      const js = route.endsWith('.pdf') ? { files: 0, raw: 0, gzip: 0 } : await scriptBytes(route, options.learner?.cookie ?? '');
      lines.push(`| ${route.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')} (trainee) | ${time.p50.toFixed(1)} | ${time.p95.toFixed(1)} | ${js.files} | ${(js.raw / 1024).toFixed(0)} | ${(js.gzip / 1024).toFixed(0)} |`);
      console.log(lines.at(-1));
    }
    return lines;
  } finally {
    server.kill('SIGTERM');
  }
}
