/**
 * What docs/scaling.md claims about sharding by organisation, checked against the migrated
 * schema: every table has org_id (schema-catalog.test.ts), every table is keyed by `id` alone,
 * and the foreign keys and unique keys that do not include org_id are exactly the ones the
 * document lists, each with its reason. A new one fails here until someone decides, in the
 * document, what it means for distribution.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ownerDb } from '../../lib/db/owner';

const db = () => ownerDb();

/** docs/scaling.md, "What changes for Citus": foreign keys that leave org_id out. */
const FOREIGN_KEYS_WITHOUT_ORG = [
  'consent_confirmations.consent_confirmations_form_id_fkey',
  'list_export_chunks.list_export_chunks_export_id_fkey',
  'memberships.memberships_user_id_fkey',
];

/** docs/scaling.md, "What changes for Citus": unique keys that leave org_id out. */
const UNIQUE_KEYS_WITHOUT_ORG = [
  'account_duplicates.account_duplicates_account_id_duplicate_of_reason_key',
  'certifications.certifications_certificate_number_key',
  'consent_confirmations.consent_confirmations_token_hash_key',
  'contact_duplicates.contact_duplicates_contact_id_duplicate_of_reason_key',
  'data_subject_requests.data_subject_requests_verification_token_hash_key',
  'email_events.email_events_provider_provider_event_id_key',
  'exam_results.exam_results_enrollment_id_attempt_key',
  'import_file_chunks.import_file_chunks_import_id_seq_key',
  'import_rows.import_rows_import_id_row_number_key',
  'invitations.invitations_token_hash_key',
  'lead_duplicates.lead_duplicates_lead_id_duplicate_of_reason_key',
  'list_export_chunks.list_export_chunks_export_id_seq_key',
  'marketing_consent_statuses.marketing_consent_statuses_person_id_key',
  'person_scores.person_scores_person_id_key',
  'pipeline_stages.pipeline_stages_pipeline_id_position_key',
  'score_history.score_history_person_id_day_key',
  'sequence_steps.sequence_steps_sequence_id_position_key',
];

const withoutOrg = async (types: string[]) =>
  (
    await sql<{ name: string }>`
      select t.relname || '.' || c.conname as name
        from pg_constraint c
        join pg_class t on t.oid = c.conrelid
        join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and c.contype = any(${types}::char[]) and t.relname <> 'organizations'
         and not exists (select 1 from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k where a.attname = 'org_id')
       order by 1`.execute(db())
  ).rows.map((r) => r.name);

describe('sharding by organisation (docs/scaling.md)', () => {
  it('lists every foreign key that leaves org_id out, and no other', async () => {
    expect(await withoutOrg(['f'])).toEqual(FOREIGN_KEYS_WITHOUT_ORG);
  });

  it('lists every unique key that leaves org_id out, and no other', async () => {
    expect(await withoutOrg(['u'])).toEqual(UNIQUE_KEYS_WITHOUT_ORG);
  });

  it('keys every table by its id alone, so moving each primary key to (org_id, id) is one rule for all', async () => {
    const { rows } = await sql<{ name: string; columns: string[] }>`
      select t.relname as name, array_agg(a.attname::text order by a.attname) as columns
        from pg_constraint c
        join pg_class t on t.oid = c.conrelid
        join pg_namespace n on n.oid = t.relnamespace
        join unnest(c.conkey) k on true
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k
       where n.nspname = 'public' and c.contype = 'p' and t.relname <> 'organizations'
       group by t.relname`.execute(db());
    expect(rows.filter((r) => r.columns.join() !== 'id')).toEqual([]);
    expect(rows.length).toBeGreaterThan(50);
  });
});
