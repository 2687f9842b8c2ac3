-- =============================================================================
-- Imports: a spreadsheet of contacts, leads or accounts, mapped column by column, checked
-- by a dry run, then written by the worker under the importer's own RLS — and revertible
-- for 30 days.
--
-- The uploaded file is kept in import_file_chunks until the run ends (the worker re-reads
-- it to resume). The worker writes each batch of rows and the import's progress in one
-- transaction, so a worker killed mid-way resumes after the last committed batch: nothing
-- lost, nothing written twice. What a revert needs is kept per import: the records it
-- created carry its id (import_id), and import_rows holds the previous values of every field
-- it changed, with the values it wrote (to tell "edited since" apart), plus the refused rows
-- as they were in the file (the refused-rows CSV). A person sees their own imports only.
-- =============================================================================

create type public.import_object as enum ('contacts', 'leads', 'accounts');
create type public.import_mode as enum ('create', 'upsert', 'update');
create type public.import_status as enum
  ('uploaded', 'checking', 'checked', 'queued', 'running', 'done', 'failed', 'cancelled', 'reverting', 'reverted');

create table public.imports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  requested_by uuid not null default auth.uid(),
  object public.import_object not null,
  file_name text not null check (length(file_name) between 1 and 200),
  file_format text not null check (file_format in ('csv', 'xlsx', 'zip')),
  file_bytes bigint not null default 0,
  file_chunks integer not null default 0,
  -- Read from the file when it arrives: how it is encoded, its header row and first rows.
  encoding text,
  delimiter text,
  headers text[] not null default '{}',
  sample jsonb not null default '[]' check (jsonb_typeof(sample) = 'array'),
  -- {"<column index>": "<field key>"}: which column goes to which field (lib/imports/fields.ts).
  mapping jsonb not null default '{}' check (jsonb_typeof(mapping) = 'object' and length(mapping::text) <= 20000),
  mode public.import_mode not null default 'upsert',
  match text not null default 'email' check (match in ('email', 'domain', 'external_id')),
  -- The system an external id column comes from ("hubspot:100001").
  external_source text check (external_source ~ '^[a-z][a-z0-9_-]{0,30}$'),
  status public.import_status not null default 'uploaded',
  dry_run boolean not null default false,
  rows_total integer check (rows_total >= 0),
  rows_done integer not null default 0,
  -- Counts of the run so far: created, updated, unchanged, duplicates_in_file, refused {reason: n}, warnings {kind: n}.
  summary jsonb not null default '{}' check (jsonb_typeof(summary) = 'object'),
  -- The last dry run's counts, and its first refused rows: what the real run would do.
  dry_summary jsonb,
  dry_refused jsonb,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  revertible_until timestamptz,
  reverted_at timestamptz,
  -- What a revert did: removed, restored, and what it could not because it was edited since.
  revert_summary jsonb,
  unique (org_id, id),
  foreign key (org_id, requested_by) references public.memberships (org_id, user_id) on delete cascade
);
comment on table public.imports is 'A spreadsheet imported into contacts, leads or accounts: its mapping, mode, progress and outcome (lib/imports).';
create index imports_requester_idx on public.imports (requested_by, created_at desc);
create index imports_pending_idx on public.imports (created_at) where status in ('checking', 'queued', 'running', 'reverting');

create table public.import_file_chunks (
  id bigint generated always as identity primary key,
  import_id uuid not null,
  org_id uuid not null,
  seq integer not null,
  data bytea not null,
  unique (import_id, seq),
  foreign key (org_id, import_id) references public.imports (org_id, id) on delete cascade
);
comment on table public.import_file_chunks is 'The uploaded file of an import, in order; dropped when the run ends.';

-- Only rows a revert or the refused-rows file needs: updated rows (previous and written
-- values of the fields changed) and refused rows (the cells as in the file, and why).
create table public.import_rows (
  id bigint generated always as identity primary key,
  import_id uuid not null,
  org_id uuid not null,
  row_number integer not null check (row_number >= 1),
  outcome text not null check (outcome in ('updated', 'refused')),
  record_id uuid,
  reason text check (length(reason) <= 300),
  cells text[],
  previous jsonb,
  applied jsonb,
  unique (import_id, row_number),
  foreign key (org_id, import_id) references public.imports (org_id, id) on delete cascade
);
comment on table public.import_rows is 'Per import: the previous values of updated records (for revert) and the refused rows with their reason.';
create index import_rows_record_idx on public.import_rows (record_id) where record_id is not null;

-- Mappings are remembered per set of headers, for the next file from the same source.
create table public.import_mappings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  object public.import_object not null,
  -- The normalised headers, sorted and joined (lib/imports/mapping.ts headerSignature).
  signature text not null check (length(signature) <= 20000),
  -- {"<header>": "<field key>"}
  mapping jsonb not null check (jsonb_typeof(mapping) = 'object' and length(mapping::text) <= 20000),
  updated_at timestamptz not null default now(),
  updated_by uuid default auth.uid(),
  unique (org_id, object, signature)
);
comment on table public.import_mappings is 'The column mapping last used for a set of headers, suggested for the next file with the same headers.';

-- Which import created a record (a revert removes what it created), and the ids a record has
-- in the systems it came from ("hubspot:100001"), to match the next import on.
alter table public.contacts add column import_id uuid, add column external_ids text[] not null default '{}';
alter table public.leads add column import_id uuid, add column external_ids text[] not null default '{}';
alter table public.accounts add column import_id uuid, add column external_ids text[] not null default '{}';
alter table public.contacts add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
alter table public.leads add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
alter table public.accounts add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index contacts_import_idx on public.contacts (import_id) where import_id is not null;
create index leads_import_idx on public.leads (import_id) where import_id is not null;
create index accounts_import_idx on public.accounts (import_id) where import_id is not null;
create index contacts_external_ids_idx on public.contacts using gin (external_ids) where external_ids <> '{}';
create index leads_external_ids_idx on public.leads using gin (external_ids) where external_ids <> '{}';
create index accounts_external_ids_idx on public.accounts using gin (external_ids) where external_ids <> '{}';
comment on column public.contacts.import_id is 'The import that created this contact (a revert of it removes the contact unless edited since).';
comment on column public.contacts.external_ids is 'Ids of this contact in the systems it was imported from, as "<source>:<id>".';

-- -----------------------------------------------------------------------------
-- Privileges and policies
-- -----------------------------------------------------------------------------
alter table public.imports enable row level security;
alter table public.import_file_chunks enable row level security;
alter table public.import_rows enable row level security;
alter table public.import_mappings enable row level security;

revoke all on public.imports, public.import_file_chunks, public.import_rows, public.import_mappings from anon, authenticated;
grant select on public.imports, public.import_file_chunks, public.import_rows, public.import_mappings to authenticated;
-- What a member chooses; the status, progress and outcome are the system's.
grant insert (org_id, object, file_name, file_format) on public.imports to authenticated;
grant update (mapping, mode, match, external_source) on public.imports to authenticated;
grant insert (org_id, object, signature, mapping), update (mapping, updated_at, updated_by) on public.import_mappings to authenticated;
grant select, insert, update, delete on public.imports, public.import_file_chunks, public.import_rows, public.import_mappings to service_role;

-- A person sees their own imports, in an organisation they still belong to.
create policy imports_select on public.imports for select to authenticated
  using (requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
-- The roles that create records may import (the rows are written under their own RLS);
-- marketing, compliance and viewers create no contacts, leads or accounts.
create policy imports_insert on public.imports for insert to authenticated
  with check (requested_by = (select auth.uid())
              and (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'));
-- The mapping and mode change until the real run starts.
create policy imports_update on public.imports for update to authenticated
  using (requested_by = (select auth.uid()) and status in ('uploaded', 'checked')
         and (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'))
  with check (requested_by = (select auth.uid()) and status in ('uploaded', 'checked'));
create policy import_file_chunks_select on public.import_file_chunks for select to authenticated
  using (exists (select 1 from public.imports i where i.id = import_id));
create policy import_rows_select on public.import_rows for select to authenticated
  using (exists (select 1 from public.imports i where i.id = import_id));
create policy import_mappings_select on public.import_mappings for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy import_mappings_insert on public.import_mappings for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'));
create policy import_mappings_update on public.import_mappings for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'));

create index import_file_chunks_org_idx on public.import_file_chunks (org_id);
create index import_rows_org_idx on public.import_rows (org_id);

-- -----------------------------------------------------------------------------
-- What the importer asks of the worker (definer: the status is not theirs to set)
-- -----------------------------------------------------------------------------

/** Queues a dry run (nothing written) or the real run of the person's own import, once it has a mapping. */
create or replace function private.start_import(target_import uuid, dry boolean) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  update public.imports
     set status = case when dry then 'checking' else 'queued' end::public.import_status,
         dry_run = dry, rows_done = 0, summary = '{}', error = null, started_at = null, finished_at = null
   where id = target_import and requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text
     and status in ('uploaded', 'checked') and mapping <> '{}' and file_chunks > 0
  returning true
$$;

/** Stops a run or a dry run; what a real run wrote so far stays, and can be reverted. */
create or replace function private.cancel_import(target_import uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  update public.imports
     set status = case when status = 'checking' then 'uploaded' else 'cancelled' end::public.import_status,
         finished_at = case when status = 'checking' then null else now() end,
         revertible_until = case when status = 'checking' then null else now() + interval '30 days' end
   where id = target_import and requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text
     and status in ('checking', 'queued', 'running')
  returning true
$$;

/** Asks the worker to undo a finished (or cancelled) import within its 30 days. */
create or replace function private.revert_import(target_import uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  update public.imports set status = 'reverting', revert_summary = null
   where id = target_import and requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text
     and status in ('done', 'cancelled') and revertible_until > now()
  returning true
$$;

revoke execute on function private.start_import(uuid, boolean), private.cancel_import(uuid), private.revert_import(uuid) from public;
grant execute on function private.start_import(uuid, boolean), private.cancel_import(uuid), private.revert_import(uuid) to authenticated;

-- Who imported which file, with which mapping, and how it ended: in the audit log.
create trigger imports_audit after insert or update of status on public.imports
  for each row execute function private.audit_change();

/** Work for the worker wakes it (lib/jobs/wake.ts). */
create or replace function private.wake_for_import() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.wake_worker('imports');
  return null;
end
$$;
revoke execute on function private.wake_for_import() from public;
grant execute on function private.wake_for_import() to authenticated, service_role;
create trigger imports_wake after update of status on public.imports
  for each row when (new.status in ('checking', 'queued', 'reverting') and old.status is distinct from new.status)
  execute function private.wake_for_import();

/** A real run that finished, failed or was reverted tells its importer. */
create or replace function private.notify_import_finished() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  done_rows text := to_char(coalesce(new.rows_done, 0), 'FM999,999,999');
begin
  insert into public.notifications (org_id, user_id, kind, title, href, record_id, record_table, batch_size)
  values (new.org_id, new.requested_by, 'import_finished',
          case new.status
            when 'done' then format('Your import of %s (%s rows) has finished', new.file_name, done_rows)
            when 'reverted' then format('Your import of %s was reverted', new.file_name)
            else format('Your import of %s could not be finished', new.file_name) end,
          '/imports/' || new.id, new.id, 'imports', 1);
  return null;
end
$$;
revoke execute on function private.notify_import_finished() from public;
create trigger imports_finished after update of status on public.imports
  for each row when (not new.dry_run and new.status in ('done', 'failed', 'reverted') and old.status is distinct from new.status)
  execute function private.notify_import_finished();

-- The import page follows progress live (lib/live/visible-changes.ts: RLS shows a person their own).
create trigger imports_notify_insert after insert on public.imports referencing new table as new_rows
  for each statement execute function private.notify_changes();
create trigger imports_notify_update after update on public.imports referencing new table as new_rows
  for each statement execute function private.notify_changes();

-- -----------------------------------------------------------------------------
-- Subject rights: what an import keeps about a person goes with their erasure
-- -----------------------------------------------------------------------------
insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('imports', 'not exported (the first rows of a file, shown while it is mapped)', 'the first rows and refused rows shown are cleared when they mention the subject'),
  ('import_rows', 'not exported (an import''s refused rows and the previous values of what it changed, kept 30 days)', 'deleted when they mention the subject'),
  ('import_file_chunks', 'not exported (an uploaded file, kept until its import has run, at most 7 days)', 'files of imports not yet run that mention the subject are deleted with their import');

/**
 * What imports keep about a person being erased: refused rows and previous values, the first
 * rows shown while mapping, and an import whose file, still waiting to be run, holds the
 * address (in any case, in an ASCII-compatible encoding; files are dropped once their import
 * has run, and after 7 days if it never does). Called by private.erase_subject.
 */
create or replace function private.forget_subject_in_imports(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  needle text := '%' || lower(email) || '%';
  n integer;
begin
  delete from public.import_rows r
   where r.org_id = org and (r.record_id = any (contact_ids || lead_ids) or lower(coalesce(r.cells::text, '')) like needle);
  get diagnostics n = row_count;
  update public.imports i set sample = '[]', dry_refused = null
   where i.org_id = org and lower(i.sample::text || coalesce(i.dry_refused::text, '')) like needle;
  delete from public.imports i
   where i.org_id = org and i.status in ('uploaded', 'checked')
     and exists (select 1 from public.import_file_chunks c where c.import_id = i.id and position(lower(email) in lower(encode(c.data, 'escape'))) > 0);
  return jsonb_build_object('import_rows', n);
end
$$;
revoke execute on function private.forget_subject_in_imports(uuid, uuid[], uuid[], text) from public;

/** What later features keep about a person being erased (extended by later migrations). */
create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language sql volatile security definer
set search_path = ''
as $$ select private.forget_subject_in_imports(org, contact_ids, lead_ids, email) $$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;

/** Erasure (20261202000300) now also clears what imports keep about the subject. */
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

  -- What later features keep about the person (imports, merges): private.forget_subject_elsewhere.
  counts := counts || private.forget_subject_elsewhere(req.org_id, contact_ids, lead_ids, req.subject_email::text);

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
