/**
 * Lead scoring for `npm run bench`, in the big bench organisation (1,000,000 contacts by
 * default): five rules (two on properties, three on behaviour with decay) and one email-open
 * signal per contact, then
 * - the full rescoring a rule change asks for, chunk by chunk through
 *   private.rescore_next_chunk exactly as the scoring-rescore job runs it, beside the machine's
 *   ceiling: one bare statement that sums the same points for everyone and writes nothing;
 * - one event's rescoring: a click recorded for one contact (the statement, its trigger and the
 *   rescoring inside it), beside the same insert with triggers off;
 * - one edit of a field a property rule reads, beside the same edit with triggers off.
 */
import pg from 'pg';
import { RESCORE_CHUNK } from '../../lib/jobs/scoring';

const RUNS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function timed(client: pg.Client, runs: number, statement: (i: number) => [string, unknown[]]): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [text, values] = statement(i);
    const started = performance.now();
    await client.query(text, values);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export async function benchScoring(url: string, orgId: string): Promise<string[]> {
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    console.log(`  ${line}`);
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const contacts = Number((await client.query('select count(*) as n from public.contacts where org_id = $1 and deleted_at is null', [orgId])).rows[0].n);
    // Rules first: the full rescoring they ask for is what is measured below.
    await client.query(
      `insert into public.scoring_rules (org_id, name, kind, field, operator, value, event, decay, decay_days, points) values
         ($1, 'Works at the bench company', 'property', 'email_domain', 'equals', 'bench.example', null, 'none', null, 10),
         ($1, 'Has a job title', 'property', 'job_title', 'is_set', null, null, 'none', null, 5),
         ($1, 'Opened an email', 'behaviour', null, null, null, 'email_opened', 'halve', 30, 8),
         ($1, 'Clicked an email', 'behaviour', null, null, null, 'email_clicked', 'halve', 30, 15),
         ($1, 'Booked a course', 'behaviour', null, null, null, 'enrollment_created', 'expire', 180, 30)`,
      [orgId],
    );
    // One open per contact within the last 120 days, loaded with triggers off (a fixture, not a figure).
    let started = Date.now();
    await client.query("set session_replication_role = 'replica'");
    await client.query(
      `insert into public.score_signals (org_id, contact_id, event, occurred_at, source_id)
       select org_id, id, 'email_opened', now() - make_interval(days => abs(hashtext(id::text)) % 120), gen_random_uuid()
         from public.contacts where org_id = $1 and deleted_at is null`,
      [orgId],
    );
    await client.query("set session_replication_role = 'origin'");
    await client.query('vacuum (analyze) public.score_signals');
    console.log(`  ${contacts.toLocaleString('en')} signals loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The ceiling: the same behaviour points summed for everyone in one statement, nothing written.
    started = Date.now();
    await client.query(
      `select s.contact_id, sum(r.points * private.scoring_decay_factor(r.decay, r.decay_days, now() - s.occurred_at))
         from public.score_signals s join public.scoring_rules r on r.org_id = s.org_id and r.kind = 'behaviour' and r.event = s.event and r.is_active
        where s.org_id = $1 group by s.contact_id`,
      [orgId],
    );
    const ceilingMs = Date.now() - started;

    // The full rescoring, chunk by chunk, each its own transaction as the job runs them.
    await client.query('select private.request_rescoring(array[$1::uuid])', [orgId]);
    started = Date.now();
    let chunks = 0;
    for (;;) {
      chunks += 1;
      const { rows } = await client.query('select private.rescore_next_chunk($1::uuid, $2::integer) as done', [orgId, RESCORE_CHUNK]);
      if (rows[0].done) break;
    }
    const fullMs = Date.now() - started;
    const scored = Number((await client.query('select count(*) as n from public.person_scores where org_id = $1', [orgId])).rows[0].n);
    await client.query('vacuum (analyze) public.person_scores, public.score_history');
    report(
      `| full rescoring after a rule change | ${(fullMs / 1000).toFixed(1)} s | ${Math.round(contacts / (fullMs / 1000)).toLocaleString('en')} people/s | ${contacts.toLocaleString('en')} contacts, 5 rules, ${contacts.toLocaleString('en')} signals, ${chunks} chunks of ${RESCORE_CHUNK.toLocaleString('en')}; ${scored.toLocaleString('en')} scores written with breakdown and history (target ≤ 60 s) |`,
    );
    report(
      `| ceiling: the behaviour points summed in one statement | ${(ceilingMs / 1000).toFixed(1)} s | ${Math.round(contacts / (ceilingMs / 1000)).toLocaleString('en')} people/s | writes nothing; the full rescoring takes ${(fullMs / ceilingMs).toFixed(1)}× as long |`,
    );

    // One event: a click recorded for one contact rescores them inside the same statement.
    const sample = (await client.query('select id from public.contacts where org_id = $1 and deleted_at is null order by hashtext(id::text) limit $2', [orgId, RUNS * 2])).rows.map((r) => r.id as string);
    const click = (i: number): [string, unknown[]] => [
      `insert into public.score_signals (org_id, contact_id, event, occurred_at, source_id) values ($1, $2, 'email_clicked', now(), gen_random_uuid())`,
      [orgId, sample[i % sample.length]],
    ];
    const withRescore = await timed(client, RUNS, click);
    await client.query("set session_replication_role = 'replica'");
    const bare = await timed(client, RUNS, (i) => click(i + RUNS));
    await client.query("set session_replication_role = 'origin'");
    report(
      `| one event rescored (a click recorded) | p50 ${withRescore.p50.toFixed(2)} ms, p95 ${withRescore.p95.toFixed(2)} ms | | ${RUNS} runs; the same insert with triggers off: p50 ${bare.p50.toFixed(2)} ms, p95 ${bare.p95.toFixed(2)} ms (target p95 ≤ 50 ms) |`,
    );

    // One edit of what a property rule reads (a job title), rescored in the same statement.
    const edit = (i: number): [string, unknown[]] => ['update public.contacts set job_title = $2 where id = $1', [sample[i % sample.length], `Training lead ${i}`]];
    const editRescore = await timed(client, RUNS, edit);
    await client.query("set session_replication_role = 'replica'");
    const editBare = await timed(client, RUNS, (i) => edit(i + RUNS));
    await client.query("set session_replication_role = 'origin'");
    report(
      `| one edit rescored (a job title set) | p50 ${editRescore.p50.toFixed(2)} ms, p95 ${editRescore.p95.toFixed(2)} ms | | ${RUNS} runs; the same update with triggers off (no audit, no rescoring): p50 ${editBare.p50.toFixed(2)} ms, p95 ${editBare.p95.toFixed(2)} ms |`,
    );
  } finally {
    await client.end();
  }
  return lines;
}
