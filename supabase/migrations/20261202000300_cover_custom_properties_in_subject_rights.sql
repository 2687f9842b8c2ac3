-- =============================================================================
-- Subject rights cover custom properties (20261202000200).
-- Export: the records already carry their custom values by key; the export now also says
-- what each key means (label, type, options), so the person can read their data.
-- Erasure: the custom values of kept (anonymised) enrollments are cleared like their other
-- free text; contacts' and leads' custom values were already cleared.
-- Both functions are otherwise unchanged from 20261201000600.
-- =============================================================================

/** Access/export: one JSON document with every row about the subject of a verified request,
    and a manifest (tables, row counts, generated at). Runs with the caller's rights, so
    only compliance officers and admins — who may read all personal data — get it whole. */
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
    union all select 'consent_confirmations', (select jsonb_agg(to_jsonb(x) - 'token_hash' order by x.requested_at) from public.consent_confirmations x where x.lead_id = any (subject.lead_ids))
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

/** Erasure: in the caller's transaction, removes or irreversibly anonymises every personal
    field of the subject of a verified erasure request, keeps anonymised training records
    when `keep_training_records`, suppresses the address by keyed hash for good, completes
    the request and redacts the audit trail. Returns counts only (no personal data).
    Definer rights (the owner may redact the append-only audit log); the caller must be a
    compliance officer or admin of the request's organisation. */
create or replace function private.erase_subject(request_id uuid, keep_training_records boolean) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  req public.data_subject_requests%rowtype;
  contact_ids uuid[];
  lead_ids uuid[];
  message_ids uuid[];
  enrollment_ids uuid[];
  exam_ids uuid[];
  request_ids uuid[];
  touched uuid[];
  hash text;
  counts jsonb := '{}';
  n integer;
begin
  select * into req from public.data_subject_requests r where r.id = request_id for update;
  if not found then
    raise exception 'request % not found', request_id using errcode = 'no_data_found';
  end if;
  if coalesce((select private.my_roles()) ->> req.org_id::text, '') not in ('admin', 'compliance') then
    raise exception 'only compliance officers and admins erase subject data' using errcode = 'insufficient_privilege';
  end if;
  if req.type <> 'erasure' or req.status <> 'verified' or req.subject_email is null then
    raise exception 'only a verified, not yet completed erasure request can be carried out' using errcode = 'check_violation';
  end if;

  hash := private.email_hash(req.org_id, req.subject_email);
  contact_ids := array(select c.id from public.contacts c where c.org_id = req.org_id and c.email = req.subject_email);
  lead_ids := array(select l.id from public.leads l where l.org_id = req.org_id and l.email = req.subject_email);
  message_ids := array(select m.id from public.email_messages m where m.org_id = req.org_id
    and (m.contact_id = any (contact_ids) or m.lead_id = any (lead_ids) or m.recipient_email = req.subject_email));
  enrollment_ids := array(select e.id from public.enrollments e where e.contact_id = any (contact_ids));
  exam_ids := array(select x.id from public.exam_results x where x.enrollment_id = any (enrollment_ids));
  request_ids := array(select r.id from public.data_subject_requests r where r.org_id = req.org_id and r.subject_email = req.subject_email);

  -- What was still queued for the person: the worker's send jobs find nothing to send. A
  -- campaign counts the person's pending send as cancelled, so its progress still adds up.
  update public.campaigns c set cancelled_count = c.cancelled_count + x.n
    from (select r.campaign_id, count(*)::integer as n from public.campaign_recipients r
           where (r.contact_id = any (contact_ids) or r.lead_id = any (lead_ids)) and r.status = 'pending'
           group by r.campaign_id) x
   where c.id = x.campaign_id;
  delete from public.campaign_recipients x where x.contact_id = any (contact_ids) or x.lead_id = any (lead_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('campaign_recipients', n);
  delete from public.sequence_enrollments x where x.contact_id = any (contact_ids) or x.lead_id = any (lead_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('sequence_enrollments', n);
  delete from public.email_triggers x where x.contact_id = any (contact_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('email_triggers', n);

  -- Messages, with their outbox copies and delivery events (cascade).
  delete from public.email_messages m where m.id = any (message_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('email_messages', n);

  delete from public.activities a where a.contact_id = any (contact_ids) or a.lead_id = any (lead_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('activities', n);
  delete from public.taggings t where t.contact_id = any (contact_ids) or t.lead_id = any (lead_ids);
  delete from public.consent_confirmations cc where cc.lead_id = any (lead_ids);
  delete from public.consent_events ce where ce.contact_id = any (contact_ids) or ce.lead_id = any (lead_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('consent_events', n);

  update public.opportunities o
     set primary_contact_id = null, name = 'Opportunity (contact erased)'
   where o.primary_contact_id = any (contact_ids);

  if keep_training_records then
    update public.enrollments e set cancellation_reason = null, custom = '{}' where e.id = any (enrollment_ids);
    update public.exam_results x set notes = null where x.enrollment_id = any (enrollment_ids);
  else
    delete from public.certifications c where c.contact_id = any (contact_ids);
    delete from public.enrollments e where e.id = any (enrollment_ids);
  end if;
  counts := counts || jsonb_build_object('training_records_kept', keep_training_records);

  update public.contacts c
     set first_name = null, last_name = 'Erased person', email = null, phone = null, job_title = null,
         custom = '{}', account_id = null, deleted_at = coalesce(c.deleted_at, now())
   where c.id = any (contact_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('contacts', n);
  update public.leads l
     set first_name = null, last_name = 'Erased person', email = null, phone = null, job_title = null,
         company_name = null, disqualified_reason = null, custom = '{}', deleted_at = coalesce(l.deleted_at, now())
   where l.id = any (lead_ids);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('leads', n);

  delete from public.subject_exports x where x.request_id = any (request_ids);
  update public.dsr_actions a set note = null where a.request_id = any (request_ids);

  -- Never emailed again; a re-import of the address is recognised by this hash.
  insert into public.suppressions (org_id, email_hash, reason, scope, note)
  values (req.org_id, hash, 'erased', 'all', 'Data subject erased')
  on conflict (org_id, email_hash, scope) do update set reason = 'erased';

  update public.data_subject_requests r
     set subject_email = null, subject_email_hash = hash, notes = null,
         status = case when r.id = request_id then 'completed'::public.dsr_status else r.status end,
         completed_at = case when r.id = request_id then now() else r.completed_at end,
         handled_by = case when r.id = request_id then (select auth.uid()) else r.handled_by end
   where r.id = any (request_ids);

  insert into public.dsr_actions (org_id, request_id, action, actor_id, note)
  values (req.org_id, request_id, 'erased', (select auth.uid()),
          format('%s contact(s), %s lead(s) anonymised; training records %s', jsonb_array_length(to_jsonb(contact_ids)), jsonb_array_length(to_jsonb(lead_ids)),
                 case when keep_training_records then 'kept anonymised' else 'deleted' end));

  -- Last: the audit trail keeps who did what when, but no longer what the values were —
  -- including the entries this erasure itself just wrote.
  touched := contact_ids || lead_ids || enrollment_ids || exam_ids || request_ids || message_ids;
  update public.audit_log a
     set changes = jsonb_build_object('redacted', 'data subject erased')
   where a.org_id = req.org_id
     and (a.subject_contact_id = any (contact_ids) or a.subject_lead_id = any (lead_ids) or a.record_id = any (touched));
  get diagnostics n = row_count; counts := counts || jsonb_build_object('audit_entries_redacted', n);

  return counts;
end
$$;
revoke execute on function private.erase_subject(uuid, boolean) from public;
grant execute on function private.erase_subject(uuid, boolean) to authenticated, service_role;
