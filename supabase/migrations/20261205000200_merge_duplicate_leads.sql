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
    when 'leads' then '{first_name,last_name,email,phone,company_name,job_title,status,source,score,owner_id,custom}'::text[]
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
