-- =============================================================================
-- Which roles may export lists: each organisation chooses (Settings → Organisation). An
-- export carries every row of a list out of Cohort, so an admin may keep it to fewer roles
-- than read the lists; admins always may (they can change the setting anyway). By default
-- every role but viewer, as before (20261202000800).
-- =============================================================================

alter table public.organizations
  add column export_roles public.member_role[] not null default '{admin,manager,sales,marketing,compliance}'
    check ('admin' = any (export_roles));
comment on column public.organizations.export_roles is 'Roles whose members may export lists (admins always).';

/** May the signed-in person export in this organisation (their role is one it allows)? */
create or replace function private.may_export(org uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select ((select private.my_roles()) ->> org::text)::public.member_role = any (o.export_roles)
                     from public.organizations o where o.id = org), false)
$$;
revoke execute on function private.may_export(uuid) from public;
grant execute on function private.may_export(uuid) to authenticated;

drop policy list_exports_insert on public.list_exports;
create policy list_exports_insert on public.list_exports for insert to authenticated
  with check (requested_by = (select auth.uid()) and private.may_export(org_id));
