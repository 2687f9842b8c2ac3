/**
 * Data in and out for `npm run bench`: an import of a HubSpot-format contacts export through
 * the real path (`npm run import`, as its own process: parse, validate, dedupe, upsert under
 * RLS, audit), beside a bare COPY of the same rows into the same table (the machine's
 * ceiling, triggers and indexes on); an export of the imported contacts to CSV; a merge of
 * two contacts with 1,000 activities and 100 emails each; and the duplicates queue's first
 * page in the big bench organisation. BENCH_IMPORT_ROWS overrides the file's size.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { root } from '../../scripts/database';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);

function* hubspotLines(total: number, tag: string): Generator<string> {
  yield 'Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Contact owner,Marketing contact status,Create Date\n';
  let batch = '';
  for (let i = 0; i < total; i++) {
    batch += `${1_000_000 + i},First${i},Last${i},${tag}.${i}@import.example,+44 20 7946 ${String(i % 10_000).padStart(4, '0')},${i % 3 ? 'Lead' : 'Customer'},,Marketing contact,2025-01-02\n`;
    if (i % 10_000 === 9_999) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

export type DataLines = string[];

export async function benchDataInOut(url: string, bigOrg: { orgId: string; manager: { userId: string; email: string; orgId: string } }): Promise<DataLines> {
  const { ownerDb } = await import('../../lib/db/owner');
  const { createUserWithPassword } = await import('../../lib/auth/staff');
  const { duplicateQueue, mergeContacts } = await import('../../lib/crm/merges');
  const { requestListExport } = await import('../../lib/exports/list-export');
  const { exportDrainer } = await import('../../lib/jobs/exports');
  const db = ownerDb();
  const lines: DataLines = [];
  // Each figure is printed as it is measured too: the whole run takes many minutes.
  const report = (line: string) => {
    lines.push(line);
    console.log(`  ${line}`);
  };

  const organisation = async (name: string) => {
    const org = await db.insertInto('organizations').values({ name }).returning('id').executeTakeFirstOrThrow();
    const email = `importer@${name.toLowerCase().replace(/\W+/g, '-')}.example`;
    const userId = await createUserWithPassword({ email, name: 'Bench importer', password: 'bench-password-1234' });
    await db.insertInto('memberships').values({ org_id: org.id, user_id: userId, role: 'admin', display_name: 'Bench importer', email }).execute();
    return { orgId: org.id, userId, email };
  };
  const copyOrg = await organisation('Copy Bench');
  const importOrg = await organisation('Import Bench');

  const folder = await mkdtemp(path.join(tmpdir(), 'cohort-bench-'));
  const file = path.join(folder, 'hubspot-contacts.csv');
  try {
    await pipeline(Readable.from(hubspotLines(ROWS, 'imported')), createWriteStream(file));
    const size = (await stat(file)).size;

    // The ceiling: the same rows, already parsed, straight into the same table with COPY.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    function* copyRows(): Generator<string> {
      let batch = '';
      for (let i = 0; i < ROWS; i++) {
        batch += `${copyOrg.orgId}\tFirst${i}\tLast${i}\tcopied.${i}@import.example\t+44 20 7946 ${String(i % 10_000).padStart(4, '0')}\t${i % 3 ? 'lead' : 'customer'}\t{hubspot:${1_000_000 + i}}\n`;
        if (i % 10_000 === 9_999) {
          yield batch;
          batch = '';
        }
      }
      if (batch) yield batch;
    }
    let started = Date.now();
    await pipeline(Readable.from(copyRows()), client.query(copyFrom('copy public.contacts (org_id, first_name, last_name, email, phone, lifecycle_stage, external_ids) from stdin')));
    const copyMs = Date.now() - started;
    await client.query('vacuum (analyze) public.contacts, public.audit_log');
    await client.end();

    // The real path, as an admin would run it: its own process, its peak memory measured by itself.
    started = Date.now();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'import', '--', '--org', 'Import Bench', '--as', importOrg.email, '--object', 'contacts', '--file', file, '--source', 'hubspot', '--json'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`npm run import exited with ${code}`))));
    });
    const importMs = Date.now() - started;
    const summary = JSON.parse(output.trim().split('\n').pop() as string) as { created: number; peak_memory_mb: number; refused: Record<string, number> };
    const copyRate = ROWS / (copyMs / 1000);
    const importRate = ROWS / (importMs / 1000);
    report(`| import of a HubSpot contacts export, ${ROWS.toLocaleString('en')} rows (${(size / 1e6).toFixed(0)} MB), npm run import | ${(importMs / 1000).toFixed(1)} s | ${Math.round(importRate).toLocaleString('en')} rows/s | ${summary.created.toLocaleString('en')} created, peak memory ${summary.peak_memory_mb} MB |`);
    report(`| bare COPY of the same rows into contacts (triggers and indexes on) | ${(copyMs / 1000).toFixed(1)} s | ${Math.round(copyRate).toLocaleString('en')} rows/s | import takes ${(importMs / copyMs).toFixed(2)}× the COPY's time |`);

    // Export of everything imported, through the list's own query under the admin's RLS.
    const exporter = { userId: importOrg.userId, email: importOrg.email, orgId: importOrg.orgId };
    started = Date.now();
    const { id: exportId } = await requestListExport(exporter, { list: 'contacts', query: '', columns: 'all' });
    const boss = { send: async () => null } as never;
    for (;;) {
      await exportDrainer({ boss })({}, { id: 'bench', attempt: 1, isLastAttempt: false, signal: new AbortController().signal });
      const e = await db.selectFrom('list_exports').select(['status', 'rows_written']).where('id', '=', exportId).executeTakeFirstOrThrow();
      if (e.status !== 'queued' && e.status !== 'running') {
        const ms = Date.now() - started;
        report(`| export of the ${e.rows_written.toLocaleString('en')} imported contacts to CSV (all columns) | ${(ms / 1000).toFixed(1)} s | ${Math.round(e.rows_written / (ms / 1000)).toLocaleString('en')} rows/s | ${e.status} |`);
        break;
      }
    }

    // The same file as one COPY, no chunks: what storing the file chunk by chunk (resumable) costs.
    {
      const { exportChunk } = await import('../../lib/exports/list-export');
      const { exportLayout } = await import('../../lib/exports/columns');
      const { listMembers } = await import('../../lib/crm/members');
      const layout = exportLayout('contacts', 'all', [], await listMembers(exporter));
      const oneStarted = Date.now();
      const whole = await exportChunk(exporter, 'contacts', { custom: {} }, layout, 'csv', undefined, 100_000_000);
      const ms = Date.now() - oneStarted;
      report(`| the export's query as one COPY under RLS, labels and formula guard included (no chunks) | ${(ms / 1000).toFixed(1)} s | ${Math.round(whole.rows / (ms / 1000)).toLocaleString('en')} rows/s | ${(whole.data.length / 1e6).toFixed(0)} MB |`);
    }

    // The export's ceiling: the same rows and columns as CSV straight out of COPY, no RLS.
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    started = Date.now();
    let bytes = 0;
    await pipeline(
      reader.query(
        copyTo(`copy (select c.first_name, c.last_name, c.job_title, a.name, c.email, c.lifecycle_stage, m.display_name, c.created_at, c.updated_at, c.id
                        from public.contacts c left join public.accounts a on a.id = c.account_id
                        left join public.memberships m on m.org_id = c.org_id and m.user_id = c.owner_id
                       where c.org_id = '${importOrg.orgId}' and c.deleted_at is null order by c.created_at desc, c.id desc) to stdout with (format csv, header)`),
      ),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) bytes += chunk.length;
      },
    );
    const ceilingMs = Date.now() - started;
    await reader.end();
    report(`| bare COPY TO of the same rows and columns as CSV (no RLS, no labels) | ${(ceilingMs / 1000).toFixed(1)} s | ${Math.round(summary.created / (ceilingMs / 1000)).toLocaleString('en')} rows/s | ${(bytes / 1e6).toFixed(0)} MB |`);

    // A merge of two heavy contacts, as the admin.
    const heavy = async (n: number) => {
      const c = await db.insertInto('contacts').values({ org_id: importOrg.orgId, last_name: `Heavy ${n}`, email: `heavy.${n}@merge.example` }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into public.activities (org_id, kind, subject, contact_id) select ${importOrg.orgId}::uuid, 'note', 'Note ' || g, ${c.id}::uuid from generate_series(1, 1000) g`.execute(db);
      await sql`insert into public.email_messages (org_id, template, category, recipient_email, contact_id, idempotency_key, subject)
                select ${importOrg.orgId}::uuid, 'welcome', 'marketing', 'x@merge.example', ${c.id}::uuid, 'bench-merge-' || ${c.id} || '-' || g, 'Hi' from generate_series(1, 100) g`.execute(db);
      return c.id;
    };
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [a, b] = [await heavy(2 * i), await heavy(2 * i + 1)];
      started = Date.now();
      await mergeContacts({ ...exporter, role: 'admin' }, { survivor: a, merged: [b] });
      timings.push(Date.now() - started);
    }
    timings.sort((x, y) => x - y);
    report(`| merge of two contacts with 1,000 activities and 100 emails each (5 runs) | median ${timings[2]} ms, worst ${timings[4]} ms | | target ≤ 500 ms |`);

    // The duplicates queue's first page in the big organisation, as its manager.
    await sql`update public.contacts set phone = '+44 20 7946 0000' where id in (select id from public.contacts where org_id = ${bigOrg.orgId}::uuid order by created_at desc limit 40)`.execute(db);
    await sql`analyze public.contacts`.execute(db);
    const queue: number[] = [];
    for (let i = 0; i < 25; i++) {
      started = performance.now();
      await duplicateQueue(bigOrg.manager);
      queue.push(performance.now() - started);
    }
    queue.sort((x, y) => x - y);
    report(`| duplicates queue, first page, at the bench organisation's contacts, as its manager (25 runs) | p50 ${queue[12]?.toFixed(1)} ms, p95 ${queue[23]?.toFixed(1)} ms | | target ≤ 200 ms |`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return lines;
}
