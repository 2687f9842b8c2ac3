/**
 * Every security-definer function a client role may execute answers only about the caller's
 * own organisations. Driven by the catalog: each such function is called as a member of
 * Northwind and as a signed-in user of no organisation, with arguments that point into
 * Contoso, and must either refuse (insufficient_privilege) or answer nothing about Contoso.
 * A new definer function fails this test until its parameters are described below.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { handles } from '../../lib/db/client';
import { ownerDb } from '../../lib/db/owner';
import { type Actor, asService } from '../../lib/db/session';
import { buildWorld, type World } from './rls-fixtures';

type DefinerFunction = { signature: string; name: string; args: { name: string; type: string }[]; returns: string };

let world: World;
/** Identifiers of Contoso rows: none may appear in an answer to an outsider. */
let contoso: Record<string, string>;
let outsiders: Record<string, Actor>;

beforeAll(async () => {
  world = await buildWorld();
  const erasedEmail = `erased-${randomUUID().slice(0, 8)}@contoso.example`;
  await asService('test: an erased address in Contoso', (tx) =>
    sql`insert into public.suppressions (org_id, email_hash, reason, scope)
        values (${world.contoso}, private.email_hash(${world.contoso}, ${erasedEmail}), 'erased', 'all')`.execute(tx),
  );
  const request = await ownerDb()
    .insertInto('data_subject_requests')
    .values({ org_id: world.contoso, type: 'erasure', subject_email: erasedEmail, received_via: 'email', status: 'verified', verified_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const adminMembership = await ownerDb().selectFrom('memberships').select('id').where('user_id', '=', world.contosoAdmin.userId).executeTakeFirstOrThrow();
  const contosoExport = await ownerDb()
    .insertInto('list_exports')
    .values({ org_id: world.contoso, requested_by: world.contosoAdmin.userId, list: 'contacts', columns: ['name'], file_name: 'contacts.csv' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A Contoso admin's import, mapped and finished (so it could be started again, cancelled or reverted by its importer).
  const contosoImport = await ownerDb()
    .insertInto('imports')
    .values({ org_id: world.contoso, requested_by: world.contosoAdmin.userId, object: 'contacts', file_name: 'contacts.csv', file_format: 'csv', status: 'done', mapping: JSON.stringify({ 0: 'email' }), file_chunks: 1, revertible_until: new Date(Date.now() + 86_400_000) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contosoMerge = await ownerDb()
    .insertInto('record_merges')
    .values({ org_id: world.contoso, object: 'contacts', survivor_id: world.rows.contacts?.foreign as string, merged_ids: [world.rows.leads?.foreign as string], survivor_before: {}, survivor_after: {} })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A Contoso admin's bulk merge, queued (20261209001100: an admin of the organisation stops it).
  const contosoBulkMerge = await ownerDb().insertInto('bulk_merges').values({ org_id: world.contoso, requested_by: world.contosoAdmin.userId, dry_run: true }).returning('id').executeTakeFirstOrThrow();
  // A Contoso draft campaign (20261208000200: its unsubscribes are counted by a definer).
  const contosoSegment = await ownerDb().insertInto('segments').values({ org_id: world.contoso, name: `Definer segment ${Date.now()}`, audience: 'contacts', filter: {} }).returning('id').executeTakeFirstOrThrow();
  const contosoCampaign = await ownerDb()
    .insertInto('campaigns')
    .values({ org_id: world.contoso, name: 'Definer campaign', segment_id: contosoSegment.id, template: 'welcome', props: {} })
    .returning('id')
    .executeTakeFirstOrThrow();
  contoso = {
    campaign: contosoCampaign.id,
    merge: contosoMerge.id,
    bulkMerge: contosoBulkMerge.id,
    import: contosoImport.id,
    org: world.contoso,
    contact: world.rows.contacts?.foreign as string,
    lead: world.rows.leads?.foreign as string,
    enrollment: world.rows.enrollments?.foreign as string,
    request: request.id,
    membership: adminMembership.id,
    export: contosoExport.id,
    email: erasedEmail,
  };
  outsiders = {
    'a Northwind admin': world.actors.admin,
    'a user of no organisation': { userId: world.spareUserId, email: 'spare@example.com' },
  };
}, 60_000);

/** Argument values by parameter name: each points into Contoso where it names a row. */
const argumentFor: Record<string, (c: Record<string, string>) => string> = {
  org: (c) => c.org as string,
  email: (c) => c.email as string,
  contact: (c) => c.contact as string,
  target_contact: (c) => c.contact as string,
  lead: (c) => c.lead as string,
  target_enrollment: (c) => c.enrollment as string,
  request_id: (c) => c.request as string,
  membership: (c) => c.membership as string,
  target: () => 'public.contacts',
  pattern: () => '%',
  max_rows: () => '10',
  roles: () => '{admin,manager,sales,marketing,compliance,viewer}',
  keep_training_records: () => 'false',
  category: () => 'marketing',
  // Custom properties (20261202000200): the values of a Contoso contact, and a filter on them.
  table_name: () => 'contacts',
  record_id: (c) => c.contact as string,
  old_custom: () => '{}',
  new_custom: () => '{}',
  required_on_insert: () => 'true',
  wanted: () => '{}',
  max_ids: () => '10',
  // Profile (20261202000700): the caller's own name; it touches only their memberships.
  new_name: () => 'Mallory',
  // Exports (20261202000800): a Contoso admin's export, queued.
  target_export: (c) => c.export as string,
  // Bulk merges (20261209001100): a Contoso admin's run, queued.
  target_bulk_merge: (c) => c.bulkMerge as string,
  // Imports (20261203000100): a Contoso admin's import; a dry run or the real run.
  target_import: (c) => c.import as string,
  // Merges (20261203000300): Contoso's contact kept, another merged into it; a Contoso merge undone.
  survivor: (c) => c.contact as string,
  merged: (c) => `{${c.lead}}`,
  fields: () => '{}',
  target_merge: (c) => c.merge as string,
  // Merges of any object (20261205000100): of contacts here, Contoso's as above.
  object: () => 'contacts',
  // Bulk writes (20261203000200): Contoso's erased address among others.
  emails: (c) => `{${c.email},someone@example.com}`,
  dry: () => 'true',
  // Campaigns (20261208000200): a Contoso campaign.
  campaign: (c) => c.campaign as string,
  // The marketing list's growth (20261208000500), over six months.
  months: () => '6',
};

async function definerFunctions(): Promise<DefinerFunction[]> {
  const { rows } = await sql<DefinerFunction>`
    select p.oid::regprocedure::text as signature, n.nspname || '.' || p.proname as name,
           pg_catalog.format_type(p.prorettype, null) as returns,
           coalesce((select json_agg(json_build_object('name', a.name, 'type', pg_catalog.format_type(a.type, null)) order by a.ord)
                       from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a(name, type, ord)), '[]') as args
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.prosecdef and n.nspname in ('public', 'private')
       and p.prorettype <> 'trigger'::regtype
       and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))
     order by 1`.execute(ownerDb());
  return rows;
}

/** Runs `text` as `actor` under RLS (as the app does), rolled back; the answers or the error code. */
async function callAs(actor: Actor, text: string, values: string[]): Promise<{ rows: unknown[] } | { error: string | undefined }> {
  const client = await handles().pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: actor.userId, role: 'authenticated', email: actor.email }),
    ]);
    return { rows: (await client.query<{ answer: unknown }>(text, values)).rows.map((row) => row.answer) };
  } catch (error) {
    return { error: (error as { code?: string }).code };
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('security-definer functions callable by clients', () => {
  it('none is callable by anon', async () => {
    const { rows } = await sql<{ signature: string }>`
      select p.oid::regprocedure::text as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'execute')`.execute(ownerDb());
    expect(rows).toEqual([]);
  });

  it('each has a known argument for every parameter (describe new ones in this test)', async () => {
    const unknown = (await definerFunctions()).flatMap((f) => f.args.filter((a) => !argumentFor[a.name]).map((a) => `${f.signature}: ${a.name}`));
    expect(unknown).toEqual([]);
  });

  it('answers nothing about another organisation, whoever outside it asks', async () => {
    const functions = await definerFunctions();
    expect(functions.length).toBeGreaterThanOrEqual(8);
    const leaks: string[] = [];
    for (const fn of functions) {
      const values = fn.args.map((a) => (argumentFor[a.name] as (c: Record<string, string>) => string)(contoso));
      const call = `select to_jsonb(r) as answer from ${fn.name}(${fn.args.map((a, i) => `$${i + 1}::${a.type}`).join(', ')}) r`;
      for (const [who, actor] of Object.entries(outsiders)) {
        const outcome = await callAs(actor, call, values);
        if ('error' in outcome) {
          if (outcome.error !== '42501') leaks.push(`${fn.signature} as ${who}: failed with ${outcome.error}, expected a refusal (42501)`);
          continue;
        }
        const text = JSON.stringify(outcome.rows);
        const named = Object.values(contoso).filter((id) => text.includes(id));
        const affirmative = outcome.rows.some((row) => row === true || (typeof row === 'object' && row !== null && Object.values(row).includes(true)));
        // A text answer (an address hash, say) is a leak unless it is null.
        const hashed = fn.returns === 'text' && outcome.rows.some((row) => Object.values(row as object).some((v) => v !== null));
        if (named.length || affirmative || hashed) leaks.push(`${fn.signature} as ${who}: answered ${text}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
