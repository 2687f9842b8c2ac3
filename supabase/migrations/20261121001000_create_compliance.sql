-- =============================================================================
-- Compliance: an append-only audit trail of every change to personal data, data subject
-- requests with their legal deadlines and history, retention policies and their runs, and
-- public lead-capture forms. Compliance officers and admins read all of it; nobody — admins
-- included — can change or delete the audit trail through any role the app or a client uses.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- audit_log
-- -----------------------------------------------------------------------------
create table public.audit_log (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  occurred_at timestamptz not null default now(),
  -- The staff member (or null for system work: jobs, web forms, webhooks, seed).
  actor_id uuid,
  actor_role text,
  table_name text not null,
  record_id uuid not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  -- {"field": {"old": …, "new": …}}: only the fields that changed (insert: new, delete: old).
  changes jsonb not null default '{}',
  -- The person the record is about, for "everything that happened to this person".
  subject_contact_id uuid,
  subject_lead_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid
);
alter table public.audit_log enable row level security;
comment on table public.audit_log is
  'Append-only record of who changed which personal data when, with old and new values. Written by trigger; no API role may update or delete it.';
comment on column public.audit_log.changes is 'Changed fields with old and new values; erasure replaces personal values of an erased subject with "[erased]".';
create index audit_log_org_time_idx on public.audit_log (org_id, occurred_at desc);
create index audit_log_record_idx on public.audit_log (org_id, record_id, occurred_at desc);
create index audit_log_contact_idx on public.audit_log (org_id, subject_contact_id) where subject_contact_id is not null;
create index audit_log_lead_idx on public.audit_log (org_id, subject_lead_id) where subject_lead_id is not null;
create index audit_log_actor_idx on public.audit_log (org_id, actor_id, occurred_at desc);

revoke insert, update, delete, truncate on public.audit_log from anon, authenticated, service_role;

/** BEFORE UPDATE OR DELETE and BEFORE TRUNCATE on audit_log: only the table owner may touch
    past entries — retention purges and erasure redaction run as the owner through the
    definer functions below; every API role (authenticated, service_role) is refused. */
create or replace function private.protect_audit_log() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user <> (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = tg_relid) then
    raise exception 'the audit log is append-only' using errcode = 'insufficient_privilege';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.protect_audit_log();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function private.protect_audit_log();

/** AFTER INSERT/UPDATE/DELETE on every table holding personal data: writes who changed what.
    Definer rights: the entry is written whatever the caller may write. */
create or replace function private.audit_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  row_data jsonb := coalesce(new_row, old_row);
  diff jsonb;
  subject_contact uuid;
  subject_lead uuid;
begin
  -- Derived and bookkeeping columns say nothing about who changed what.
  if tg_op = 'UPDATE' then
    select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', o.value, 'new', n.value)), '{}')
      into diff
      from jsonb_each(new_row) n join jsonb_each(old_row) o using (key)
     where n.value is distinct from o.value and n.key not in ('updated_at', 'search_text');
    if diff = '{}' then
      return null;
    end if;
  else
    select coalesce(jsonb_object_agg(e.key, jsonb_build_object(case when tg_op = 'INSERT' then 'new' else 'old' end, e.value)), '{}')
      into diff
      from jsonb_each(row_data) e
     where e.value <> 'null'::jsonb and e.key not in ('updated_at', 'search_text', 'created_at');
  end if;

  case tg_table_name
    when 'contacts' then subject_contact := (row_data ->> 'id')::uuid;
    when 'leads' then subject_lead := (row_data ->> 'id')::uuid;
    when 'exam_results' then
      select e.contact_id into subject_contact from public.enrollments e where e.id = (row_data ->> 'enrollment_id')::uuid;
    else
      subject_contact := (row_data ->> 'contact_id')::uuid;
      subject_lead := (row_data ->> 'lead_id')::uuid;
  end case;

  insert into public.audit_log (org_id, actor_id, actor_role, table_name, record_id, operation, changes, subject_contact_id, subject_lead_id)
  values ((row_data ->> 'org_id')::uuid, (select auth.uid()), (select auth.role()), tg_table_name, (row_data ->> 'id')::uuid,
          lower(tg_op), diff, subject_contact, subject_lead);
  return null;
end
$$;
revoke execute on function private.audit_change() from public;

do $$
declare
  audited text[] := array['contacts', 'leads', 'accounts', 'activities', 'enrollments', 'exam_results', 'certifications',
                          'consent_events', 'email_messages', 'memberships', 'invitations'];
  t text;
begin
  foreach t in array audited loop
    execute format('create trigger %I after insert or update or delete on public.%I
                    for each row execute function private.audit_change()', t || '_audit', t);
  end loop;
end
$$;

-- Compliance officers and admins read the trail of their organisation.
create policy audit_log_select on public.audit_log for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));

-- -----------------------------------------------------------------------------
-- data subject requests (GDPR Art. 15–21)
-- -----------------------------------------------------------------------------
create type public.dsr_type as enum ('access', 'erasure', 'rectification', 'restriction', 'objection');
create type public.dsr_status as enum ('received', 'verified', 'completed', 'rejected');
create type public.dsr_channel as enum ('email', 'web_form', 'phone', 'letter', 'in_person');

create table public.data_subject_requests (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  type public.dsr_type not null,
  -- Cleared by the erasure itself (the hash below keeps the request attributable).
  subject_email extensions.citext check (subject_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  subject_email_hash text,
  received_via public.dsr_channel not null,
  received_at timestamptz not null default now(),
  -- Art. 12(3): one month, extendable by two more with a reason told to the subject.
  -- Always computed by trigger from received_at and extension_months.
  due_at timestamptz not null default now(),
  extension_months integer not null default 0 check (extension_months between 0 and 2),
  extension_reason text check (length(extension_reason) <= 1000),
  subject_told_of_extension_at timestamptz,
  status public.dsr_status not null default 'received',
  rejection_reason text check (length(rejection_reason) <= 1000),
  verification_token_hash text unique,
  verified_at timestamptz,
  completed_at timestamptz,
  handled_by uuid,
  notes text check (length(notes) <= 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  check (subject_email is not null or subject_email_hash is not null),
  check (extension_months = 0 or (extension_reason is not null and subject_told_of_extension_at is not null)),
  check (status <> 'rejected' or rejection_reason is not null),
  check (status not in ('verified', 'completed') or verified_at is not null or type = 'rectification'),
  check ((status in ('completed', 'rejected')) = (completed_at is not null))
);
alter table public.data_subject_requests enable row level security;
comment on table public.data_subject_requests is 'A person''s request to see, erase, correct, restrict or object to the processing of their data, with its legal due date.';
comment on column public.data_subject_requests.due_at is 'received_at + 1 month (+ extension_months), set by trigger.';
create index dsr_open_idx on public.data_subject_requests (org_id, due_at) where status in ('received', 'verified');
create index dsr_subject_idx on public.data_subject_requests (org_id, subject_email);

/** BEFORE INSERT OR UPDATE on data_subject_requests: the due date follows the received date
    and extensions (calendar months, counted in UTC). */
create or replace function private.set_request_due_date() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.due_at := ((new.received_at at time zone 'UTC') + make_interval(months => 1 + new.extension_months)) at time zone 'UTC';
  return new;
end
$$;
grant execute on function private.set_request_due_date() to authenticated, service_role;
create trigger data_subject_requests_due before insert or update on public.data_subject_requests
  for each row execute function private.set_request_due_date();
create trigger data_subject_requests_stamp before insert or update on public.data_subject_requests
  for each row execute function private.stamp_row();
create trigger data_subject_requests_audit after insert or update or delete on public.data_subject_requests
  for each row execute function private.audit_change();

create policy data_subject_requests_select on public.data_subject_requests for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy data_subject_requests_insert on public.data_subject_requests for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy data_subject_requests_update on public.data_subject_requests for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
-- Requests are evidence of compliance: nobody deletes them (no delete policy).

-- What was done on a request, by whom: the history a regulator asks for.
create table public.dsr_actions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  request_id uuid not null,
  action text not null check (action in ('received', 'verification_sent', 'verified', 'exported', 'erased', 'extended', 'completed', 'rejected', 'note')),
  actor_id uuid,
  note text check (length(note) <= 2000),
  occurred_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  foreign key (org_id, request_id) references public.data_subject_requests (org_id, id) on delete cascade
);
alter table public.dsr_actions enable row level security;
comment on table public.dsr_actions is 'History of a data subject request: each step taken and who took it.';
create index dsr_actions_request_idx on public.dsr_actions (org_id, request_id, occurred_at);
create trigger dsr_actions_stamp before insert or update on public.dsr_actions
  for each row execute function private.stamp_row();
create policy dsr_actions_select on public.dsr_actions for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy dsr_actions_insert on public.dsr_actions for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance') and actor_id = (select auth.uid()));
revoke update, delete, truncate on public.dsr_actions from anon, authenticated;

-- Exports produced for access requests (the document the subject receives).
create table public.subject_exports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  request_id uuid not null,
  document jsonb not null,
  generated_at timestamptz not null default now(),
  generated_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  foreign key (org_id, request_id) references public.data_subject_requests (org_id, id) on delete cascade
);
alter table public.subject_exports enable row level security;
comment on table public.subject_exports is 'The machine-readable export handed to a data subject; deleted when the subject is erased.';
create index subject_exports_request_idx on public.subject_exports (org_id, request_id);
create trigger subject_exports_stamp before insert or update on public.subject_exports
  for each row execute function private.stamp_row();
create policy subject_exports_select on public.subject_exports for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy subject_exports_insert on public.subject_exports for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));

-- -----------------------------------------------------------------------------
-- retention
-- -----------------------------------------------------------------------------
create type public.retention_kind as enum ('disqualified_leads', 'email_events', 'audit_log', 'cancelled_enrollments');

create table public.retention_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind public.retention_kind not null,
  keep_months integer not null check (keep_months between 1 and 240),
  legal_basis text not null check (length(btrim(legal_basis)) between 3 and 1000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, kind)
);
alter table public.retention_policies enable row level security;
comment on table public.retention_policies is 'How long each kind of data is kept, and why (legal basis). Applied daily by the retention job.';
create trigger retention_policies_stamp before insert or update on public.retention_policies
  for each row execute function private.stamp_row();
create policy retention_policies_select on public.retention_policies for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));
create policy retention_policies_insert on public.retention_policies for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
create policy retention_policies_update on public.retention_policies for update to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin')
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
create policy retention_policies_delete on public.retention_policies for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin');

create table public.retention_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  kind public.retention_kind not null,
  dry_run boolean not null,
  cutoff timestamptz not null,
  affected integer not null check (affected >= 0),
  ran_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid
);
alter table public.retention_runs enable row level security;
comment on table public.retention_runs is 'Log of what the retention job removed (or would remove, in a dry run).';
create index retention_runs_org_idx on public.retention_runs (org_id, ran_at desc);
create trigger retention_runs_stamp before insert or update on public.retention_runs
  for each row execute function private.stamp_row();
create policy retention_runs_select on public.retention_runs for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'compliance'));

-- -----------------------------------------------------------------------------
-- lead_forms: public, embeddable lead-capture forms
-- -----------------------------------------------------------------------------
create table public.lead_forms (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  -- Which optional fields the form asks for, besides name and email.
  fields jsonb not null default '["company_name"]' check (jsonb_typeof(fields) = 'array'),
  consent_purpose public.consent_purpose not null default 'marketing_email',
  consent_text text not null check (length(btrim(consent_text)) between 10 and 2000),
  thank_you_text text not null default 'Thank you — we will be in touch shortly.' check (length(thank_you_text) <= 1000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid
);
alter table public.lead_forms enable row level security;
comment on table public.lead_forms is 'A public lead-capture form (/forms/<id>); submissions create a lead and record the consent shown.';
create index lead_forms_org_idx on public.lead_forms (org_id);
create trigger lead_forms_stamp before insert or update on public.lead_forms
  for each row execute function private.stamp_row();
create policy lead_forms_select on public.lead_forms for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy lead_forms_insert on public.lead_forms for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));
create policy lead_forms_update on public.lead_forms for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));
create policy lead_forms_delete on public.lead_forms for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'marketing'));
