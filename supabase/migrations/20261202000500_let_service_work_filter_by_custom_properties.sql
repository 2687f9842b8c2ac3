-- =============================================================================
-- Service work may filter by custom properties too (the same list query as service role:
-- the benchmark's baseline, and jobs that enumerate records). It was granted to signed-in
-- members only. Otherwise unchanged from 20261202000200.
-- =============================================================================

/** Ids of the caller's organisation's live records of `target` whose custom values contain
    `wanted`: all of them when at most `max_ids` match, else the newest `max_ids` (a list then
    says "more than …", as it does for search). The list reads the ids under the caller's RLS.
    Definer rights because under RLS the GIN index cannot serve a jsonb containment (the
    operator is not leakproof): the filter runs here, the visibility check in the caller's query. */
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
  -- A rare value: every match, straight from the GIN index (the scan stops after max_ids + 1).
  execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2 limit $3)', target)
    into found using org, wanted, max_ids + 1;
  if cardinality(found) <= max_ids then
    return found;
  end if;
  -- A common value: the newest matches, which the list index finds after a short walk.
  return private.newest_custom_matches(target, org, wanted, max_ids);
end
$$;
revoke execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) from public;
grant execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) to authenticated, service_role;
