/**
 * Campaign figures for `npm run bench`: a campaign to BENCH_CAMPAIGN (default 100,000)
 * consenting contacts through the outbox transport, end to end — from "send now" to the
 * campaign completing: dispatch, fan-out, send-email batches (render, consent and
 * suppression checks, outbox writes), counters. The worker and the functions host run as
 * their own processes, as in production; their peak memory is read from /proc (VmHWM).
 * Duplicates are counted from the database: must be 0.
 *
 * Run alone on a throwaway cluster: node --import tsx tests/bench/campaign.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { appDatabaseUrl } from '../../lib/db/client';
import { ownerDb } from '../../lib/db/owner';
import { editableProps } from '../../lib/marketing/template-props';
import { root } from '../../scripts/database';
import { startFunctionsHost } from '../../scripts/functions-host';
import { freePort } from '../support/free-port';

const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN ?? 100_000);

/** Peak resident memory of a process (Linux), in MB. */
async function peakMb(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

async function audience(): Promise<{ orgId: string; segmentId: string }> {
  const db = ownerDb();
  const org = await db
    .insertInto('organizations')
    .values({ name: 'Bench Campaigns Ltd', postal_address: '1 Bench Street, Leeds LS1 1AA, United Kingdom', brand_color: '#0F766E' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into public.contacts (org_id, first_name, last_name, email, created_at)
            select ${org.id}::uuid, 'Reader', 'Number ' || n, 'reader' || n || '@campaign.bench.example', now() - make_interval(secs => n)
              from generate_series(1, ${RECIPIENTS}) n`.execute(db);
  await sql`insert into public.consent_events (org_id, contact_id, purpose, granted, source)
            select org_id, id, 'marketing_email', true, 'import' from public.contacts where org_id = ${org.id}`.execute(db);
  await sql`vacuum (analyze) public.contacts, public.consent_events`.execute(db);
  const segment = await db.insertInto('segments').values({ org_id: org.id, name: 'Everyone who agreed', audience: 'contacts', filter: { marketingConsent: true } }).returning('id').executeTakeFirstOrThrow();
  return { orgId: org.id, segmentId: segment.id };
}

export async function benchCampaign(): Promise<string[]> {
  console.log(`Campaign: ${RECIPIENTS.toLocaleString('en')} consenting contacts…`);
  const { orgId, segmentId } = await audience();
  const env = { APP_DATABASE_URL: appDatabaseUrl(), SUPABASE_JWT_SECRET: randomBytes(32).toString('base64url'), EMAIL_LINK_SECRET: randomBytes(32).toString('base64url') };
  const host = await startFunctionsHost({ port: await freePort(), env: { ...env, APP_URL: 'http://localhost:3000', RESEND_API_KEY: '', FUNCTIONS_DB_POOL_SIZE: '8' }, echo: false });
  let worker: ChildProcess | undefined;
  try {
    worker = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'lib/jobs/worker.ts')], {
      cwd: root,
      env: { ...process.env, ...env, SUPABASE_URL: host.url, JOBS_MONITOR_SECONDS: '5' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Wait for the worker to be up, so its start-up is not counted.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const db = ownerDb();
    const started = Date.now();
    const { id } = await db
      .insertInto('campaigns')
      .values({ org_id: orgId, name: 'Bench campaign', segment_id: segmentId, template: 'welcome', props: editableProps('welcome') as never, status: 'scheduled', scheduled_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    let done = false;
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const c = await db.selectFrom('campaigns').select(['status', 'sent_count']).where('id', '=', id).executeTakeFirstOrThrow();
      done = c.status === 'completed';
      if (Date.now() - started > 15 * 60_000) throw new Error(`the bench campaign did not complete (${c.sent_count} sent)`);
    }
    const seconds = (Date.now() - started) / 1000;
    const [workerPeak, hostPeak] = [await peakMb(worker.pid), await peakMb(host.pid)];
    const { rows } = await sql<{ messages: number; people: number; outbox: number; sent: number }>`
      select (select count(*) from public.email_messages where campaign_id = ${id})::int as messages,
             (select count(distinct contact_id) from public.email_messages where campaign_id = ${id})::int as people,
             (select count(*) from public.email_outbox o join public.email_messages m on m.id = o.message_id where m.campaign_id = ${id})::int as outbox,
             (select sent_count from public.campaigns where id = ${id}) as sent`.execute(db);
    const r = rows[0] ?? { messages: 0, people: 0, outbox: 0, sent: 0 };
    return [
      '| recipients | end to end | messages/s | duplicates | missing | worker peak RSS | functions host peak RSS |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${RECIPIENTS.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${Math.round(RECIPIENTS / seconds).toLocaleString('en')} | ${r.messages - r.people + (r.outbox - r.messages)} | ${RECIPIENTS - r.people} | ${workerPeak ?? '?'} MB | ${hostPeak ?? '?'} MB |`,
    ];
  } finally {
    worker?.kill('SIGTERM');
    await host.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { destroyCluster, startCluster } = await import('../../lib/db/embedded-cluster');
  const { migrate } = await import('../../lib/db/migrate');
  const cluster = { dataDir: path.join(root, '.data/bench-campaign-postgres'), port: 54342, settings: { shared_buffers: '512MB', fsync: 'off', synchronous_commit: 'off' } };
  await destroyCluster(cluster.dataDir);
  const { url } = await startCluster(cluster);
  process.env.DATABASE_URL = url;
  process.env.AUTHENTICATOR_PASSWORD = 'cohort-bench-authenticator-password';
  try {
    await migrate(url);
    for (const line of await benchCampaign()) console.log(line);
  } finally {
    const { closeDb } = await import('../../lib/db/client');
    await closeDb();
    await destroyCluster(cluster.dataDir);
  }
  process.exit(0);
}
