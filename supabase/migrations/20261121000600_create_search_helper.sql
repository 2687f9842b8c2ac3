-- =============================================================================
-- Substring search that can use the trigram indexes under RLS.
--
-- LIKE is not a leakproof operator, so on a table with RLS Postgres refuses to use it as an
-- index condition (it could otherwise run on rows the policies would hide): every search
-- became a scan of the whole organisation, ~20 ms per 100k rows. This helper runs the
-- LIKE with definer rights, restricted to the caller's own organisation and to the owner
-- rule of the policies, and returns only ids. The caller then reads those ids under RLS
-- as usual, so the policies still decide every row that is shown.
-- =============================================================================

/** Ids of live rows of `target` in `org` whose search_text matches `pattern` (a LIKE
    pattern), newest first, at most `max_rows`. Returns nothing for an organisation the
    caller is not an active member of. Callable by authenticated and service_role; used by
    lib/crm lists. */
create or replace function private.search_ids(target regclass, org uuid, pattern text, max_rows integer)
returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  sees_every_owner boolean;
  ids uuid[];
begin
  if target not in ('public.contacts'::regclass, 'public.leads'::regclass,
                    'public.accounts'::regclass, 'public.opportunities'::regclass) then
    raise exception 'search is not available for %', target using errcode = 'invalid_parameter_value';
  end if;
  if max_rows not between 1 and 10000 then
    raise exception 'max_rows must be between 1 and 10000' using errcode = 'invalid_parameter_value';
  end if;
  if (select auth.role()) = 'service_role' then
    sees_every_owner := true; -- named system work (lib/db asService) sees the organisation
  elsif not (org = any (private.member_org_ids())) then
    return '{}';
  else
    -- Sales reps see the records they own or nobody owns (accounts: all of them), as the
    -- select policies say; every other role sees the whole organisation.
    sees_every_owner := target = 'public.accounts'::regclass
      or org = any (private.org_ids_for('{admin,manager,marketing,compliance,viewer}'));
  end if;
  execute format(
    'select coalesce(array_agg(id), ''{}'') from (
       select id from %s
        where org_id = $1 and deleted_at is null and search_text like $2
          and ($3 or owner_id is null or owner_id = $4)
        order by created_at desc, id desc
        limit $5) matches', target)
    into ids
    using org, pattern, sees_every_owner, (select auth.uid()), max_rows;
  return ids;
end
$$;
revoke execute on function private.search_ids(regclass, uuid, text, integer) from public;
grant execute on function private.search_ids(regclass, uuid, text, integer) to authenticated, service_role;
