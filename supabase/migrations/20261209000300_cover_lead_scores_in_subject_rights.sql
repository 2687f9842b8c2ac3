-- Lead scoring (20261209000200) keeps what a person did (score_signals), their score with
-- its breakdown (person_scores) and its daily history (score_history): profiling data about
-- the person, so a subject's export holds it and an erasure removes it. A compliance officer
-- or admin reads the signals for that (the export runs with the caller's rights); nobody else does.

grant select on public.score_signals to authenticated;
drop policy score_signals_closed on public.score_signals;
create policy score_signals_select on public.score_signals for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));

insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('score_signals', 'rows of the subject''s contacts and leads', 'deleted'),
  ('person_scores', 'the score and breakdown of the subject''s contacts and leads', 'deleted'),
  ('score_history', 'the daily scores of the subject''s contacts and leads', 'deleted');

create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  counts jsonb := private.forget_subject_in_imports(org, contact_ids, lead_ids, email);
  merges integer;
  pairs integer;
  lead_pairs integer;
  sessions integer;
  links integer;
  confirmations integer;
  signals integer;
  scores integer;
begin
  delete from public.record_merges r
   where r.org_id = org and (r.survivor_id = any (contact_ids || lead_ids) or r.merged_ids && (contact_ids || lead_ids));
  get diagnostics merges = row_count;
  delete from public.contact_duplicates d where d.org_id = org and (d.contact_id = any (contact_ids) or d.duplicate_of = any (contact_ids));
  get diagnostics pairs = row_count;
  delete from public.lead_duplicates d where d.org_id = org and (d.lead_id = any (lead_ids) or d.duplicate_of = any (lead_ids));
  get diagnostics lead_pairs = row_count;
  delete from private.learner_sessions s where s.org_id = org and s.contact_id = any (contact_ids);
  get diagnostics sessions = row_count;
  delete from private.learner_sign_in_links l where l.org_id = org and l.contact_id = any (contact_ids);
  get diagnostics links = row_count;
  delete from public.consent_confirmations c where c.org_id = org and c.contact_id = any (contact_ids);
  get diagnostics confirmations = row_count;
  -- Lead scoring is profiling: what the person did, their score and how it moved go too.
  delete from public.score_signals s where s.org_id = org and (s.contact_id = any (contact_ids) or s.lead_id = any (lead_ids));
  get diagnostics signals = row_count;
  delete from public.person_scores s where s.org_id = org and s.person_id = any (contact_ids || lead_ids);
  get diagnostics scores = row_count;
  delete from public.score_history h where h.org_id = org and h.person_id = any (contact_ids || lead_ids);
  return counts || jsonb_build_object('record_merges', merges, 'contact_duplicates', pairs, 'lead_duplicates', lead_pairs,
    'learner_sessions', sessions, 'learner_sign_in_links', links, 'contact_consent_confirmations', confirmations,
    'score_signals', signals, 'person_scores', scores);
end
$$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;

create or replace function private.subject_export(request_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  subject record;
  message_ids uuid[];
  enrollment_ids uuid[];
  request_ids uuid[];
  tables jsonb := '{}';
  counts jsonb := '{}';
  rows jsonb;
  item record;
begin
  if coalesce((select private.my_roles()) ->> (select r.org_id::text from public.data_subject_requests r where r.id = request_id), '') not in ('admin', 'compliance') then
    raise exception 'only compliance officers and admins export subject data' using errcode = 'insufficient_privilege';
  end if;
  if not exists (select 1 from public.data_subject_requests r where r.id = request_id and r.status in ('verified', 'completed')) then
    raise exception 'the request must be verified before its data is exported' using errcode = 'check_violation';
  end if;
  select * into subject from private.subject_records(request_id);
  message_ids := array(select m.id from public.email_messages m where m.org_id = subject.subject_org
    and (m.contact_id = any (subject.contact_ids) or m.lead_id = any (subject.lead_ids) or m.recipient_email = subject.subject_email::extensions.citext));
  enrollment_ids := array(select e.id from public.enrollments e where e.contact_id = any (subject.contact_ids));
  request_ids := array(select r.id from public.data_subject_requests r where r.org_id = subject.subject_org and r.subject_email = subject.subject_email::extensions.citext);

  for item in
    select 'contacts' as t, (select jsonb_agg(to_jsonb(x)) from public.contacts x where x.id = any (subject.contact_ids)) as data
    union all select 'leads', (select jsonb_agg(to_jsonb(x)) from public.leads x where x.id = any (subject.lead_ids))
    union all select 'activities', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.activities x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'taggings', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('tag', t.name)) from public.taggings x join public.tags t on t.id = x.tag_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'opportunities', (select jsonb_agg(to_jsonb(x)) from public.opportunities x where x.primary_contact_id = any (subject.contact_ids))
    union all select 'enrollments', (select jsonb_agg(to_jsonb(x)) from public.enrollments x where x.id = any (enrollment_ids))
    union all select 'exam_results', (select jsonb_agg(to_jsonb(x)) from public.exam_results x where x.enrollment_id = any (enrollment_ids))
    union all select 'certifications', (select jsonb_agg(to_jsonb(x)) from public.certifications x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_events', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.consent_events x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_messages', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_messages x where x.id = any (message_ids))
    union all select 'email_outbox', (select jsonb_agg(to_jsonb(x) - 'html') from public.email_outbox x where x.message_id = any (message_ids))
    union all select 'email_events', (select jsonb_agg(to_jsonb(x)) from public.email_events x where x.message_id = any (message_ids))
    union all select 'suppressions', (select jsonb_agg(to_jsonb(x)) from public.suppressions x where x.org_id = subject.subject_org and x.email_hash = private.email_hash(subject.subject_org, subject.subject_email))
    union all select 'audit_log', (select jsonb_agg(to_jsonb(x) order by x.id) from public.audit_log x where x.org_id = subject.subject_org and (x.subject_contact_id = any (subject.contact_ids) or x.subject_lead_id = any (subject.lead_ids)))
    union all select 'data_subject_requests', (select jsonb_agg(to_jsonb(x) - 'verification_token_hash') from public.data_subject_requests x where x.id = any (request_ids))
    union all select 'dsr_actions', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.dsr_actions x where x.request_id = any (request_ids))
    union all select 'subject_exports', (select jsonb_agg(jsonb_build_object('id', x.id, 'generated_at', x.generated_at)) from public.subject_exports x where x.request_id = any (request_ids))
    union all select 'campaign_recipients', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('campaign', c.name) order by x.created_at) from public.campaign_recipients x join public.campaigns c on c.id = x.campaign_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'sequence_enrollments', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('sequence', q.name) order by x.created_at) from public.sequence_enrollments x join public.sequences q on q.id = x.sequence_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_triggers', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_triggers x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_confirmations', (select jsonb_agg(to_jsonb(x) - 'token_hash' order by x.requested_at) from public.consent_confirmations x where x.lead_id = any (subject.lead_ids) or x.contact_id = any (subject.contact_ids))
    -- What the keys of the records' custom values mean (labels, types, options).
    union all select 'property_definitions', (select jsonb_agg(jsonb_build_object('object', d.object, 'key', d.key, 'label', d.label, 'type', d.type, 'options', d.options, 'archived', d.archived_at is not null) order by d.object, d.position, d.key) from public.property_definitions d where d.org_id = subject.subject_org)
  loop
    rows := coalesce(item.data, '[]'::jsonb);
    tables := tables || jsonb_build_object(item.t, rows);
    counts := counts || jsonb_build_object(item.t, jsonb_array_length(rows));
  end loop;

  return jsonb_build_object(
    'manifest', jsonb_build_object(
      'format', 'cohort-subject-export/1',
      'generated_at', now(),
      'request_id', request_id,
      'subject_email', subject.subject_email,
      'tables', counts
    ),
    'data', tables
  );
end
$$;

revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;

create or replace function private.subject_export(request_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  subject record;
  message_ids uuid[];
  enrollment_ids uuid[];
  request_ids uuid[];
  tables jsonb := '{}';
  counts jsonb := '{}';
  rows jsonb;
  item record;
begin
  if coalesce((select private.my_roles()) ->> (select r.org_id::text from public.data_subject_requests r where r.id = request_id), '') not in ('admin', 'compliance') then
    raise exception 'only compliance officers and admins export subject data' using errcode = 'insufficient_privilege';
  end if;
  if not exists (select 1 from public.data_subject_requests r where r.id = request_id and r.status in ('verified', 'completed')) then
    raise exception 'the request must be verified before its data is exported' using errcode = 'check_violation';
  end if;
  select * into subject from private.subject_records(request_id);
  message_ids := array(select m.id from public.email_messages m where m.org_id = subject.subject_org
    and (m.contact_id = any (subject.contact_ids) or m.lead_id = any (subject.lead_ids) or m.recipient_email = subject.subject_email::extensions.citext));
  enrollment_ids := array(select e.id from public.enrollments e where e.contact_id = any (subject.contact_ids));
  request_ids := array(select r.id from public.data_subject_requests r where r.org_id = subject.subject_org and r.subject_email = subject.subject_email::extensions.citext);

  for item in
    select 'contacts' as t, (select jsonb_agg(to_jsonb(x)) from public.contacts x where x.id = any (subject.contact_ids)) as data
    union all select 'leads', (select jsonb_agg(to_jsonb(x)) from public.leads x where x.id = any (subject.lead_ids))
    union all select 'activities', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.activities x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'taggings', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('tag', t.name)) from public.taggings x join public.tags t on t.id = x.tag_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'opportunities', (select jsonb_agg(to_jsonb(x)) from public.opportunities x where x.primary_contact_id = any (subject.contact_ids))
    union all select 'enrollments', (select jsonb_agg(to_jsonb(x)) from public.enrollments x where x.id = any (enrollment_ids))
    union all select 'exam_results', (select jsonb_agg(to_jsonb(x)) from public.exam_results x where x.enrollment_id = any (enrollment_ids))
    union all select 'certifications', (select jsonb_agg(to_jsonb(x)) from public.certifications x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_events', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.consent_events x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_messages', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_messages x where x.id = any (message_ids))
    union all select 'email_outbox', (select jsonb_agg(to_jsonb(x) - 'html') from public.email_outbox x where x.message_id = any (message_ids))
    union all select 'email_events', (select jsonb_agg(to_jsonb(x)) from public.email_events x where x.message_id = any (message_ids))
    union all select 'suppressions', (select jsonb_agg(to_jsonb(x)) from public.suppressions x where x.org_id = subject.subject_org and x.email_hash = private.email_hash(subject.subject_org, subject.subject_email))
    union all select 'audit_log', (select jsonb_agg(to_jsonb(x) order by x.id) from public.audit_log x where x.org_id = subject.subject_org and (x.subject_contact_id = any (subject.contact_ids) or x.subject_lead_id = any (subject.lead_ids)))
    union all select 'data_subject_requests', (select jsonb_agg(to_jsonb(x) - 'verification_token_hash') from public.data_subject_requests x where x.id = any (request_ids))
    union all select 'dsr_actions', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.dsr_actions x where x.request_id = any (request_ids))
    union all select 'subject_exports', (select jsonb_agg(jsonb_build_object('id', x.id, 'generated_at', x.generated_at)) from public.subject_exports x where x.request_id = any (request_ids))
    union all select 'campaign_recipients', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('campaign', c.name) order by x.created_at) from public.campaign_recipients x join public.campaigns c on c.id = x.campaign_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'sequence_enrollments', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('sequence', q.name) order by x.created_at) from public.sequence_enrollments x join public.sequences q on q.id = x.sequence_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_triggers', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_triggers x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_confirmations', (select jsonb_agg(to_jsonb(x) - 'token_hash' order by x.requested_at) from public.consent_confirmations x where x.lead_id = any (subject.lead_ids) or x.contact_id = any (subject.contact_ids))
    -- Lead scoring: what the person did that counted, their score with its breakdown, and its history.
    union all select 'score_signals', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.score_signals x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'person_scores', (select jsonb_agg(to_jsonb(x)) from public.person_scores x where x.org_id = subject.subject_org and x.person_id = any (subject.contact_ids || subject.lead_ids))
    union all select 'score_history', (select jsonb_agg(to_jsonb(x) order by x.day) from public.score_history x where x.org_id = subject.subject_org and x.person_id = any (subject.contact_ids || subject.lead_ids))
    -- What the keys of the records' custom values mean (labels, types, options).
    union all select 'property_definitions', (select jsonb_agg(jsonb_build_object('object', d.object, 'key', d.key, 'label', d.label, 'type', d.type, 'options', d.options, 'archived', d.archived_at is not null) order by d.object, d.position, d.key) from public.property_definitions d where d.org_id = subject.subject_org)
  loop
    rows := coalesce(item.data, '[]'::jsonb);
    tables := tables || jsonb_build_object(item.t, rows);
    counts := counts || jsonb_build_object(item.t, jsonb_array_length(rows));
  end loop;

  return jsonb_build_object(
    'manifest', jsonb_build_object(
      'format', 'cohort-subject-export/1',
      'generated_at', now(),
      'request_id', request_id,
      'subject_email', subject.subject_email,
      'tables', counts
    ),
    'data', tables
  );
end
$$;
grant execute on function private.subject_export(uuid) to authenticated, service_role;
