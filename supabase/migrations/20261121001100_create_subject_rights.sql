-- =============================================================================
-- Data subject rights in SQL, so each is one transaction and complete by construction:
--   private.subject_export(request)  — every row about the person, as JSON (runs under the
--                                      caller's RLS: compliance officers and admins read all
--                                      personal data of their organisation);
--   private.erase_subject(request)   — removes or irreversibly anonymises every personal
--                                      field, suppresses the address by keyed hash, and
--                                      redacts the audit trail (definer rights: the named step
--                                      that needs them).
-- Both are defined in 20261121001220, once the campaign tables they also cover exist; this
-- migration holds what they build on.
-- private.personal_data_coverage lists every table that holds personal data and how export
-- and erasure treat it; a catalog-driven test fails when a new table is not listed there.
-- =============================================================================

create table private.personal_data_coverage (
  table_name text primary key,
  export_rule text not null,
  erase_rule text not null
);
comment on table private.personal_data_coverage is
  'Every public table holding personal data, and how subject_export and erase_subject cover it. Checked against the catalog by tests/db/subject-rights.test.ts.';
insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('contacts', 'rows with the subject''s email', 'anonymised and moved to the trash (kept so anonymised training records stay linked)'),
  ('leads', 'rows with the subject''s email', 'anonymised and moved to the trash'),
  ('activities', 'linked to the subject''s contacts or leads', 'deleted'),
  ('taggings', 'linked to the subject''s contacts or leads', 'deleted'),
  ('opportunities', 'with the subject as primary contact', 'unlinked and renamed'),
  ('enrollments', 'of the subject''s contacts', 'kept without personal fields, or deleted when training records are not retained'),
  ('exam_results', 'of the subject''s enrollments', 'kept without notes, or deleted with the enrollment'),
  ('certifications', 'of the subject''s contacts', 'kept (verifiable by number, naming nobody), or deleted'),
  ('consent_events', 'of the subject''s contacts or leads', 'deleted (the suppression keeps them unreachable)'),
  ('email_messages', 'sent to the subject', 'deleted with their outbox copy and events'),
  ('email_outbox', 'copies of the subject''s messages', 'deleted'),
  ('email_events', 'events of the subject''s messages', 'deleted'),
  ('suppressions', 'entries for the subject''s address hash', 'kept (hash only) and completed with an erasure entry'),
  ('audit_log', 'entries about the subject''s records', 'changes redacted; who and when are kept'),
  ('data_subject_requests', 'the subject''s requests', 'address replaced by its keyed hash, notes cleared'),
  ('dsr_actions', 'history of the subject''s requests', 'notes cleared'),
  ('subject_exports', 'listed by id only', 'deleted'),
  ('accounts', 'the subject''s company when linked (company data, not personal)', 'left unchanged: company data'),
  ('memberships', 'not exported: staff records, not data subjects', 'not erased: staff are managed as members'),
  ('invitations', 'not exported: staff invitations', 'not erased: expire on their own'),
  ('organizations', 'not exported: the controller itself', 'not erased'),
  ('lead_forms', 'not exported: form definitions', 'not erased: no subject data');

/** The subject of a request: their contacts and leads in the request's organisation.
    Runs as the caller (RLS applies). */
create or replace function private.subject_records(
  request_id uuid, out subject_org uuid, out subject_email text, out contact_ids uuid[], out lead_ids uuid[]
)
language plpgsql stable
set search_path = ''
as $$
begin
  select r.org_id, r.subject_email into subject_org, subject_email from public.data_subject_requests r where r.id = request_id;
  if subject_org is null then
    raise exception 'request % not found', request_id using errcode = 'no_data_found';
  end if;
  if subject_email is null then
    raise exception 'the subject of request % has already been erased', request_id using errcode = 'check_violation';
  end if;
  contact_ids := array(select c.id from public.contacts c where c.org_id = subject_org and c.email = subject_email::extensions.citext);
  lead_ids := array(select l.id from public.leads l where l.org_id = subject_org and l.email = subject_email::extensions.citext);
end
$$;
grant execute on function private.subject_records(uuid) to authenticated, service_role;

-- private.subject_export and private.erase_subject are defined in
-- 20261121001220_extend_subject_rights_to_marketing.sql, after every table they cover exists.

/** True when `email` belongs to someone erased from the organisation: imports and forms use
    it to flag a returning address instead of silently recreating the person. */
-- The hash is computed here rather than through private.email_hash, which only admins,
-- compliance officers and service work may call: any member may learn "this address was
-- erased", never the hash itself.
create or replace function private.was_erased(org uuid, email text) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.suppressions s
      join private.email_hash_keys k on k.org_id = s.org_id
     where s.org_id = org and s.reason = 'erased'
       and s.email_hash = encode(extensions.hmac(convert_to(lower(btrim(email)), 'UTF8'), k.secret, 'sha256'), 'hex')
  )
$$;
revoke execute on function private.was_erased(uuid, text) from public;
grant execute on function private.was_erased(uuid, text) to authenticated, service_role;
