-- =============================================================================
-- Duplicate leads: found as leads are written (the same mailbox, the same phone, or a
-- similar name at the same company), merged with the one merge of 20261205000100, and
-- unmerged within 30 days. A converted lead is history (its person is a contact now): it is
-- neither paired nor merged.
-- =============================================================================

alter table public.leads add column merged_into uuid;
alter table public.leads add foreign key (org_id, merged_into) references public.leads (org_id, id) on delete set null (merged_into);
create index leads_merged_into_idx on public.leads (merged_into) where merged_into is not null;
comment on column public.leads.merged_into is 'The lead this one was merged into (it is then in the trash); its page leads there.';

alter table private.merge_references drop constraint merge_references_object_check;
alter table private.merge_references add constraint merge_references_object_check check (object in ('contacts', 'accounts', 'leads'));
alter table public.record_merges drop constraint record_merges_object_check;
alter table public.record_merges add constraint record_merges_object_check check (object in ('contacts', 'accounts', 'leads'));
comment on table public.record_merges is 'A merge of duplicate contacts, accounts or leads: who was merged into whom, what moved, and what an unmerge (30 days) needs.';

insert into private.merge_references (object, table_name, column_name, twin_key, twin_where, on_twin, refusal) values
  ('leads', 'activities', 'lead_id', null, null, null, null),
  ('leads', 'campaign_recipients', 'lead_id', '{campaign_id}', null, 'drop', null),
  ('leads', 'consent_confirmations', 'lead_id', null, null, null, null),
  ('leads', 'consent_events', 'lead_id', null, null, null, null),
  ('leads', 'email_messages', 'lead_id', null, null, null, null),
  ('leads', 'sequence_enrollments', 'lead_id', '{sequence_id}', $${row}.status = 'active'$$, 'drop', null),
  ('leads', 'taggings', 'lead_id', '{tag_id}', null, 'drop', null),
  -- Not a foreign key: whose data an audit entry is about (the entry itself is unchanged).
  ('leads', 'audit_log', 'subject_lead_id', null, null, null, null);

create or replace function private.merge_fields(object text) returns text[]
language sql immutable
set search_path = ''
as $$
  select case object
    when 'contacts' then '{first_name,last_name,email,phone,job_title,lifecycle_stage,source,owner_id,account_id,custom}'::text[]
    when 'accounts' then '{name,domain,industry,phone,billing_address,employee_count,is_training_client,owner_id,custom}'::text[]
    when 'leads' then '{first_name,last_name,email,phone,company_name,job_title,status,disqualified_reason,source,score,owner_id,custom}'::text[]
  end
$$;

/**
 * What a merge of `object` refuses before anything moves, beyond the shared checks: leads
 * that are converted (their person is a contact now), or a status the merge would give the
 * survivor that only conversion sets.
 */
create or replace function private.merge_refusal(object text, survivor uuid, merged uuid[], fields jsonb) returns text
language sql stable
set search_path = ''
as $$
  select case
    when object = 'leads' and exists (select 1 from public.leads l where (l.id = survivor or l.id = any (merged)) and l.status = 'converted')
      then 'A converted lead is a contact now: merge the contacts instead.'
    when object = 'leads' and fields ->> 'status' = 'converted'
      then 'A merge does not convert a lead: convert it from its page.'
  end
$$;
revoke execute on function private.merge_refusal(text, uuid, uuid[], jsonb) from public;

/** A merge into a lead converted since cannot be undone: the rows it moved belong to the contact's story now. */
create or replace function private.unmerge_refusal(object text, survivor uuid) returns text
language sql stable
set search_path = ''
as $$
  select case when object = 'leads' and exists (select 1 from public.leads l where l.id = survivor and l.status = 'converted')
    then 'The kept lead has been converted since: its merge can no longer be undone.' end
$$;
revoke execute on function private.unmerge_refusal(text, uuid) from public;

-- -----------------------------------------------------------------------------
-- lead_duplicates (as contact_duplicates, 20261203000400)
-- -----------------------------------------------------------------------------
create index leads_normalised_email_idx on public.leads (org_id, private.normalised_email(email::text), created_at, id) where deleted_at is null and email is not null and status <> 'converted';
create index leads_normalised_phone_idx on public.leads (org_id, private.normalised_phone(phone), created_at, id) where deleted_at is null and phone is not null and status <> 'converted';
create index leads_company_idx on public.leads (org_id, private.normalised_company(company_name), created_at desc) where deleted_at is null and company_name is not null and status <> 'converted';

create table public.lead_duplicates (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- The lead written, and the earliest live lead it matched when it was.
  lead_id uuid not null,
  duplicate_of uuid not null,
  reason text not null check (reason in ('email', 'phone', 'name')),
  found_at timestamptz not null default now(),
  unique (lead_id, duplicate_of, reason)
);
comment on table public.lead_duplicates is 'Two leads that had the same mailbox, phone or a similar name at one company when one was written: the duplicates queue, newest first.';
create index lead_duplicates_queue_idx on public.lead_duplicates (org_id, found_at desc, id desc);
create index lead_duplicates_of_idx on public.lead_duplicates (duplicate_of);
alter table public.lead_duplicates enable row level security;
revoke all on public.lead_duplicates from anon, authenticated;
grant select on public.lead_duplicates to authenticated;
grant select, insert, update, delete on public.lead_duplicates to service_role;

/** Whether the signed-in person can see a lead (the leads policies decide; see can_see_contact). */
create or replace function private.can_see_lead(target uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.leads l where l.id = target)
$$;
revoke execute on function private.can_see_lead(uuid) from public;
grant execute on function private.can_see_lead(uuid) to authenticated, service_role;

create policy lead_duplicates_select on public.lead_duplicates for select to authenticated
  using (org_id in (select k::uuid from jsonb_object_keys((select private.my_roles())) k)
         and private.can_see_lead(lead_id) and private.can_see_lead(duplicate_of));

insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('lead_duplicates', 'not exported (two lead ids that looked alike, for the duplicates queue)', 'the subject''s pairs are deleted');

create or replace function private.leads_deleted_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.lead_duplicates where lead_id in (select id from removed);
  delete from public.lead_duplicates where duplicate_of in (select id from removed);
  return null;
end
$$;
revoke execute on function private.leads_deleted_duplicates() from public;
create trigger leads_duplicates_on_delete after delete on public.leads
  referencing old table as removed
  for each statement execute function private.leads_deleted_duplicates();

/** The pairs the given leads make with the organisation's other live, unconverted leads: the earliest match for each reason. */
create or replace function private.record_lead_duplicates(written uuid[]) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into public.lead_duplicates (org_id, lead_id, duplicate_of, reason)
  select n.org_id, n.id, m.id, 'email'
    from unnest(written) w (id)
    cross join lateral (select l.* from public.leads l where l.id = w.id offset 0) n
    cross join lateral (select a.id from public.leads a
                         where a.org_id = n.org_id and a.deleted_at is null and a.email is not null and a.status <> 'converted' and a.id <> n.id
                           and private.normalised_email(a.email::text) = private.normalised_email(n.email::text)
                         order by private.normalised_email(a.email::text), a.created_at, a.id limit 1) m
   where n.deleted_at is null and n.email is not null and n.status <> 'converted'
  union all
  select n.org_id, n.id, m.id, 'phone'
    from unnest(written) w (id)
    cross join lateral (select l.* from public.leads l where l.id = w.id offset 0) n
    cross join lateral (select a.id from public.leads a
                         where a.org_id = n.org_id and a.deleted_at is null and a.phone is not null and a.status <> 'converted' and a.id <> n.id
                           and private.normalised_phone(a.phone) = private.normalised_phone(n.phone)
                         order by private.normalised_phone(a.phone), a.created_at, a.id limit 1) m
   where n.deleted_at is null and private.normalised_phone(n.phone) is not null and n.status <> 'converted'
  union all
  select n.org_id, n.id, m.id, 'name'
    from unnest(written) w (id)
    cross join lateral (select l.* from public.leads l where l.id = w.id offset 0) n
    cross join lateral (select s.id from (select a.id, a.first_name, a.last_name from public.leads a
                                            where a.org_id = n.org_id and a.deleted_at is null and a.company_name is not null and a.status <> 'converted' and a.id <> n.id
                                              and private.normalised_company(a.company_name) = private.normalised_company(n.company_name)
                                            order by a.created_at desc limit 200) s
                         where private.alike_names(s.first_name, s.last_name, n.first_name, n.last_name)
                         limit 1) m
   where n.deleted_at is null and private.normalised_company(n.company_name) is not null and n.status <> 'converted'
  on conflict (lead_id, duplicate_of, reason) do nothing
$$;
revoke execute on function private.record_lead_duplicates(uuid[]) from public;

/** Whether a lead pair still holds (an edit, a conversion, a merge or the trash since can undo it). */
create or replace function private.still_alike(reason text, a public.leads, b public.leads) returns boolean
language sql stable
set search_path = ''
as $$
  select a.id <> b.id and a.deleted_at is null and b.deleted_at is null and a.status <> 'converted' and b.status <> 'converted' and case reason
    when 'email' then private.normalised_email(a.email::text) = private.normalised_email(b.email::text)
    when 'phone' then private.normalised_phone(a.phone) = private.normalised_phone(b.phone)
    else private.normalised_company(a.company_name) = private.normalised_company(b.company_name)
         and private.alike_names(a.first_name, a.last_name, b.first_name, b.last_name) end
$$;
grant execute on function private.still_alike(text, public.leads, public.leads) to authenticated, service_role;

create or replace function private.leads_added_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_lead_duplicates(array(select id from added where email is not null or phone is not null or company_name is not null));
  return null;
end
$$;
revoke execute on function private.leads_added_duplicates() from public;
create trigger leads_duplicates_on_insert after insert on public.leads
  referencing new table as added
  for each statement execute function private.leads_added_duplicates();

create or replace function private.lead_changed_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_lead_duplicates(array[new.id]);
  return null;
end
$$;
revoke execute on function private.lead_changed_duplicates() from public;
create trigger leads_duplicates_on_update after update of email, phone, first_name, last_name, company_name, deleted_at on public.leads
  for each row
  when (new.deleted_at is null and (old.email is distinct from new.email or old.phone is distinct from new.phone
        or old.first_name is distinct from new.first_name or old.last_name is distinct from new.last_name
        or old.company_name is distinct from new.company_name or old.deleted_at is not null))
  execute function private.lead_changed_duplicates();

-- The leads already there: each with the earliest earlier lead it matches.
insert into public.lead_duplicates (org_id, lead_id, duplicate_of, reason, found_at)
select n.org_id, n.id, m.id, 'email', n.created_at
  from public.leads n
  cross join lateral (select a.id from public.leads a
                       where a.org_id = n.org_id and a.deleted_at is null and a.email is not null and a.status <> 'converted'
                         and private.normalised_email(a.email::text) = private.normalised_email(n.email::text)
                         and (a.created_at, a.id) < (n.created_at, n.id)
                       order by private.normalised_email(a.email::text), a.created_at, a.id limit 1) m
 where n.deleted_at is null and n.email is not null and n.status <> 'converted'
union all
select n.org_id, n.id, m.id, 'phone', n.created_at
  from public.leads n
  cross join lateral (select a.id from public.leads a
                       where a.org_id = n.org_id and a.deleted_at is null and a.phone is not null and a.status <> 'converted'
                         and private.normalised_phone(a.phone) = private.normalised_phone(n.phone)
                         and (a.created_at, a.id) < (n.created_at, n.id)
                       order by private.normalised_phone(a.phone), a.created_at, a.id limit 1) m
 where n.deleted_at is null and private.normalised_phone(n.phone) is not null and n.status <> 'converted'
union all
select n.org_id, n.id, m.id, 'name', n.created_at
  from public.leads n
  cross join lateral (select s.id from (select a.id, a.first_name, a.last_name from public.leads a
                                          where a.org_id = n.org_id and a.deleted_at is null and a.company_name is not null and a.status <> 'converted'
                                            and private.normalised_company(a.company_name) = private.normalised_company(n.company_name)
                                            and (a.created_at, a.id) < (n.created_at, n.id)
                                          order by a.created_at desc limit 200) s
                       where private.alike_names(s.first_name, s.last_name, n.first_name, n.last_name)
                       limit 1) m
 where n.deleted_at is null and private.normalised_company(n.company_name) is not null and n.status <> 'converted'
on conflict (lead_id, duplicate_of, reason) do nothing;

/** Erasure (20261203000400) also deletes the merges and pairs of the subject's leads. */
create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  counts jsonb := private.forget_subject_in_imports(org, contact_ids, lead_ids, email);
  merges integer;
  pairs integer;
  lead_pairs integer;
begin
  delete from public.record_merges r
   where r.org_id = org and (r.survivor_id = any (contact_ids || lead_ids) or r.merged_ids && (contact_ids || lead_ids));
  get diagnostics merges = row_count;
  delete from public.contact_duplicates d where d.org_id = org and (d.contact_id = any (contact_ids) or d.duplicate_of = any (contact_ids));
  get diagnostics pairs = row_count;
  delete from public.lead_duplicates d where d.org_id = org and (d.lead_id = any (lead_ids) or d.duplicate_of = any (lead_ids));
  get diagnostics lead_pairs = row_count;
  return counts || jsonb_build_object('record_merges', merges, 'contact_duplicates', pairs, 'lead_duplicates', lead_pairs);
end
$$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;

-- -----------------------------------------------------------------------------
-- Access and erasure find the subject's records through their merges too: a contact or lead
-- merged into the subject's under another address, or the one the subject's was merged
-- into, holds the subject's history (a merge says they are one person). subject_records
-- (20261121001100) is where the export finds them; erasure (20261203000100) now asks it too
-- instead of looking the address up itself. Unchanged otherwise.
-- -----------------------------------------------------------------------------
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
  contact_ids := array(
    with recursive subject (id) as (
      select c.id from public.contacts c where c.org_id = subject_org and c.email = subject_email::extensions.citext
      union
      select c.id from subject s join public.contacts c
        on c.org_id = subject_org and (c.merged_into = s.id or c.id = (select x.merged_into from public.contacts x where x.id = s.id)))
    select id from subject);
  lead_ids := array(
    with recursive subject (id) as (
      select l.id from public.leads l where l.org_id = subject_org and l.email = subject_email::extensions.citext
      union
      select l.id from subject s join public.leads l
        on l.org_id = subject_org and (l.merged_into = s.id or l.id = (select x.merged_into from public.leads x where x.id = s.id)))
    select id from subject);
end
$$;
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
  select s.contact_ids, s.lead_ids into contact_ids, lead_ids from private.subject_records(request_id) s;
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

update private.personal_data_coverage
   set export_rule = 'not exported (the rows a merge of contacts, accounts or leads moved, for an unmerge within 30 days)',
       erase_rule = 'merges of the subject''s contacts and leads are deleted (they can no longer be unmerged)'
 where table_name = 'record_merges';
