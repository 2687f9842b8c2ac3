-- =============================================================================
-- Duplicate accounts: found as accounts are written (the same website domain, or a similar
-- company name once legal suffixes are set aside), merged like contacts, and unmerged
-- within 30 days.
--
-- The contact merge (20261203000300) becomes one merge for every object:
-- private.merge_records(object, …) and private.unmerge_records(merge) move the rows that
-- private.merge_references lists for the object, and read and write the object's chosen
-- fields (private.merge_fields) through jsonb_populate_record, so a field's type comes from
-- its table. merge_contacts and unmerge_contacts stay as the contact forms of the two.
-- =============================================================================

alter table public.accounts add column merged_into uuid;
alter table public.accounts add foreign key (org_id, merged_into) references public.accounts (org_id, id) on delete set null (merged_into);
create index accounts_merged_into_idx on public.accounts (merged_into) where merged_into is not null;
comment on column public.accounts.merged_into is 'The account this one was merged into (it is then in the trash); its page leads there.';

alter table private.merge_references drop constraint merge_references_object_check;
alter table private.merge_references add constraint merge_references_object_check check (object in ('contacts', 'accounts'));
alter table public.record_merges drop constraint record_merges_object_check;
alter table public.record_merges add constraint record_merges_object_check check (object in ('contacts', 'accounts'));
comment on table public.record_merges is 'A merge of duplicate contacts or accounts: who was merged into whom, what moved, and what an unmerge (30 days) needs.';

insert into private.merge_references (object, table_name, column_name, twin_key, twin_where, on_twin, refusal) values
  ('accounts', 'activities', 'account_id', null, null, null, null),
  ('accounts', 'contacts', 'account_id', null, null, null, null),
  ('accounts', 'enrollments', 'paying_account_id', null, null, null, null),
  ('accounts', 'leads', 'converted_account_id', null, null, null, null),
  ('accounts', 'opportunities', 'account_id', null, null, null, null),
  ('accounts', 'taggings', 'account_id', '{tag_id}', null, 'drop', null);

/** The fields a merge of `object` chooses side by side (besides them it keeps external_ids). */
create or replace function private.merge_fields(object text) returns text[]
language sql immutable
set search_path = ''
as $$
  select case object
    when 'contacts' then '{first_name,last_name,email,phone,job_title,lifecycle_stage,source,owner_id,account_id,custom}'::text[]
    when 'accounts' then '{name,domain,industry,phone,billing_address,employee_count,is_training_client,owner_id,custom}'::text[]
  end
$$;

/** A record's chosen fields and external ids, as a merge keeps them before and after. */
create or replace function private.merge_snapshot(object text, target uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  snapshot jsonb;
begin
  execute format('select (select jsonb_object_agg(k, to_jsonb(t) -> k) from unnest($2) k) from public.%I t where t.id = $1', object)
    into snapshot using target, private.merge_fields(object) || '{external_ids}'::text[];
  return snapshot;
end
$$;

/** Sets the fields named in `assigned` on a record, each cast to its column's type. */
create or replace function private.merge_assign(object text, target uuid, assigned jsonb) returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  columns text[] := array(select k from jsonb_object_keys(assigned) k order by k);
begin
  if cardinality(columns) = 0 then return; end if;
  execute format('update public.%1$I t set (%2$s) = (select %3$s from jsonb_populate_record(null::public.%1$I, $1) r) where t.id = $2',
                 object,
                 (select string_agg(format('%I', c), ', ') from unnest(columns) c),
                 (select string_agg(format('r.%I', c), ', ') from unnest(columns) c))
    using assigned, target;
end
$$;
revoke execute on function private.merge_fields(text), private.merge_snapshot(text, uuid), private.merge_assign(text, uuid, jsonb) from public;

/** What a merge of `object` refuses besides the shared checks, in words for people (none yet: leads add theirs, 20261205000200). */
create or replace function private.merge_refusal(object text, survivor uuid, merged uuid[], fields jsonb) returns text
language sql stable
set search_path = ''
as $$
  select null::text
$$;
/** What an undo of a merge of `object` refuses besides the shared checks (leads: 20261205000200). */
create or replace function private.unmerge_refusal(object text, survivor uuid) returns text
language sql stable
set search_path = ''
as $$
  select null::text
$$;
revoke execute on function private.merge_refusal(text, uuid, uuid[], jsonb), private.unmerge_refusal(text, uuid) from public;

/**
 * Merges 1–4 records of `object` into `survivor`: every row pointing at them moves to the
 * survivor (private.merge_references), the survivor takes `fields` (the values chosen side
 * by side, only the keys sent) and the merged records' external ids, and the merged records
 * go to the trash pointing at the survivor. One transaction: a refusal (a shared session
 * booking) changes nothing. Admins and managers.
 */
create or replace function private.merge_records(object text, survivor uuid, merged uuid[], fields jsonb) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  noun text := rtrim(object, 's');
  org uuid;
  ref record;
  moved jsonb := '{}';
  dropped jsonb := '{}';
  rows_json jsonb;
  twin_match text;
  refused text;
  before jsonb;
  after jsonb;
  merge_id uuid;
  n integer;
begin
  if private.merge_fields(object) is null then
    raise exception 'Records of this kind are not merged.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  execute format('select t.org_id from public.%I t where t.id = $1 and t.deleted_at is null for update', object) into org using survivor;
  -- The same answer whether the record does not exist or is not the caller's to merge.
  if org is null or coalesce((select private.my_roles()) ->> org::text, '') not in ('admin', 'manager') then
    raise exception 'The % to keep was not found, or you may not merge it (admins and managers merge).', noun using errcode = 'insufficient_privilege';
  end if;
  merged := array(select distinct m from unnest(merged) m where m <> survivor);
  if cardinality(merged) not between 1 and 4 then
    raise exception 'Choose 2 to 5 different %s to merge.', noun using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  execute format('select count(*) from (select 1 from public.%I t where t.id = any ($1) and t.org_id = $2 and t.deleted_at is null for update) locked', object)
    into n using merged, org;
  if n <> cardinality(merged) then
    raise exception 'A % to merge was not found, or is already in the trash.', noun using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  if jsonb_typeof(fields) is distinct from 'object' or exists (select 1 from jsonb_object_keys(fields) k where k <> all (private.merge_fields(object))) then
    raise exception 'A merge chooses % fields only.', noun using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  refused := private.merge_refusal(object, survivor, merged, fields);
  if refused is not null then
    raise exception '%', refused using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  before := private.merge_snapshot(object, survivor);

  -- Refusals first, before anything moves.
  for ref in select * from private.merge_references r where r.object = merge_records.object and r.on_twin = 'refuse' loop
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

  for ref in select * from private.merge_references r where r.object = merge_records.object order by r.table_name loop
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

  -- A pending campaign place dropped for the survivor's own is one send fewer: its campaign
  -- counts it as cancelled, so the campaign's progress still adds up (and it can finish).
  if dropped ? 'campaign_recipients' then
    update public.campaigns c
       set cancelled_count = least(c.cancelled_count + x.n, c.recipients_total - c.sent_count - c.suppressed_count - c.failed_count)
      from (select (r ->> 'campaign_id')::uuid as campaign_id, count(*)::integer as n
              from jsonb_array_elements(dropped -> 'campaign_recipients') r where r ->> 'status' = 'pending' group by 1) x
     where c.id = x.campaign_id;
  end if;

  -- The merged records leave (a contact's address free for the survivor), then the survivor
  -- takes the chosen values and answers to the merged records' ids in the systems they came from.
  execute format('update public.%I t set merged_into = $1, deleted_at = now(), deleted_by = (select auth.uid()) where t.id = any ($2)', object)
    using survivor, merged;
  execute format('select to_jsonb(array(select distinct x from (select unnest(t.external_ids) x from public.%I t where t.id = $1 or t.id = any ($2)) ids))', object)
    into rows_json using survivor, merged;
  perform private.merge_assign(object, survivor, fields || jsonb_build_object('external_ids', rows_json));
  after := private.merge_snapshot(object, survivor);

  insert into public.record_merges (org_id, object, survivor_id, merged_ids, moved, dropped, survivor_before, survivor_after)
  values (org, object, survivor, merged, moved, dropped, before, after)
  returning id into merge_id;
  return merge_id;
end
$$;
revoke execute on function private.merge_records(text, uuid, uuid[], jsonb) from public;
grant execute on function private.merge_records(text, uuid, uuid[], jsonb) to authenticated;

create or replace function private.merge_contacts(survivor uuid, merged uuid[], fields jsonb) returns uuid
language sql volatile
set search_path = ''
as $$
  select private.merge_records('contacts', survivor, merged, fields)
$$;

/**
 * Undoes a merge within 30 days, as far as nothing was edited since: the merged records
 * come back, every moved row still pointing at the survivor goes back to the record it came
 * from, dropped rows return, and each survivor field still holding the merge's value gets
 * its value from before. What could not be put back is returned (and kept on the merge).
 */
create or replace function private.unmerge_records(target_merge uuid) returns jsonb
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
  refused text;
  gained jsonb;
  summary jsonb;
begin
  select * into m from public.record_merges r where r.id = target_merge for update;
  if not found or coalesce((select private.my_roles()) ->> m.org_id::text, '') not in ('admin', 'manager') then
    raise exception 'This merge was not found, or you may not undo it (admins and managers do).' using errcode = 'insufficient_privilege';
  end if;
  if m.unmerged_at is not null or m.merged_at < now() - interval '30 days' then
    raise exception 'This merge can no longer be undone: it was undone already, or is older than 30 days.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  -- A record emptied from the trash since cannot come back, nor its rows go back to it.
  execute format('select count(*) from public.%I t where t.id = any ($1) or t.id = $2', m.object) into n using m.merged_ids, m.survivor_id;
  if n <> cardinality(m.merged_ids) + 1 then
    raise exception 'This merge can no longer be undone: one of its records was deleted from the trash since.' using errcode = 'check_violation', constraint = 'merge_refused';
  end if;
  refused := private.unmerge_refusal(m.object, m.survivor_id);
  if refused is not null then
    raise exception '%', refused using errcode = 'check_violation', constraint = 'merge_refused';
  end if;

  -- The survivor's fields the merge set and nobody changed since get their old values.
  execute format('select 1 from public.%I t where t.id = $1 for update', m.object) using m.survivor_id;
  now_fields := private.merge_snapshot(m.object, m.survivor_id);
  for entry in select e.key, e.value from jsonb_each(m.survivor_after) e loop
    if entry.key = 'external_ids' then continue; end if;
    if (m.survivor_before -> entry.key) is distinct from entry.value then
      if (now_fields -> entry.key) is not distinct from entry.value then restore := restore || jsonb_build_object(entry.key, m.survivor_before -> entry.key);
      else kept_fields := kept_fields || entry.key; end if;
    end if;
  end loop;
  -- The ids the merged records brought leave with them; ids added since stay.
  gained := (select coalesce(jsonb_agg(x), '[]') from jsonb_array_elements(m.survivor_after -> 'external_ids') x
              where not coalesce(m.survivor_before -> 'external_ids', '[]') @> jsonb_build_array(x));
  perform private.merge_assign(m.object, m.survivor_id, restore || jsonb_build_object('external_ids',
    (select coalesce(jsonb_agg(x), '[]') from jsonb_array_elements(coalesce(now_fields -> 'external_ids', '[]')) x where not gained @> jsonb_build_array(x))));

  execute format('update public.%I t set merged_into = null, deleted_at = null, deleted_by = null where t.id = any ($1) and t.merged_into = $2', m.object)
    using m.merged_ids, m.survivor_id;

  for entry in select e.key, e.value from jsonb_each(m.moved) e loop
    table_name := split_part(entry.key, '.', 1);
    column_name := split_part(entry.key, '.', 2);
    execute format('update public.%1$I t set %2$I = (p.v ->> 1)::uuid from jsonb_array_elements($1) p(v)
                     where t.id::text = p.v ->> 0 and t.%2$I = $2', table_name, column_name)
      using entry.value, m.survivor_id;
    get diagnostics n = row_count;
    not_moved_back := not_moved_back + jsonb_array_length(entry.value) - n;
  end loop;
  -- Dropped rows return; a campaign place that was pending returns cancelled, as its campaign counted it.
  for entry in select e.key, e.value from jsonb_each(m.dropped) e loop
    execute format('insert into public.%1$I select (jsonb_populate_record(null::public.%1$I, r)).* from jsonb_array_elements($1) r on conflict do nothing', entry.key)
      using case when entry.key = 'campaign_recipients'
                 then (select jsonb_agg(case when x ->> 'status' = 'pending' then x || '{"status": "cancelled"}' else x end) from jsonb_array_elements(entry.value) x)
                 else entry.value end;
  end loop;

  summary := jsonb_build_object('fields_kept', to_jsonb(kept_fields), 'rows_not_moved_back', not_moved_back);
  update public.record_merges r set unmerged_at = now(), unmerged_by = (select auth.uid()), unmerge_summary = summary where r.id = m.id;
  return summary;
end
$$;
revoke execute on function private.unmerge_records(uuid) from public;
grant execute on function private.unmerge_records(uuid) to authenticated;

create or replace function private.unmerge_contacts(target_merge uuid) returns jsonb
language sql volatile
set search_path = ''
as $$
  select private.unmerge_records(target_merge)
$$;
drop function private.contact_merge_fields(public.contacts);

-- -----------------------------------------------------------------------------
-- account_duplicates: pairs found as accounts are written (as contact_duplicates, 20261203000400)
-- -----------------------------------------------------------------------------

/** A company name without case, punctuation or legal form: "ACME Ltd." and "Acme Limited" are "acme". */
create or replace function private.normalised_company(name text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select nullif(btrim(regexp_replace(regexp_replace(
           regexp_replace(lower(coalesce(name, '')), '[[:punct:][:space:]]+', ' ', 'g'),
           '(^| )(ltd|limited|inc|incorporated|llc|llp|plc|gmbh|ag|sa|sas|sarl|srl|spa|bv|nv|oy|co|corp|corporation|company|group)(?= |$)', ' ', 'g'),
           ' +', ' ', 'g')), '')
$$;
grant execute on function private.normalised_company(text) to authenticated, service_role;

/**
 * Two company names that are probably one company: equal once normalised, or trigram-similar
 * (≥ 0.7: stricter than people's names, as "Acme North" and "Acme South" are two companies).
 */
create or replace function private.alike_companies(a text, b text) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select private.normalised_company(a) is not null and private.normalised_company(b) is not null
     and (private.normalised_company(a) = private.normalised_company(b)
          or extensions.similarity(private.normalised_company(a), private.normalised_company(b)) >= 0.7)
$$;
grant execute on function private.alike_companies(text, text) to authenticated, service_role;

create index accounts_domain_idx on public.accounts (org_id, domain, created_at, id) where deleted_at is null and domain is not null;
create index accounts_company_name_trgm_idx on public.accounts using gin (private.normalised_company(name) extensions.gin_trgm_ops) where deleted_at is null;

create table public.account_duplicates (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- The account written, and the earliest live account it matched when it was.
  account_id uuid not null,
  duplicate_of uuid not null,
  reason text not null check (reason in ('domain', 'name')),
  found_at timestamptz not null default now(),
  unique (account_id, duplicate_of, reason)
);
comment on table public.account_duplicates is 'Two accounts that had the same domain or a similar name when one was written: the duplicates queue, newest first.';
create index account_duplicates_queue_idx on public.account_duplicates (org_id, found_at desc, id desc);
create index account_duplicates_of_idx on public.account_duplicates (duplicate_of);
alter table public.account_duplicates enable row level security;
revoke all on public.account_duplicates from anon, authenticated;
grant select on public.account_duplicates to authenticated;
grant select, insert, update, delete on public.account_duplicates to service_role;

/** Whether the signed-in person can see an account (the accounts policies decide; see can_see_contact). */
create or replace function private.can_see_account(target uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.accounts a where a.id = target)
$$;
revoke execute on function private.can_see_account(uuid) from public;
grant execute on function private.can_see_account(uuid) to authenticated, service_role;

create policy account_duplicates_select on public.account_duplicates for select to authenticated
  using (org_id in (select k::uuid from jsonb_object_keys((select private.my_roles())) k)
         and private.can_see_account(account_id) and private.can_see_account(duplicate_of));

-- Not foreign keys (a merge does not move pairs; see contact_duplicates): a pair goes when either account is deleted.
create or replace function private.accounts_deleted_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.account_duplicates where account_id in (select id from removed);
  delete from public.account_duplicates where duplicate_of in (select id from removed);
  return null;
end
$$;
revoke execute on function private.accounts_deleted_duplicates() from public;
create trigger accounts_duplicates_on_delete after delete on public.accounts
  referencing old table as removed
  for each statement execute function private.accounts_deleted_duplicates();

/**
 * The pairs the given accounts make with the organisation's other live accounts, the earliest
 * match for each reason: by the domain index, and by the trigram index on the normalised name.
 */
create or replace function private.record_account_duplicates(written uuid[]) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into public.account_duplicates (org_id, account_id, duplicate_of, reason)
  select n.org_id, n.id, m.id, 'domain'
    from unnest(written) w (id)
    cross join lateral (select a.* from public.accounts a where a.id = w.id offset 0) n
    cross join lateral (select a.id from public.accounts a
                         where a.org_id = n.org_id and a.deleted_at is null and a.domain = n.domain and a.id <> n.id
                         order by a.domain, a.created_at, a.id limit 1) m
   where n.deleted_at is null and n.domain is not null
  union all
  select n.org_id, n.id, m.id, 'name'
    from unnest(written) w (id)
    cross join lateral (select a.* from public.accounts a where a.id = w.id offset 0) n
    cross join lateral (select a.id from public.accounts a
                         where private.normalised_company(a.name) operator(extensions.%) private.normalised_company(n.name)
                           and a.org_id = n.org_id and a.deleted_at is null and a.id <> n.id
                           and private.alike_companies(a.name, n.name)
                         order by a.created_at, a.id limit 1) m
   where n.deleted_at is null and private.normalised_company(n.name) is not null
  on conflict (account_id, duplicate_of, reason) do nothing
$$;
revoke execute on function private.record_account_duplicates(uuid[]) from public;

/** Whether an account pair still holds (an edit, a merge or the trash since can undo it). */
create or replace function private.still_alike(reason text, a public.accounts, b public.accounts) returns boolean
language sql stable
set search_path = ''
as $$
  select a.id <> b.id and a.deleted_at is null and b.deleted_at is null and case reason
    when 'domain' then a.domain = b.domain
    else private.alike_companies(a.name, b.name) end
$$;
grant execute on function private.still_alike(text, public.accounts, public.accounts) to authenticated, service_role;

create or replace function private.accounts_added_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_account_duplicates(array(select id from added));
  return null;
end
$$;
revoke execute on function private.accounts_added_duplicates() from public;
create trigger accounts_duplicates_on_insert after insert on public.accounts
  referencing new table as added
  for each statement execute function private.accounts_added_duplicates();

create or replace function private.account_changed_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_account_duplicates(array[new.id]);
  return null;
end
$$;
revoke execute on function private.account_changed_duplicates() from public;
create trigger accounts_duplicates_on_update after update of name, domain, deleted_at on public.accounts
  for each row
  when (new.deleted_at is null and (old.name is distinct from new.name or old.domain is distinct from new.domain or old.deleted_at is not null))
  execute function private.account_changed_duplicates();

-- The accounts already there: each with the earliest earlier account it matches.
insert into public.account_duplicates (org_id, account_id, duplicate_of, reason, found_at)
select n.org_id, n.id, m.id, 'domain', n.created_at
  from public.accounts n
  cross join lateral (select a.id from public.accounts a
                       where a.org_id = n.org_id and a.deleted_at is null and a.domain = n.domain and (a.created_at, a.id) < (n.created_at, n.id)
                       order by a.domain, a.created_at, a.id limit 1) m
 where n.deleted_at is null and n.domain is not null
union all
select n.org_id, n.id, m.id, 'name', n.created_at
  from public.accounts n
  cross join lateral (select a.id from public.accounts a
                       where private.normalised_company(a.name) operator(extensions.%) private.normalised_company(n.name)
                         and a.org_id = n.org_id and a.deleted_at is null and (a.created_at, a.id) < (n.created_at, n.id)
                         and private.alike_companies(a.name, n.name)
                       order by a.created_at, a.id limit 1) m
 where n.deleted_at is null and private.normalised_company(n.name) is not null
on conflict (account_id, duplicate_of, reason) do nothing;
