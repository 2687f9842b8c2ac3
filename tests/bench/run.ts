/**
 * `npm run bench`: figures, not a test. Loads 1,000,000 contacts into a bench organisation of
 * a throwaway embedded cluster, then reports p50/p95 latency of the contacts list (first page,
 * a deep keyset page, substring search for a common and a rare term) through withUser as a
 * sales rep and as a manager, beside the same SQL as service role, then a campaign to
 * 100,000 contacts (./campaign.ts), and data in and out — import, export, merge, the
 * duplicates queue (./data-in-out.ts), and lead scoring (./scoring.ts). BENCH_CONTACTS,
 * BENCH_CAMPAIGN and BENCH_IMPORT_ROWS override the sizes; BENCH_ONLY=data (or learner, or
 * scoring) runs only those figures; BENCH_ONLY=tenants, 10,000,000 contacts across 1,000
 * organisations instead (./tenants.ts).
 */
import path from 'node:path';
import { destroyCluster, startCluster } from '../../lib/db/embedded-cluster';
import { migrate } from '../../lib/db/migrate';
import { root } from '../../scripts/database';
import { COMMON_TERM, copyContacts, RARE_SURNAME } from './load-contacts';
import { benchCampaign } from './campaign';
import { benchDataInOut } from './data-in-out';
import { benchSubjectRights } from './gdpr';
import { benchCertificatePdf, learnerFixtures } from './learner';
import { benchPages } from './pages';
import { benchScoring } from './scoring';
import { benchTenants } from './tenants';

const TOTAL = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const cluster = {
  dataDir: path.join(root, '.data/bench-postgres'),
  port: 54333,
  settings: { shared_buffers: '1GB', fsync: 'off', synchronous_commit: 'off', max_wal_size: '4GB', work_mem: '16MB' },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

type Stats = { p50: number; p95: number };

/**
 * Times two variants of a query alternately, so drift (caches, JIT, the machine's other work)
 * lands on both equally; returns their latency percentiles in ms.
 */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[Stats, Stats]> {
  for (let i = 0; i < 30; i++) {
    await a(); // warm caches, plans and the JIT
    await b();
  }
  const samples: [number[], number[]] = [[], []];
  const sample = async (fn: () => Promise<unknown>, into: number[]) => {
    const t = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - t) / 1e6);
  };
  for (let i = 0; i < RUNS; i++) {
    await sample(a, samples[0]);
    await sample(b, samples[1]);
  }
  return samples.map((s) => {
    s.sort((x, y) => x - y);
    return { p50: percentile(s, 50), p95: percentile(s, 95) };
  }) as [Stats, Stats];
}

await destroyCluster(cluster.dataDir);
const { url } = await startCluster(cluster);
process.env.DATABASE_URL = url;
process.env.AUTHENTICATOR_PASSWORD = 'cohort-bench-authenticator-password';
process.env.DATABASE_POOL_SIZE = '2';
/** A BENCH_ONLY run ends early: its cluster goes too (process.exit would skip the finally below). */
async function finish(): Promise<never> {
  await destroyCluster(cluster.dataDir);
  process.exit(0);
}

try {
  await migrate(url);
  const { createUserWithPassword } = await import('../../lib/auth/staff');
  const { withUser, asService } = await import('../../lib/db/session');
  const { ownerDb } = await import('../../lib/db/owner');
  const { contactPage } = await import('../../lib/crm/contacts');
  const { contactListSchema } = await import('../../lib/crm/contacts.schema');
  const { encodeCursor } = await import('../../lib/crm/pagination');
  const { closeDb } = await import('../../lib/db/client');
  const { sql } = await import('kysely');

  // BENCH_ONLY=tenants: 10,000,000 contacts in 1,000 organisations (./tenants.ts), on their own.
  if (process.env.BENCH_ONLY === 'tenants') {
    const lines = await benchTenants(url, timePair);
    console.log(`\nMany organisations in one Postgres (${new Date().toISOString().slice(0, 10)})\n`);
    console.log('| work | time | figure | notes |');
    console.log('| --- | --- | --- | --- |');
    for (const line of lines) console.log(line);
    await finish();
  }

  const db = ownerDb();
  const org = await db.insertInto('organizations').values({ name: 'Bench Training Ltd' }).returning('id').executeTakeFirstOrThrow();
  const member = async (role: 'sales' | 'manager' | 'compliance', n: number) => {
    const email = `${role}${n}@bench.example`;
    const userId = await createUserWithPassword({ email, name: `${role} ${n}`, password: 'bench-password-1234' });
    await db.insertInto('memberships').values({ org_id: org.id, user_id: userId, role, display_name: `${role} ${n}`, email }).execute();
    return { userId, email, orgId: org.id };
  };
  const reps = [];
  for (let i = 1; i <= 8; i++) reps.push(await member('sales', i));
  const manager = await member('manager', 1);
  const officer = await member('compliance', 1);

  console.log(`Loading ${TOTAL.toLocaleString('en')} contacts with COPY…`);
  const loadMs = await copyContacts(url, org.id, reps.map((r) => r.userId), TOTAL);
  console.log(`  ${(loadMs / 1000).toFixed(1)} s (${Math.round(TOTAL / (loadMs / 1000)).toLocaleString('en')} rows/s, indexes and triggers on)`);
  // BENCH_ONLY=data: only the import, export, merge and duplicates figures (./data-in-out.ts).
  const dataLines = async () => {
    const lines = await benchDataInOut(url, { orgId: org.id, manager });
    console.log(`\nData in and out (${new Date().toISOString().slice(0, 10)})\n`);
    console.log('| work | time | rate | notes |');
    console.log('| --- | ---: | ---: | --- |');
    for (const line of lines) console.log(line);
  };
  if (process.env.BENCH_ONLY === 'data') {
    await dataLines();
    await finish();
  }
  // BENCH_ONLY=scoring: only lead scoring's full rescoring and per-event figures (./scoring.ts).
  const scoringLines = async () => {
    const lines = await benchScoring(url, org.id);
    console.log(`\nLead scoring at ${TOTAL.toLocaleString('en')} contacts (${new Date().toISOString().slice(0, 10)})\n`);
    console.log('| work | time | rate | notes |');
    console.log('| --- | ---: | ---: | --- |');
    for (const line of lines) console.log(line);
  };
  if (process.env.BENCH_ONLY === 'scoring') {
    await scoringLines();
    await finish();
  }
  // BENCH_ONLY=learner: only the learner portal's pages and certificate PDF (./learner.ts).
  if (process.env.BENCH_ONLY === 'learner') {
    const learner = await learnerFixtures(org.id);
    const someContact = await db.selectFrom('contacts').select('id').where('org_id', '=', org.id).limit(1).executeTakeFirstOrThrow();
    await closeDb();
    const pageLines = await benchPages({ url, email: manager.email, password: 'bench-password-1234', contactId: someContact.id, opportunityId: someContact.id, runs: Math.min(RUNS, 100), learner, staffRoutes: false });
    const pdfLines = await benchCertificatePdf();
    console.log(`\nLearner portal at ${TOTAL.toLocaleString('en')} contacts (${new Date().toISOString().slice(0, 10)})\n`);
    for (const line of [...pageLines, '', ...pdfLines]) console.log(line);
    await finish();
  }

  // A cursor deep in the list: the row at 60% of the timeline.
  const deep = await db
    .selectFrom('contacts')
    .select(['id', 'created_at'])
    .where('org_id', '=', org.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.floor(TOTAL * 0.6))
    .limit(1)
    .executeTakeFirstOrThrow();
  const deepCursor = encodeCursor({ value: deep.created_at.toISOString(), id: deep.id });

  const scenarios: [string, Record<string, unknown>][] = [
    ['first page (50, newest first)', {}],
    ['deep page (keyset, 60% in)', { cursor: deepCursor }],
    [`search, common term "${COMMON_TERM}"`, { q: COMMON_TERM }],
    [`search, rare term "${RARE_SURNAME.toLowerCase()}"`, { q: RARE_SURNAME.toLowerCase() }],
  ];
  const actors = [
    ['sales rep', reps[0] as { userId: string; email: string; orgId: string }],
    ['manager', manager],
  ] as const;

  const rows: string[] = [];
  for (const [label, raw] of scenarios) {
    const params = contactListSchema.parse({ ...raw, limit: 50 });
    for (const [who, actor] of actors) {
      // The same SQL as service role (no RLS) is the baseline.
      const [asUser, asServiceRole] = await timePair(
        () => withUser(actor, (tx) => contactPage(tx, actor, params)),
        () => asService('bench: baseline without RLS', (tx) => contactPage(tx, actor, params)),
      );
      rows.push(
        `| ${label} | ${who} | ${asUser.p50.toFixed(2)} | ${asUser.p95.toFixed(2)} | ${asServiceRole.p50.toFixed(2)} | ${asServiceRole.p95.toFixed(2)} | ${(asUser.p50 / asServiceRole.p50).toFixed(2)} | ${(asUser.p95 / asServiceRole.p95).toFixed(2)} |`,
      );
      console.log(rows.at(-1));
    }
  }

  // The list's total, counted by its own query and streamed in after the rows.
  const { countContacts } = await import('../../lib/crm/contacts');
  for (const [who, actor] of actors) {
    const [total, totalSearch] = await timePair(
      () => countContacts(actor, {}),
      () => countContacts(actor, { q: COMMON_TERM }),
    );
    rows.push(`| total (counted to 10,001), no filter | ${who} | ${total.p50.toFixed(2)} | ${total.p95.toFixed(2)} | | | | |`);
    rows.push(`| total (counted to 10,001), search "${COMMON_TERM}" | ${who} | ${totalSearch.p50.toFixed(2)} | ${totalSearch.p95.toFixed(2)} | | | | |`);
    console.log(rows.at(-2));
    console.log(rows.at(-1));
  }

  // A custom single-select on every contact, as an admin would add one ("Preferred training
  // format"): four common values and one rare, then the list filtered by it.
  await db
    .insertInto('property_definitions')
    .values({
      org_id: org.id,
      object: 'contact',
      key: 'format',
      label: 'Preferred training format',
      type: 'single_select',
      options: JSON.stringify(['online', 'classroom', 'blended', 'self-paced', 'on-site'].map((value) => ({ value, label: value, color: 'slate' }))),
    })
    .execute();
  const customStarted = Date.now();
  await sql`
    update public.contacts set custom = jsonb_build_object('format',
      case when abs(hashtext(id::text)) % 1000 = 0 then 'on-site'
           when abs(hashtext(id::text)) % 10 < 4 then 'online'
           when abs(hashtext(id::text)) % 10 < 7 then 'classroom'
           when abs(hashtext(id::text)) % 10 < 9 then 'blended'
           else 'self-paced' end)
     where org_id = ${org.id}`.execute(db);
  await sql`vacuum (analyze) public.contacts`.execute(db);
  console.log(`  custom values set on every contact in ${((Date.now() - customStarted) / 1000).toFixed(1)} s`);
  const customRows: string[] = [];
  for (const [label, value] of [['common value (40%)', 'online'], ['rare value (0.1%)', 'on-site']] as const) {
    const params = contactListSchema.parse({ limit: 50, custom: { format: value } });
    for (const [who, actor] of actors) {
      const [asUser, asServiceRole] = await timePair(
        () => withUser(actor, (tx) => contactPage(tx, actor, params)),
        () => asService('bench: baseline without RLS', (tx) => contactPage(tx, actor, params)),
      );
      customRows.push(`| format = ${value}: ${label} | ${who} | ${asUser.p50.toFixed(2)} | ${asUser.p95.toFixed(2)} | ${asServiceRole.p50.toFixed(2)} | ${asServiceRole.p95.toFixed(2)} |`);
      console.log(customRows.at(-1));
    }
  }

  // Pages: leads and opportunities for the bench organisation, then the web app over HTTP.
  await sql`
    insert into public.leads (org_id, first_name, last_name, email, company_name, status, owner_id, created_at)
    select ${org.id}::uuid, 'Lead', 'Number ' || n, 'lead' || n || '@bench.example', 'Company ' || (n % 5000), 'new', null,
           now() - make_interval(mins => n)
      from generate_series(1, 100000) n`.execute(db);
  const stage = await db
    .insertInto('pipelines')
    .values({ org_id: org.id, name: 'Bench pipeline', is_default: true })
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((pipeline) =>
      db.insertInto('pipeline_stages').values({ org_id: org.id, pipeline_id: pipeline.id, name: 'Open', position: 0, probability: 30 }).returning(['id', 'pipeline_id']).executeTakeFirstOrThrow(),
    );
  await sql`
    insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, owner_id, created_at)
    select ${org.id}::uuid, 'Deal ' || n, ${stage.pipeline_id}::uuid, ${stage.id}::uuid, (n % 90) * 100, null, now() - make_interval(mins => n)
      from generate_series(1, 20000) n`.execute(db);
  await sql`vacuum (analyze) public.leads, public.opportunities`.execute(db);
  const gdprLines = await benchSubjectRights(org.id, officer);
  await closeDb();
  const someDeal = await db.selectFrom('opportunities').select('id').where('org_id', '=', org.id).limit(1).executeTakeFirstOrThrow();
  const learner = await learnerFixtures(org.id);
  await closeDb();
  const pageLines = await benchPages({ url, email: manager.email, password: 'bench-password-1234', contactId: deep.id, opportunityId: someDeal.id, runs: Math.min(RUNS, 100), learner });
  const pdfLines = await benchCertificatePdf();
  // Its own organisation and audience; the worker and functions host as their own processes.
  const campaignLines = await benchCampaign();
  await closeDb();
  await dataLines();
  // Last: its rules would otherwise have the campaign's worker rescoring the bench organisation.
  await scoringLines();

  console.log(`\nContacts list at ${TOTAL.toLocaleString('en')} contacts, ${RUNS} runs each, ms (${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| query | as | withUser p50 | withUser p95 | service p50 | service p95 | p50 ratio | p95 ratio |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(`\nContacts list filtered by a custom property (single select) at ${TOTAL.toLocaleString('en')} contacts, ms\n`);
  console.log('| filter | as | withUser p50 | withUser p95 | service p50 | service p95 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const row of customRows) console.log(row);
  console.log(`\nWeb app pages as a manager of the bench organisation (${TOTAL.toLocaleString('en')} contacts, 100,000 leads, 20,000 opportunities), and the learner portal as one of its trainees\n`);
  for (const line of pageLines) console.log(line);
  console.log('\nCertificate PDF, in process\n');
  for (const line of pdfLines) console.log(line);
  console.log('\nGDPR: one subject with 10,000 activities and 1,000 emails, as the compliance officer\n');
  for (const line of gdprLines) console.log(line);
  console.log('\nCampaign through the outbox transport, end to end (worker + functions host as separate processes)\n');
  for (const line of campaignLines) console.log(line);
} finally {
  await destroyCluster(cluster.dataDir);
}
process.exit(0);
