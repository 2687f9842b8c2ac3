/**
 * `npm run load`: many staff at once against `next start` (Cohort's web server) on a throwaway
 * cluster holding a 1,000,000-contact organisation. LOAD_USERS distinct members (default 200)
 * sign in; each holds the live-updates stream open the whole time, as a browser tab does, and
 * replays a mix of what staff open and do most — the contacts list, a search, a contact's
 * page, the leads list, the pipeline board, the dashboard, logging a note on a contact and
 * moving a deal — through autocannon, in steps of rising concurrency (LOAD_STEPS, default
 * 25,50,100,200; LOAD_STEP_SECONDS each, default 30; the last for LOAD_SECONDS, default 300),
 * spread over LOAD_INSTANCES web servers (default 2) on the one database. Reports p50/p95/p99
 * per route and step, errors, the database's connections, and the largest step whose p95
 * stays under 1 s.
 *
 * Two models of "N members at once" (LOAD_THINK_SECONDS):
 *   - 0 (the default): N connections, each asking again the moment it is answered — N
 *     requests always in flight, a stress far beyond what N people clicking cause;
 *   - T > 0: N members, each asking about once every T seconds (a person reads a page before
 *     the next click): N/T requests a second arrive whatever the answers take, each from the
 *     next member's session in turn (autocannon's overallRate; its connections carry the
 *     members' requests round-robin).
 *
 * The writes are the app's own server actions, posted as the browser posts them (the action's
 * id from this build's server-reference manifest, its arguments as JSON); one counts as done
 * only when its answer carries `"ok":true`, and the notes written are counted in the database.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { destroyCluster, startCluster } from '../../lib/db/embedded-cluster';
import { migrate } from '../../lib/db/migrate';
import { root, runtimeEnv } from '../../scripts/database';
import { buildIfChanged } from '../../scripts/next-build';
import { copyContacts } from './load-contacts';

const CONTACTS = Number(process.env.LOAD_CONTACTS ?? 1_000_000);
const USERS = Number(process.env.LOAD_USERS ?? 200);
const STEPS = (process.env.LOAD_STEPS ?? '25,50,100,200').split(',').map(Number);
const STEP_SECONDS = Number(process.env.LOAD_STEP_SECONDS ?? 30);
const LAST_SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const INSTANCES = Number(process.env.LOAD_INSTANCES ?? 2);
const THINK_SECONDS = Number(process.env.LOAD_THINK_SECONDS ?? 0);
const PORT = 3310;
const base = `http://localhost:${PORT}`;
/** The web servers, one port each from PORT up (all below the ephemeral range). */
const bases = Array.from({ length: INSTANCES }, (_, i) => `http://localhost:${PORT + i}`);
const cluster = {
  dataDir: path.join(root, '.data/load-postgres'),
  port: 54337,
  settings: { shared_buffers: '1GB', fsync: 'off', synchronous_commit: 'off', max_wal_size: '4GB', max_connections: '200' },
};

type MixEntry = { route: string; path: string; share: number; write?: { action: string; args: unknown[][] } };

/** What staff open and do, and how often (shares of the connections). */
const mix = (ids: { contact: string; deal: string; stages: string[] }): MixEntry[] => [
  { route: '/contacts', path: '/contacts', share: 0.25 },
  { route: '/contacts?q=…', path: '/contacts?q=son', share: 0.15 },
  { route: '/contacts/:id', path: `/contacts/${ids.contact}`, share: 0.2 },
  { route: '/leads', path: '/leads', share: 0.1 },
  { route: '/opportunities', path: '/opportunities', share: 0.1 },
  { route: '/dashboard', path: '/dashboard', share: 0.1 },
  {
    route: 'log a note (action)',
    path: `/contacts/${ids.contact}`,
    share: 0.05,
    write: { action: 'app/actions/records.ts#logActivityAction', args: [[{ kind: 'note', subject: 'Load note', contact_id: ids.contact }, `/contacts/${ids.contact}`]] },
  },
  {
    route: 'move a deal (action)',
    path: '/opportunities',
    share: 0.05,
    // Back and forth between two stages, as a board is worked.
    write: { action: 'app/actions/opportunities.ts#moveOpportunityAction', args: ids.stages.slice(0, 2).map((stage_id) => [{ id: ids.deal, stage_id }]) },
  },
];

/** The id this build gave a server action (`<file>#<export>`), from its server-reference manifest. */
function actionId(action: string): string {
  const [filename, exportedName] = action.split('#');
  const manifest = JSON.parse(readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === filename && entry.exportedName === exportedName)?.[0];
  if (!found) throw new Error(`No server action ${action} in this build.`);
  return found;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : Number.NaN);

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password: 'load-password-1234' }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** A live-updates stream held open as a browser tab holds it; returns a closer. */
function holdStream(cookie: string, server: string): () => void {
  const req = httpRequest(`${server}/api/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end();
  return () => req.destroy();
}

async function main(): Promise<void> {
  await destroyCluster(cluster.dataDir);
  const { url } = await startCluster(cluster);
  process.env.DATABASE_URL = url;
  process.env.AUTHENTICATOR_PASSWORD = 'cohort-load-authenticator-password';
  const stops: (() => void)[] = [];
  try {
    await migrate(url);
    const { createUserWithPassword } = await import('../../lib/auth/staff');
    const { ownerDb } = await import('../../lib/db/owner');
    const { sql } = await import('kysely');
    const db = ownerDb();
    const org = await db.insertInto('organizations').values({ name: 'Load Training Ltd' }).returning('id').executeTakeFirstOrThrow();
    // Most are sales reps (RLS narrows what they see), some managers and marketers.
    const members: { email: string; userId: string }[] = [];
    for (let i = 0; i < USERS; i++) {
      const role = i % 10 < 7 ? 'sales' : i % 10 < 9 ? 'manager' : 'marketing';
      const email = `${role}${i}@load.example`;
      const userId = await createUserWithPassword({ email, name: `${role} ${i}`, password: 'load-password-1234' });
      await db.insertInto('memberships').values({ org_id: org.id, user_id: userId, role, display_name: `${role} ${i}`, email }).execute();
      members.push({ email, userId });
    }
    console.log(`Loading ${CONTACTS.toLocaleString('en')} contacts…`);
    const loadMs = await copyContacts(url, org.id, members.slice(0, 70).map((m) => m.userId), CONTACTS);
    console.log(`  ${(loadMs / 1000).toFixed(1)} s`);
    await sql`
      insert into public.leads (org_id, first_name, last_name, email, status, owner_id, created_at)
      select ${org.id}::uuid, 'Lead', 'Number ' || n, 'lead' || n || '@load.example', 'new', null, now() - make_interval(mins => n)
        from generate_series(1, 50000) n`.execute(db);
    const pipeline = await db.insertInto('pipelines').values({ org_id: org.id, name: 'Sales', is_default: true }).returning('id').executeTakeFirstOrThrow();
    const stages = await db
      .insertInto('pipeline_stages')
      .values(['New', 'Qualified', 'Proposal'].map((name, position) => ({ org_id: org.id, pipeline_id: pipeline.id, name, position, probability: 20 * (position + 1) })))
      .returning('id')
      .execute();
    await sql`
      insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, owner_id, created_at)
      select ${org.id}::uuid, 'Deal ' || n, ${pipeline.id}::uuid, (${sql.raw(`array['${stages.map((s) => s.id).join("','")}']::uuid[]`)})[1 + n % 3], (n % 90) * 100, null, now() - make_interval(mins => n)
        from generate_series(1, 5000) n`.execute(db);
    await sql`vacuum (analyze) public.leads, public.opportunities`.execute(db);
    const contact = await db.selectFrom('contacts').select('id').where('org_id', '=', org.id).where('owner_id', 'is', null).limit(1).executeTakeFirstOrThrow();
    const deal = await db.selectFrom('opportunities').select('id').where('org_id', '=', org.id).limit(1).executeTakeFirstOrThrow();

    await buildIfChanged();
    const { spawn } = await import('node:child_process');
    for (const [i, serverBase] of bases.entries()) {
      const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/web-server.ts')], {
        cwd: root,
        env: {
          ...runtimeEnv(process.env),
          PORT: String(PORT + i),
          NODE_ENV: 'production',
          BETTER_AUTH_URL: serverBase,
          BETTER_AUTH_SECRET: 'load-secret-not-for-production',
          NEXT_TELEMETRY_DISABLED: '1',
          AUTH_SIGNIN_LIMIT_PER_MINUTE: String(USERS * 2),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      stops.push(() => server.kill('SIGTERM'));
      for (let t = 0; t < 240 && !(await fetch(`${serverBase}/sign-in`).then((r) => r.ok).catch(() => false)); t++) await new Promise((r) => setTimeout(r, 500));
    }

    console.log(`Signing in ${USERS} members and opening their live streams…`);
    const cookies: string[] = [];
    for (const m of members) cookies.push(await signIn(m.email));
    for (const [i, cookie] of cookies.entries()) stops.push(holdStream(cookie, bases[i % bases.length] as string));
    // Writes are a manager's work here (they may change any record; RLS narrows a rep's).
    const managerCookies = cookies.filter((_, i) => i % 10 >= 7 && i % 10 < 9);

    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    const lines: string[] = [];
    let largestUnderOneSecond = 0;
    for (const [index, connections] of STEPS.entries()) {
      const seconds = index === STEPS.length - 1 ? LAST_SECONDS : STEP_SECONDS;
      let peakConnections = 0;
      const sampler = setInterval(() => {
        void owner.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database()').then((r) => {
          peakConnections = Math.max(peakConnections, r.rows[0]?.n ?? 0);
        });
      }, 1000);
      let next = 0;
      let nextManager = 0;
      const notesBefore = await owner.query<{ n: number }>(`select count(*)::int as n from public.activities where subject = 'Load note'`);
      const runs = mix({ contact: contact.id, deal: deal.id, stages: stages.map((s) => s.id) }).map((entry) => {
        const times: number[] = [];
        let non2xx = 0;
        let shed = 0;
        const write = entry.write ? { id: actionId(entry.write.action), args: entry.write.args } : null;
        const members = Math.max(1, Math.round(connections * entry.share));
        // Back to back: a connection per member. With think time: the members' requests arrive
        // at members/T a second (at least one), on as many connections (one request a second
        // each), every connection cycling through its share of the members' sessions.
        const rate = THINK_SECONDS > 0 ? Math.max(1, Math.round(members / THINK_SECONDS)) : 0;
        const sockets = rate || members;
        const cookieOf = (): string => (write ? (managerCookies[nextManager++ % managerCookies.length] as string) : (cookies[next++ % cookies.length] as string));
        return new Promise<{ entry: typeof entry; result: autocannon.Result; times: number[]; non2xx: number; shed: () => number }>((resolve, reject) => {
          const instance = autocannon(
            {
              // Connections go round the web servers; sessions are in the database, so any serves any member.
              url: bases.map((b) => `${b}${entry.path}`) as unknown as string,
              connections: sockets,
              ...(rate ? { overallRate: rate } : {}),
              duration: seconds,
              ...(write ? { verifyBody: (body: string | Buffer | undefined) => String(body ?? '').includes('"ok":true') } : {}),
              // A member's cookie, their RLS. A write is a server action as the browser posts
              // it (its origin the server it goes to), done only if its answer says ok.
              setupClient: (client) => {
                const origin = `${(client as unknown as { opts: { protocol: string; host: string } }).opts.protocol}//${(client as unknown as { opts: { host: string } }).opts.host}`;
                const turns = rate ? Math.ceil(members / sockets) : 1;
                const requests: autocannon.Request[] = Array.from({ length: turns }, () => cookieOf()).flatMap((cookie): autocannon.Request[] =>
                  write
                    ? write.args.map((args) => ({ method: 'POST', headers: { cookie, 'next-action': write.id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin }, body: JSON.stringify(args) }))
                    : [{ method: 'GET', headers: { cookie } }],
                );
                client.setRequests(requests);
              },
            },
            (error, result) => (error ? reject(error) : resolve({ entry, result, times: times.sort((a, b) => a - b), non2xx, shed: () => shed })),
          );
          instance.on('response', (_client, statusCode, _bytes, responseTime) => {
            times.push(responseTime);
            if (statusCode < 200 || statusCode >= 300) non2xx += 1;
            if (statusCode === 503) shed += 1;
          });
        });
      });
      const results = await Promise.all(runs);
      clearInterval(sampler);
      const notesAfter = await owner.query<{ n: number }>(`select count(*)::int as n from public.activities where subject = 'Load note'`);
      const notesWritten = (notesAfter.rows[0]?.n ?? 0) - (notesBefore.rows[0]?.n ?? 0);
      let worstP95 = 0;
      for (const { entry, result, times, non2xx, shed } of results) {
        const p95 = percentile(times, 95);
        worstP95 = Math.max(worstP95, p95);
        // A write failed when its answer was not ok (a non-2xx answer is one of those); a note
        // answered ok but not in the database would be an error too.
        const failed = entry.write ? result.mismatches : non2xx;
        const lost = entry.route.startsWith('log a note') ? Math.max(0, times.length - result.mismatches - notesWritten) : 0;
        lines.push(
          `| ${connections} | ${entry.route} | ${times.length.toLocaleString('en')} | ${(times.length / seconds).toFixed(1)} | ${percentile(times, 50).toFixed(0)} | ${p95.toFixed(0)} | ${percentile(times, 99).toFixed(0)} | ${failed + result.errors + result.timeouts + lost} | ${shed()} | ${peakConnections} |`,
        );
        console.log(lines.at(-1));
      }
      if (worstP95 < 1000) largestUnderOneSecond = connections;
    }
    await owner.end();
    const model = THINK_SECONDS > 0 ? `each member asking about once every ${THINK_SECONDS} s` : 'each connection asking again as soon as it is answered';
    console.log(`\nLoad at ${CONTACTS.toLocaleString('en')} contacts, ${USERS} members signed in with live streams open, ${INSTANCES} web server${INSTANCES === 1 ? '' : 's'}, ${model} (${new Date().toISOString().slice(0, 10)})\n`);
    console.log('| concurrent | route | requests | req/s | p50 ms | p95 ms | p99 ms | errors | of which busy (503) | DB connections (peak) |');
    console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const line of lines) console.log(line);
    console.log(largestUnderOneSecond ? `\nLargest step with every route's p95 under 1 s: ${largestUnderOneSecond} concurrent members.` : "\nNo step kept every route's p95 under 1 s.");
  } finally {
    for (const stop of stops) stop();
    await destroyCluster(cluster.dataDir);
  }
}

await main();
process.exit(0);
