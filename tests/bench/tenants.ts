/**
 * Many organisations in one Postgres (BENCH_ONLY=tenants): 1,000 organisations of 10,000
 * contacts each — 10,000,000 contacts — with accounts, a pipeline and deals, then the figures
 * docs/scaling.md asks for, as a sales rep and as an admin of organisations spread over the
 * whole database: the contacts list's first page, substring search, the list's total, the
 * dashboard (the report every member opens), and a 10,000-row import through the real path
 * beside a bare COPY of the same rows. BENCH_TENANTS and BENCH_TENANT_CONTACTS change the sizes.
 *
 * The rows are written in Postgres by generate_series with triggers off
 * (`session_replication_role = replica`: no audit entries for synthetic rows), indexes on; the
 * measured work then runs as the app runs it, under RLS.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Stats = { p50: number; p95: number };
type TimePair = (a: () => Promise<unknown>, b: () => Promise<unknown>) => Promise<[Stats, Stats]>;
type Member = { userId: string; email: string; orgId: string };

const ORGS = Number(process.env.BENCH_TENANTS ?? 1_000);
const PER_ORG = Number(process.env.BENCH_TENANT_CONTACTS ?? 10_000);
/** Organisations asked in turn, spread over the whole database (first, last and between). */
const SAMPLED = 25;
const IMPORT_ROWS = 10_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;

async function timed(client: pg.Client, text: string): Promise<number> {
  const started = Date.now();
  await client.query(text);
  return Date.now() - started;
}

export async function benchTenants(url: string, timePair: TimePair): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lines: string[] = [];
  const row = (work: string, time: string, figure: string, notes = '') => {
    lines.push(`| ${work} | ${time} | ${figure} | ${notes} |`);
    console.log(lines.at(-1));
  };

  // Organisations (their own triggers on: keys, settings), each with an admin and two sales reps.
  const orgsMs = await timed(client, `insert into public.organizations (name) select 'Tenant ' || lpad(n::text, 4, '0') from generate_series(1, ${ORGS}) n`);
  await client.query(`
    insert into identity."user" (id, name, email, "emailVerified")
    select gen_random_uuid(), r.role || ' ' || o.name, lower(r.role) || '.' || replace(lower(o.name), ' ', '-') || '@tenants.example', true
      from public.organizations o cross join (values ('Admin'), ('Sales1'), ('Sales2')) r(role) where o.name like 'Tenant %'`);
  await client.query(`
    insert into public.memberships (org_id, user_id, role, display_name, email)
    select o.id, u.id, case when u.email like 'admin.%' then 'admin' else 'sales' end::public.member_role, u.name, u.email
      from public.organizations o join identity."user" u on u.email like '%.' || replace(lower(o.name), ' ', '-') || '@tenants.example'
     where o.name like 'Tenant %'`);
  console.log(`  ${ORGS} organisations and their members in ${seconds(orgsMs)}`);

  // A pipeline of four stages and 100 deals per organisation, 300 accounts, then the contacts.
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  await client.query(`insert into public.pipelines (org_id, name, is_default) select id, 'Sales', true from public.organizations where name like 'Tenant %'`);
  await client.query(`
    insert into public.pipeline_stages (org_id, pipeline_id, name, position, probability, is_won, is_lost)
    select p.org_id, p.id, s.name, s.position, s.probability, s.position = 2, s.position = 3
      from public.pipelines p cross join (values ('Qualified', 0, 20), ('Proposal', 1, 60), ('Won', 2, 100), ('Lost', 3, 0)) s(name, position, probability)
     where p.org_id in (select id from public.organizations where name like 'Tenant %')`);
  const accountsMs = await timed(
    client,
    `insert into public.accounts (org_id, name, domain, owner_id)
     select o.id, 'Account ' || n, 'account' || n || '.' || replace(lower(o.name), ' ', '-') || '.example', m.user_id
       from public.organizations o join public.memberships m on m.org_id = o.id and m.email like 'sales1.%' cross join generate_series(1, 300) n
      where o.name like 'Tenant %'`,
  );
  await client.query(`
    insert into public.opportunities (org_id, name, pipeline_id, stage_id, amount, owner_id, status, expected_close_date)
    select s.org_id, 'Deal ' || n, s.pipeline_id, s.id, (n * 37) % 20000, m.user_id, 'open', current_date + (n % 90)
      from public.pipeline_stages s join public.memberships m on m.org_id = s.org_id and m.role = 'sales'
      cross join generate_series(1, 25) n
     where s.position < 2 and s.org_id in (select id from public.organizations where name like 'Tenant %')`);
  await client.query('commit');
  console.log(`  ${(ORGS * 300).toLocaleString('en')} accounts in ${seconds(accountsMs)}, ${(ORGS * 100).toLocaleString('en')} deals`);

  const orgIds = (await client.query<{ id: string }>(`select id from public.organizations where name like 'Tenant %' order by name`)).rows.map((r) => r.id);
  const chunk = Math.max(1, Math.floor(250_000 / PER_ORG));
  let contactsMs = 0;
  for (let i = 0; i < orgIds.length; i += chunk) {
    const ids = orgIds.slice(i, i + chunk);
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    const started = Date.now();
    await client.query(
      `insert into public.contacts (org_id, first_name, last_name, email, owner_id, created_at, updated_at)
       select t.o, (array['Amelia','Oliver','Isla','Noah','Sofia','Liam','Maya','Lucas','Chloe','Mateo'])[1 + n % 10],
              case when n % 2000 = 7 then 'Quillfeather' else (array['Johnson','Anderson','Nakamura','Okafor','Schmidt','Garcia','Novak','Jensen','Patel','Murphy'])[1 + (n * 7) % 10] end,
              'person' || n || '.' || left(t.o::text, 8) || '@tenants.example',
              -- One in ten unassigned, the rest shared by the two reps.
              case when n % 10 = 0 then null else t.reps[1 + n % 2] end,
              now() - ((n * 6307) % 1051200 || ' minutes')::interval, now() - ((n * 6307) % 1051200 || ' minutes')::interval
         from (select o, array(select m.user_id from public.memberships m where m.org_id = o and m.role = 'sales' order by m.email) as reps
                 from unnest($1::uuid[]) o) t
        cross join generate_series(1, $2::int) n`,
      [ids, PER_ORG],
    );
    await client.query('commit');
    contactsMs += Date.now() - started;
    const done = (i + ids.length) * PER_ORG;
    if ((i / chunk) % 8 === 0 || i + chunk >= orgIds.length) console.log(`  ${done.toLocaleString('en')} contacts (${rate(done, contactsMs)})`);
  }
  await client.query('vacuum (analyze) public.contacts, public.accounts, public.opportunities, public.memberships');
  const total = ORGS * PER_ORG;
  const size = (await client.query<{ contacts: string; database: string }>(
    `select pg_size_pretty(pg_total_relation_size('public.contacts')) as contacts, pg_size_pretty(pg_database_size(current_database())) as database`,
  )).rows[0];
  row(`load: ${total.toLocaleString('en')} contacts in ${ORGS.toLocaleString('en')} organisations (generate_series, indexes on, triggers off)`, seconds(contactsMs), rate(total, contactsMs), `contacts ${size?.contacts} with indexes; database ${size?.database}`);

  // Who asks: a sales rep and the admin of organisations spread over the database, in turn.
  const sampledOrgs = Array.from({ length: SAMPLED }, (_, i) => orgIds[Math.floor((i * (orgIds.length - 1)) / (SAMPLED - 1))] as string);
  const members = (await client.query<{ user_id: string; email: string; org_id: string; role: string }>(
    `select user_id, email, org_id, role::text from public.memberships where org_id = any($1) and (role = 'admin' or email like 'sales1.%')`,
    [sampledOrgs],
  )).rows;
  const inTurn = (role: string) => {
    const list: Member[] = members.filter((m) => m.role === role).map((m) => ({ userId: m.user_id, email: m.email, orgId: m.org_id }));
    let next = 0;
    return () => list[next++ % list.length] as Member;
  };
  const sales = inTurn('sales');
  const admin = inTurn('admin');

  const { withUser } = await import('../../lib/db/session');
  const { contactPage, countContacts } = await import('../../lib/crm/contacts');
  const { contactListSchema } = await import('../../lib/crm/contacts.schema');
  const { loadDashboard } = await import('../../lib/crm/dashboard');
  const page = (who: () => Member, raw: Record<string, unknown>) => {
    const params = contactListSchema.parse({ ...raw, limit: 50 });
    return () => {
      const actor = who();
      return withUser(actor, (tx) => contactPage(tx, actor, params));
    };
  };
  const figures: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    ['contacts list, first page (50, newest first)', page(sales, {}), page(admin, {})],
    ['contacts search, common term "son"', page(sales, { q: 'son' }), page(admin, { q: 'son' })],
    ['contacts search, rare term "quillfeather"', page(sales, { q: 'quillfeather' }), page(admin, { q: 'quillfeather' })],
    ['contacts list total', () => countContacts(sales(), {}), () => countContacts(admin(), {})],
    ['dashboard (tasks, deals, pipeline by stage, leads)', () => loadDashboard(sales()), () => loadDashboard(admin())],
  ];
  for (const [work, asSales, asAdmin] of figures) {
    const [s, a] = await timePair(asSales, asAdmin);
    row(work, `p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} ms`, `admin p50 ${a.p50.toFixed(1)} / p95 ${a.p95.toFixed(1)} ms`, `sales rep and admin of ${SAMPLED} organisations in turn, under RLS`);
  }

  // An import of 10,000 rows into one organisation of the ten million, and the bare COPY of the same rows into another.
  const { uploadImport, getImport, saveImportSettings, startImport } = await import('../../lib/imports/imports');
  const { runImport } = await import('../../lib/imports/run');
  const target = admin();
  const file = path.join(tmpdir(), `tenants-import-${Date.now()}.csv`);
  const people = Array.from({ length: IMPORT_ROWS }, (_, i) => [`Imported`, `Person ${i}`, `imported.${i}@tenants-import.example`]);
  await writeFile(file, `First Name,Last Name,Email\n${people.map((p) => p.join(',')).join('\n')}\n`);
  const importStarted = Date.now();
  const { id } = await uploadImport(target, { object: 'contacts', fileName: 'tenants.csv' }, createReadStream(file));
  const uploaded = await getImport(target, id);
  await saveImportSettings(target, { id, mapping: uploaded.mapping, mode: 'create', match: 'email' });
  await startImport(target, id, false);
  const result = await runImport(id);
  const importMs = Date.now() - importStarted;
  const other = orgIds[1] as string;
  const copyStarted = Date.now();
  await pipeline(
    Readable.from(people.map((p) => `${other}\t${p[0]}\t${p[1]}\tcopied.${p[2]}\n`)),
    client.query(copyFrom('copy public.contacts (org_id, first_name, last_name, email) from stdin')),
  );
  const copyMs = Date.now() - copyStarted;
  row(`import of ${IMPORT_ROWS.toLocaleString('en')} contacts into one organisation (upload, parse, dedupe, upsert, audit)`, seconds(importMs), rate(IMPORT_ROWS, importMs), `${result.summary.created.toLocaleString('en')} created; **${(importMs / copyMs).toFixed(2)}×** the bare COPY`);
  row(`bare COPY of the same rows into another organisation (triggers and indexes on)`, seconds(copyMs), rate(IMPORT_ROWS, copyMs), '');
  await client.end();
  return lines;
}
