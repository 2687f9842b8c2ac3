-- =============================================================================
-- Custom-property filters: candidate ids follow the owner rule; a broad filter walks the list.
--
-- 1. private.custom_property_ids returned the organisation's matches whoever asked, so a
--    sales rep received the ids (and so the count) of other reps' records holding a value.
--    It now applies the select policies' owner rule, as private.search_ids does; the rule
--    has one home, private.owner_scope, which search_ids now uses too.
-- 2. A filter on a value most records hold no longer goes through these ids at all: GIN
--    serves only bitmap scans, and a bitmap holds every match before the first row is read
--    (~60 ms for 400,000 of 1M). The list decides from a sample of the rows the person can
--    see (lib/crm/list-query.ts customFilterIsBroad) and then checks such a filter row by row
--    in its own RLS query. Nothing about rows the person cannot see goes into that decision.
-- Otherwise unchanged from 20261202000500 (custom_property_ids) and 20261201000300 (search_ids).
-- =============================================================================

/** Whose records of `target` in `org` the caller may read, as the select policies say:
    'all' (admins, managers, marketing, compliance, viewers — accounts: everyone — and named
    service work), 'own' (a sales rep: their own and unassigned ones) or 'none' (not a member;
    marketing reading opportunities). */
create or replace function private.owner_scope(target regclass, org uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if (select auth.role()) = 'service_role' then
    return 'all';
  elsif not (org = any (private.member_org_ids())) then
    return 'none';
  elsif target = 'public.opportunities'::regclass and org = any (private.org_ids_for('{marketing}')) then
    return 'none';
  elsif target = 'public.accounts'::regclass or org = any (private.org_ids_for('{admin,manager,marketing,compliance,viewer}')) then
    return 'all';
  end if;
  return 'own';
end
$$;
-- Called only from the definer functions below (as their owner); no client role calls it.
revoke execute on function private.owner_scope(regclass, uuid) from public;

/** Search: ids of the caller's visible records of `target` matching `pattern`, newest first.
    (Body as in 20261201000300, the owner rule from private.owner_scope.) */
create or replace function private.search_ids(target regclass, org uuid, pattern text, max_rows integer)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  scope text;
  ids uuid[];
begin
  if target not in ('public.contacts'::regclass, 'public.leads'::regclass,
                    'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'search is not available for %', target using errcode = 'invalid_parameter_value';
  end if;
  if max_rows not between 1 and 10000 then
    raise exception 'max_rows must be between 1 and 10000' using errcode = 'invalid_parameter_value';
  end if;
  scope := private.owner_scope(target, org);
  if scope = 'none' then
    return '{}';
  end if;
  execute format(
    'select coalesce(array_agg(id), ''{}'') from (
       select id from %s
        where org_id = $1 and deleted_at is null and search_text like $2
          and ($3 or owner_id is null or owner_id = $4)
        order by created_at desc, id desc
        limit $5) matches', target)
    into ids
    using org, pattern, scope = 'all', (select auth.uid()), max_rows;
  return ids;
end
$$;

/** The newest `max_ids` visible matches (the list index walk, for a value many hold). */
create or replace function private.newest_custom_matches(target regclass, org uuid, wanted jsonb, max_ids integer, every_owner boolean, me uuid) returns uuid[]
language plpgsql stable
set search_path = ''
set enable_bitmapscan = off
as $$
declare
  found uuid[];
begin
  execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2
                    and ($4 or owner_id is null or owner_id = $5) order by created_at desc, id desc limit $3)', target)
    into found using org, wanted, max_ids, every_owner, me;
  return found;
end
$$;
revoke execute on function private.newest_custom_matches(regclass, uuid, jsonb, integer, boolean, uuid) from public;
drop function private.newest_custom_matches(regclass, uuid, jsonb, integer);

/** Ids of the caller's visible live records of `target` whose custom values contain
    `wanted`: all of them when at most `max_ids` match, else the newest `max_ids` (a list then
    says there may be more). The list reads the ids under the caller's RLS as well. Definer
    rights because under RLS the GIN index cannot serve a jsonb containment (the operator is
    not leakproof): the filter runs here, with the owner rule of the select policies. */
create or replace function private.custom_property_ids(target regclass, org uuid, wanted jsonb, max_ids integer) returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  scope text;
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
  scope := private.owner_scope(target, org);
  if scope = 'none' then
    return '{}';
  end if;
  -- A rare value: every visible match, straight from the GIN index.
  execute format('select array(select id from %s where org_id = $1 and deleted_at is null and custom @> $2
                    and ($4 or owner_id is null or owner_id = $5) limit $3)', target)
    into found using org, wanted, max_ids + 1, scope = 'all', (select auth.uid());
  if cardinality(found) <= max_ids then
    return found;
  end if;
  -- More than max_ids: the newest, which the list index finds after a short walk.
  return private.newest_custom_matches(target, org, wanted, max_ids, scope = 'all', (select auth.uid()));
end
$$;
revoke execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) from public;
grant execute on function private.custom_property_ids(regclass, uuid, jsonb, integer) to authenticated, service_role;
