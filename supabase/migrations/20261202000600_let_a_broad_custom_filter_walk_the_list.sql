-- =============================================================================
-- A custom-property filter that most records match no longer pays for the GIN index.
-- GIN serves only bitmap scans, and a bitmap holds every match before the first row is
-- read: for a value on 40% of a million contacts that is ~60 ms before anything else. For
-- such a value a list is better served by walking its own order and checking each row, as
-- the list's query can do under RLS (the containment then runs only on visible rows).
--
-- private.custom_filter_is_broad says which case a filter is, from the planner's estimate
-- (jsonb containment is estimated by applying it to the column's sampled values). It answers
-- one bit, not a count, so it tells a member no more than their own lists would.
-- custom_property_ids (the candidate ids, for rare values and for list totals) skips its
-- GIN probe when the filter is broad. Otherwise unchanged from 20261202000500.
-- =============================================================================

/** Estimated matches of `wanted` among the organisation's live records of `target` above
    which the list walks its own order instead of asking the GIN index (LIST_COUNT_CAP in
    lib/crm/pagination.ts: the most a list counts). Volatile only because Postgres allows
    EXPLAIN in no other kind of function; it reads and writes nothing. */
create or replace function private.custom_filter_is_broad(target regclass, org uuid, wanted jsonb) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  plan jsonb;
begin
  if target not in ('public.leads'::regclass, 'public.contacts'::regclass, 'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'custom property filters apply to leads, contacts, accounts and opportunities' using errcode = 'invalid_parameter_value';
  end if;
  if not ((select private.my_roles()) ? org::text or (select auth.role()) = 'service_role') then
    raise exception 'not a member of this organisation' using errcode = 'insufficient_privilege';
  end if;
  if jsonb_typeof(wanted) <> 'object' then
    raise exception 'a filter is a jsonb object' using errcode = 'invalid_parameter_value';
  end if;
  execute format('explain (format json) select 1 from %s where org_id = %L and deleted_at is null and custom @> %L::jsonb', target, org, wanted) into plan;
  -- cohort.broad_filter_rows lowers the line for tests of the broad path on small data; it
  -- only picks a strategy, both give the same rows under the caller's RLS.
  return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric > coalesce(nullif(current_setting('cohort.broad_filter_rows', true), '')::numeric, 10000);
end
$$;
revoke execute on function private.custom_filter_is_broad(regclass, uuid, jsonb) from public;
grant execute on function private.custom_filter_is_broad(regclass, uuid, jsonb) to authenticated, service_role;

/** Ids of the caller's organisation's live records of `target` whose custom values contain
    `wanted`: all of them when at most `max_ids` match, else the newest `max_ids` (a list then
    says there may be more). The list reads the ids under the caller's RLS. Definer rights
    because under RLS the GIN index cannot serve a jsonb containment (the operator is not
    leakproof): the filter runs here, the visibility check in the caller's query. */
create or replace function private.custom_property_ids(target regclass, org uuid, wanted jsonb, max_ids integer) returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  found uuid[];
begin
  if target not in ('public.leads'::regclass, 'public.contacts'::regclass, 'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'custom property filters apply to leads, contacts, accounts and opportunities' using errcode = 'invalid_parameter_value';
  end if;
  if not ((select private.my_roles()) ? org::text or (select auth.role()) = 'service_role') then
    raise exception 'not a member of this organisation' using errcode = 'insufficient_privilege';
  end if;
  if jsonb_typeof(wanted) <> 'object' or max_ids not between 1 and 100000 then
    raise exception 'a filter is a jsonb object and a positive limit' using errcode = 'invalid_parameter_value';
  end if;
  if not private.custom_filter_is_broad(target, org, wanted) then
    -- A rare value: every match, straight from the GIN index (the scan stops after max_ids + 1).
    execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2 limit $3)', target)
      into found using org, wanted, max_ids + 1;
    if cardinality(found) <= max_ids then
      return found;
    end if;
  end if;
  -- A common value: the newest matches, which the list index finds after a short walk.
  return private.newest_custom_matches(target, org, wanted, max_ids);
end
$$;
revoke execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) from public;
grant execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) to authenticated, service_role;
