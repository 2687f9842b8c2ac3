/**
 * GDPR figures for `npm run bench`: export and erasure of one subject who has 10,000
 * activities and 1,000 emails (with outbox copies and delivery events), each timed end to
 * end in its own transaction as the bench organisation's compliance officer.
 */
import { sql } from 'kysely';
import { type Actor, withUser } from '../../lib/db/session';
import { ownerDb } from '../../lib/db/owner';

export async function benchSubjectRights(orgId: string, officer: Actor): Promise<string[]> {
  const db = ownerDb();
  const email = 'heavy.subject@bench.example';
  const contact = await db.insertInto('contacts').values({ org_id: orgId, first_name: 'Heavy', last_name: 'Subject', email, phone: '+44 7700 900999' }).returning('id').executeTakeFirstOrThrow();
  await sql`
    insert into public.activities (org_id, kind, subject, body, contact_id, occurred_at)
    select ${orgId}::uuid, 'note', 'Note ' || n, 'Spoke to Heavy Subject about renewal ' || n, ${contact.id}::uuid, now() - make_interval(mins => n)
      from generate_series(1, 10000) n`.execute(db);
  await sql`
    with messages as (
      insert into public.email_messages (org_id, template, category, recipient_email, contact_id, idempotency_key, subject, status, transport)
      select ${orgId}::uuid, 'renewal-reminder', 'transactional', ${email}, ${contact.id}::uuid, 'bench-gdpr-' || n, 'Your certificate, Heavy', 'sent', 'outbox'
        from generate_series(1, 1000) n
      returning id)
    insert into public.email_outbox (org_id, message_id, from_address, to_address, subject, html, text)
    select ${orgId}::uuid, id, 'Bench <bench@bench.example>', ${email}, 'Your certificate, Heavy', '<p>Dear Heavy Subject</p>', 'Dear Heavy Subject' from messages`.execute(db);
  await sql`
    insert into public.email_events (org_id, message_id, provider_event_id, type, payload, occurred_at)
    select org_id, id, 'bench-evt-' || id, 'email.delivered', jsonb_build_object('to', recipient_email), now()
      from public.email_messages where contact_id = ${contact.id}::uuid`.execute(db);
  const request = async (type: 'access' | 'erasure') =>
    (await db.insertInto('data_subject_requests').values({ org_id: orgId, type, subject_email: email, received_via: 'email', status: 'verified', verified_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
  const access = await request('access');
  const erasure = await request('erasure');
  await sql`analyze`.execute(db);

  const time = async (work: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    const result = await work();
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
  };
  // Export is read-only: the median of three runs (the first also warms the cache).
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await time(() => withUser(officer, async (tx) => (await sql<{ d: { manifest: { tables: Record<string, number> } } }>`select private.subject_export(${access}::uuid) as d`.execute(tx)).rows[0]?.d)));
  }
  const exported = runs.sort((a, b) => a.ms - b.ms)[1] as (typeof runs)[number];
  const document = exported.result as { manifest: { tables: Record<string, number> } } | undefined;
  const bytes = Buffer.byteLength(JSON.stringify(document));
  const erased = await time(() => withUser(officer, async (tx) => (await sql<{ c: unknown }>`select private.erase_subject(${erasure}::uuid, true) as c`.execute(tx)).rows[0]?.c));
  const left = await db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
  return [
    '| operation | ms | detail |',
    '| --- | ---: | --- |',
    `| export (10,000 activities, 1,000 emails), median of 3 | ${exported.ms.toFixed(0)} | ${Object.values(document?.manifest.tables ?? {}).reduce((a, b) => a + b, 0).toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON |`,
    `| erase, same subject | ${erased.ms.toFixed(0)} | ${JSON.stringify(erased.result)}; activities left: ${left.n} |`,
  ];
}
