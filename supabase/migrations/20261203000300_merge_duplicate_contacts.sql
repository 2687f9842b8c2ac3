-- =============================================================================
-- Duplicate contacts: found (same address once normalised, same phone), merged in one
-- transaction that moves every related row to the surviving contact, and unmerged within 30
-- days.
--
-- private.merge_references lists, for each table that points at a contact, the column and
-- what to do when the survivor already has the row's twin under a unique rule (drop the
-- merged one's and keep it for an unmerge, or refuse the merge and say why). The merge moves
-- rows through that list, so a new table referencing contacts is merged the day it is listed
-- — and tests/db/merges.test.ts fails until it is. The merged contacts stay, soft-deleted,
-- with a pointer to the survivor (merged_into): old links lead there. record_merges keeps
-- what an unmerge needs: the rows moved (from which contact), the rows dropped, and the
-- survivor's values before and after.
--
-- Merging rewrites history — activities, emails, consents and the audit trail of several
-- people become one person's — so it is for admins and managers, who may change every
-- contact of their organisation.
-- =============================================================================

alter table public.contacts add column merged_into uuid;
alter table public.contacts add foreign key (org_id, merged_into) references public.contacts (org_id, id) on delete set null (merged_into);
create index contacts_merged_into_idx on public.contacts (merged_into) where merged_into is not null;
comment on column public.contacts.merged_into is 'The contact this one was merged into (it is then in the trash); its page leads there.';

/** An address as one mailbox: lower case, no "+tag", and for Gmail no dots in the name. */
create or replace function private.normalised_email(email text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case when email is null or position('@' in email) = 0 then null else
    (select case when domain in ('gmail.com', 'googlemail.com') then replace(local, '.', '') || '@gmail.com' else local || '@' || domain end
       from (select split_part(split_part(lower(btrim(email)), '@', 1), '+', 1) as local, split_part(lower(btrim(email)), '@', 2) as domain) p)
  end
$$;
/** A phone number as its digits, when there are enough of them to mean one line. */
create or replace function private.normalised_phone(phone text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case when length(regexp_replace(coalesce(phone, ''), '\D', '', 'g')) >= 7 then right(regexp_replace(phone, '\D', '', 'g'), 10) end
$$;
grant execute on function private.normalised_email(text), private.normalised_phone(text) to authenticated, service_role;

create index contacts_normalised_email_idx on public.contacts (org_id, private.normalised_email(email::text)) where deleted_at is null and email is not null;
create index contacts_normalised_phone_idx on public.contacts (org_id, private.normalised_phone(phone)) where deleted_at is null and phone is not null;

-- -----------------------------------------------------------------------------
-- What points at a contact, and what a merge does with it
-- -----------------------------------------------------------------------------
create table private.merge_references (
  object text not null check (object in ('contacts')),
  table_name text not null,
  column_name text not null,
  -- The survivor already has this row's twin (these columns equal, and `twin_where` true of
  -- both rows, {row} standing for each): …
  twin_key text[],
  twin_where text,
  -- … drop the merged contact's (kept in record_merges for an unmerge), or refuse the merge.
  on_twin text check (on_twin in ('drop', 'refuse')),
  refusal text,
  primary key (object, table_name, column_name),
  check ((twin_key is null) = (on_twin is null))
);
comment on table private.merge_references is 'Every column that points at a contact, and what a merge does when the survivor already has the same row. Checked against the catalog by tests/db/merges.test.ts.';
insert into private.merge_references (object, table_name, column_name, twin_key, twin_where, on_twin, refusal) values
  ('contacts', 'activities', 'contact_id', null, null, null, null),
  ('contacts', 'campaign_recipients', 'contact_id', '{campaign_id}', null, 'drop', null),
  ('contacts', 'certifications', 'contact_id', null, null, null, null),
  ('contacts', 'consent_events', 'contact_id', null, null, null, null),
  ('contacts', 'email_messages', 'contact_id', null, null, null, null),
  ('contacts', 'email_triggers', 'contact_id', null, null, null, null),
  ('contacts', 'enrollments', 'contact_id', '{session_id}', $${row}.status <> 'cancelled'$$, 'refuse',
   'Both contacts are booked on the same session: cancel one of the bookings first.'),
  ('contacts', 'leads', 'converted_contact_id', null, null, null, null),
  ('contacts', 'opportunities', 'primary_contact_id', null, null, null, null),
  ('contacts', 'sequence_enrollments', 'contact_id', '{sequence_id}', $${row}.status = 'active'$$, 'drop', null),
  ('contacts', 'taggings', 'contact_id', '{tag_id}', null, 'drop', null),
  -- Not a foreign key: whose data an audit entry is about (the entry itself is unchanged).
  ('contacts', 'audit_log', 'subject_contact_id', null, null, null, null);

-- -----------------------------------------------------------------------------
-- record_merges
-- -----------------------------------------------------------------------------
create table public.record_merges (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  object text not null check (object in ('contacts')),
  survivor_id uuid not null,
  merged_ids uuid[] not null check (cardinality(merged_ids) between 1 and 4),
  -- {"<table>": [[row id, from contact id], …]}: what was moved, and from whom.
  moved jsonb not null default '{}',
  -- {"<table>": [row, …]}: the merged contacts' rows the survivor had twins of.
  dropped jsonb not null default '{}',
  -- The survivor's chosen fields before and after the merge.
  survivor_before jsonb not null,
  survivor_after jsonb not null,
  merged_by uuid default auth.uid(),
  merged_at timestamptz not null default now(),
  unmerged_at timestamptz,
  unmerged_by uuid,
  -- What an unmerge could not put back because it was edited since.
  unmerge_summary jsonb,
  unique (org_id, id)
);
alter table public.record_merges enable row level security;
comment on table public.record_merges is 'A merge of duplicate contacts: who was merged into whom, what moved, and what an unmerge (30 days) needs.';
create index record_merges_org_idx on public.record_merges (org_id, merged_at desc);
create index record_merges_survivor_idx on public.record_merges (org_id, survivor_id);
revoke all on public.record_merges from anon, authenticated;
grant select on public.record_merges to authenticated;
grant select, insert, update, delete on public.record_merges to service_role;
create policy record_merges_select on public.record_merges for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- A merge's rows hold the merged people's data: the subject's erasure covers them.
insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('record_merges', 'not exported (the rows a merge moved, for an unmerge within 30 days)', 'merges of the subject''s contacts are deleted (they can no longer be unmerged)');

/** The chosen fields of a contact, as a merge reads and writes them. */
create or replace function private.contact_merge_fields(c public.contacts) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object('first_name', c.first_name, 'last_name', c.last_name, 'email', c.email, 'phone', c.phone,
                            'job_title', c.job_title, 'lifecycle_stage', c.lifecycle_stage, 'source', c.source,
                            'owner_id', c.owner_id, 'account_id', c.account_id, 'custom', c.custom, 'external_ids', to_jsonb(c.external_ids))
$$;

/**
 * Merges 1–4 contacts into `survivor`: every row pointing at them moves to the survivor
 * (private.merge_references), the survivor takes `fields` (the values chosen side by side,
 * only the keys sent), and the merged contacts go to the trash pointing at the survivor. One
 * transaction: a refusal (a shared session booking) changes nothing. Admins and managers.
 */
create or replace function private.merge_contacts(survivor uuid, merged uuid[], fields jsonb) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  kept public.contacts%rowtype;
  ref record;
  moved jsonb := '{}';
  dropped jsonb := '{}';
  rows_json jsonb;
  twin_match text;
  before jsonb;
  after jsonb;
  merge_id uuid;
  n integer;
begin
  select * into kept from public.contacts c where c.id = survivor and c.deleted_at is null for update;
  -- The same answer whether the contact does not exist or is not the caller's to merge.
  if not found or coalesce((select private.my_roles()) ->> kept.org_id::text, '') not in ('admin', 'manager') then
    raise exception 'The contact to keep was not found, or you may not merge it (admins and managers merge).' using errcode = 'insufficient_privilege';
  end if;
  merged := array(select distinct m from unnest(merged) m where m <> survivor);
  if cardinality(merged) not between 1 and 4 then
    raise exception 'Choose 2 to 5 different contacts to merge.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  perform 1 from public.contacts c where c.id = any (merged) and c.org_id = kept.org_id and c.deleted_at is null for update;
  get diagnostics n = row_count;
  if n <> cardinality(merged) then
    raise exception 'A contact to merge was not found, or is already in the trash.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  if jsonb_typeof(fields) <> 'object' or exists (select 1 from jsonb_object_keys(fields) k
      where k not in ('first_name', 'last_name', 'email', 'phone', 'job_title', 'lifecycle_stage', 'source', 'owner_id', 'account_id', 'custom')) then
    raise exception 'A merge chooses contact fields only.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  before := private.contact_merge_fields(kept);

  -- Refusals first, before anything moves.
  for ref in select * from private.merge_references r where r.object = 'contacts' and r.on_twin = 'refuse' loop
    execute format('select exists (select 1 from public.%1$I t join public.%1$I s on %2$s where t.%3$I = any ($1) and s.%3$I = $2 %4$s)',
                   ref.table_name,
                   (select string_agg(format('s.%1$I = t.%1$I', k), ' and ') from unnest(ref.twin_key) k),
                   ref.column_name,
                   case when ref.twin_where is null then '' else format('and (%s) and (%s)', replace(ref.twin_where, '{row}', 't'), replace(ref.twin_where, '{row}', 's')) end)
      into strict twin_match using merged, survivor;
    if twin_match::boolean then
      raise exception '%', ref.refusal using errcode = 'check_violation', constraint = 'merge_refused';
    end if;
  end loop;

  for ref in select * from private.merge_references r where r.object = 'contacts' order by r.table_name loop
    if ref.on_twin = 'drop' then
      execute format('with gone as (delete from public.%1$I t where t.%2$I = any ($1) and exists (select 1 from public.%1$I s where s.%2$I = $2 and %3$s %4$s) returning to_jsonb(t) as r)
                      select coalesce(jsonb_agg(r), ''[]'') from gone',
                     ref.table_name, ref.column_name,
                     (select string_agg(format('s.%1$I = t.%1$I', k), ' and ') from unnest(ref.twin_key) k),
                     case when ref.twin_where is null then '' else format('and (%s) and (%s)', replace(ref.twin_where, '{row}', 't'), replace(ref.twin_where, '{row}', 's')) end)
        into rows_json using merged, survivor;
      if jsonb_array_length(rows_json) > 0 then dropped := dropped || jsonb_build_object(ref.table_name, rows_json); end if;
    end if;
    execute format('with src as (select t.id, t.%2$I as from_id from public.%1$I t where t.%2$I = any ($1) for update),
                         upd as (update public.%1$I t set %2$I = $2 from src where t.id = src.id returning t.id, src.from_id)
                    select coalesce(jsonb_agg(jsonb_build_array(id, from_id)), ''[]'') from upd',
                   ref.table_name, ref.column_name)
      into rows_json using merged, survivor;
    if jsonb_array_length(rows_json) > 0 then moved := moved || jsonb_build_object(ref.table_name || '.' || ref.column_name, rows_json); end if;
  end loop;

  -- The merged contacts leave (their addresses free for the survivor), then the survivor takes the chosen values.
  update public.contacts c set merged_into = survivor, deleted_at = now(), deleted_by = (select auth.uid())
   where c.id = any (merged);
  update public.contacts c
     set first_name = case when fields ? 'first_name' then fields ->> 'first_name' else c.first_name end,
         last_name = case when fields ? 'last_name' then fields ->> 'last_name' else c.last_name end,
         email = case when fields ? 'email' then (fields ->> 'email')::extensions.citext else c.email end,
         phone = case when fields ? 'phone' then fields ->> 'phone' else c.phone end,
         job_title = case when fields ? 'job_title' then fields ->> 'job_title' else c.job_title end,
         lifecycle_stage = case when fields ? 'lifecycle_stage' then (fields ->> 'lifecycle_stage')::public.lifecycle_stage else c.lifecycle_stage end,
         source = case when fields ? 'source' then (fields ->> 'source')::public.record_source else c.source end,
         owner_id = case when fields ? 'owner_id' then (fields ->> 'owner_id')::uuid else c.owner_id end,
         account_id = case when fields ? 'account_id' then (fields ->> 'account_id')::uuid else c.account_id end,
         custom = case when fields ? 'custom' then fields -> 'custom' else c.custom end,
         -- The survivor answers to the merged contacts' ids in the systems they came from.
         external_ids = array(select distinct x from unnest(c.external_ids || (select coalesce(array_agg(e), '{}') from public.contacts m, unnest(m.external_ids) e where m.id = any (merged))) x)
   where c.id = survivor
  returning private.contact_merge_fields(c) into after;

  insert into public.record_merges (org_id, object, survivor_id, merged_ids, moved, dropped, survivor_before, survivor_after)
  values (kept.org_id, 'contacts', survivor, merged, moved, dropped, before, after)
  returning id into merge_id;
  return merge_id;
end
$$;
revoke execute on function private.merge_contacts(uuid, uuid[], jsonb) from public;
grant execute on function private.merge_contacts(uuid, uuid[], jsonb) to authenticated;

/**
 * Undoes a merge within 30 days, as far as nothing was edited since: the merged contacts come
 * back, every moved row still pointing at the survivor goes back to the contact it came
 * from, dropped rows return, and each survivor field still holding the merge's value gets its
 * value from before. What could not be put back is returned (and kept on the merge).
 */
create or replace function private.unmerge_contacts(target_merge uuid) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  m public.record_merges%rowtype;
  entry record;
  table_name text;
  column_name text;
  now_fields jsonb;
  restore jsonb := '{}';
  kept_fields text[] := '{}';
  not_moved_back integer := 0;
  n integer;
  summary jsonb;
begin
  select * into m from public.record_merges r where r.id = target_merge for update;
  if not found or coalesce((select private.my_roles()) ->> m.org_id::text, '') not in ('admin', 'manager') then
    raise exception 'This merge was not found, or you may not undo it (admins and managers do).' using errcode = 'insufficient_privilege';
  end if;
  if m.unmerged_at is not null or m.merged_at < now() - interval '30 days' then
    raise exception 'This merge can no longer be undone: it was undone already, or is older than 30 days.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;

  -- The survivor's fields the merge set and nobody changed since get their old values.
  select private.contact_merge_fields(c) into now_fields from public.contacts c where c.id = m.survivor_id for update;
  for entry in select e.key, e.value from jsonb_each(m.survivor_after) e loop
    if entry.key = 'external_ids' then continue; end if;
    if (m.survivor_before -> entry.key) is distinct from entry.value then
      if (now_fields -> entry.key) is not distinct from entry.value then restore := restore || jsonb_build_object(entry.key, m.survivor_before -> entry.key);
      else kept_fields := kept_fields || entry.key; end if;
    end if;
  end loop;
  update public.contacts c
     set first_name = case when restore ? 'first_name' then restore ->> 'first_name' else c.first_name end,
         last_name = case when restore ? 'last_name' then restore ->> 'last_name' else c.last_name end,
         email = case when restore ? 'email' then (restore ->> 'email')::extensions.citext else c.email end,
         phone = case when restore ? 'phone' then restore ->> 'phone' else c.phone end,
         job_title = case when restore ? 'job_title' then restore ->> 'job_title' else c.job_title end,
         lifecycle_stage = case when restore ? 'lifecycle_stage' then (restore ->> 'lifecycle_stage')::public.lifecycle_stage else c.lifecycle_stage end,
         source = case when restore ? 'source' then (restore ->> 'source')::public.record_source else c.source end,
         owner_id = case when restore ? 'owner_id' then (restore ->> 'owner_id')::uuid else c.owner_id end,
         account_id = case when restore ? 'account_id' then (restore ->> 'account_id')::uuid else c.account_id end,
         custom = case when restore ? 'custom' then restore -> 'custom' else c.custom end,
         external_ids = array(select jsonb_array_elements_text(m.survivor_before -> 'external_ids'))
   where c.id = m.survivor_id;

  update public.contacts c set merged_into = null, deleted_at = null, deleted_by = null
   where c.id = any (m.merged_ids) and c.merged_into = m.survivor_id;

  for entry in select e.key, e.value from jsonb_each(m.moved) e loop
    table_name := split_part(entry.key, '.', 1);
    column_name := split_part(entry.key, '.', 2);
    execute format('update public.%1$I t set %2$I = (p.v ->> 1)::uuid from jsonb_array_elements($1) p(v)
                     where t.id::text = p.v ->> 0 and t.%2$I = $2', table_name, column_name)
      using entry.value, m.survivor_id;
    get diagnostics n = row_count;
    not_moved_back := not_moved_back + jsonb_array_length(entry.value) - n;
  end loop;
  for entry in select e.key, e.value from jsonb_each(m.dropped) e loop
    execute format('insert into public.%1$I select (jsonb_populate_record(null::public.%1$I, r)).* from jsonb_array_elements($1) r on conflict do nothing', entry.key)
      using entry.value;
  end loop;

  summary := jsonb_build_object('fields_kept', to_jsonb(kept_fields), 'rows_not_moved_back', not_moved_back);
  update public.record_merges r set unmerged_at = now(), unmerged_by = (select auth.uid()), unmerge_summary = summary where r.id = m.id;
  return summary;
end
$$;
revoke execute on function private.unmerge_contacts(uuid) from public;
grant execute on function private.unmerge_contacts(uuid) to authenticated;

/** Erasure (20261203000100) also deletes the merges of the subject's contacts. */
create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  counts jsonb := private.forget_subject_in_imports(org, contact_ids, lead_ids, email);
  n integer;
begin
  delete from public.record_merges r where r.org_id = org and (r.survivor_id = any (contact_ids) or r.merged_ids && contact_ids);
  get diagnostics n = row_count;
  return counts || jsonb_build_object('record_merges', n);
end
$$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;
