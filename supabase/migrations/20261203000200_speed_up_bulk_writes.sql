-- =============================================================================
-- Bulk writes (imports) without per-row overhead that decides nothing:
--
-- 1. private.erased_among: which of a batch of addresses were erased, with the
--    organisation's key read once and each address hashed once (private.was_erased reads the
--    key and hashes per call). Answers only about an organisation the caller belongs to.
-- 2. private.check_custom_properties: a new record with no custom values, in an organisation
--    where no property of its kind is required, and an update that leaves the values as they
--    were, need no check — the full check (private.validated_custom) looks up the caller's
--    memberships on every row, which an import of a million rows paid a million times.
-- =============================================================================

create or replace function private.erased_among(org uuid, emails text[]) returns setof text
language sql stable security definer
set search_path = ''
as $$
  select e.email
    from private.email_hash_keys k
   cross join lateral unnest(emails) as e(email)
   where k.org_id = org
     and (select private.my_roles()) ? org::text
     and exists (select 1 from public.suppressions s
                  where s.org_id = org and s.reason = 'erased' and s.scope = 'all'
                    and s.email_hash = encode(extensions.hmac(convert_to(lower(btrim(e.email)), 'UTF8'), k.secret, 'sha256'), 'hex'))
$$;
revoke execute on function private.erased_among(uuid, text[]) from public;
grant execute on function private.erased_among(uuid, text[]) to authenticated;

create or replace function private.check_custom_properties() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = tg_relid) then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.custom is not distinct from old.custom then
    return new;
  end if;
  if tg_op = 'INSERT' and new.custom = '{}'::jsonb
     and not exists (select 1 from public.property_definitions d
                      where d.org_id = new.org_id and d.required and d.archived_at is null
                        and d.object = case tg_table_name when 'leads' then 'lead' when 'contacts' then 'contact' when 'accounts' then 'account'
                                                          when 'opportunities' then 'opportunity' when 'enrollments' then 'enrollment' end::public.property_object) then
    return new;
  end if;
  new.custom := private.validated_custom(tg_table_name, new.org_id, new.id,
                                         case when tg_op = 'UPDATE' then old.custom end, new.custom,
                                         tg_op = 'INSERT' and (select auth.uid()) is not null);
  return new;
end
$$;
