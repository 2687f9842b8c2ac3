-- Two-factor sign-in enforced by the database, not only by the app (issue 13). Where an
-- organisation requires a second factor of its admins and compliance officers
-- (organizations.require_two_factor), such a member who has not set one up holds no role there
-- in any policy or helper until they do: every path — a page, a route, the worker acting for
-- them, a direct Postgres client with their claims — sees nothing of that organisation and can
-- change nothing. The app says the same first (lib/auth/current-staff.ts twoFactorPending sends
-- them to set it up); the roles are lib/auth/two-factor.ts TWO_FACTOR_ROLES, and
-- tests/db/two-factor-enforced.test.ts holds the two to the same list.
--
-- They still see their own membership and its organisation (name, whether it requires a second
-- factor): that is how the app knows to send them to set one up.

/** True when the member's organisation requires a second factor of their role and they have none. */
create or replace function private.owes_second_factor(org uuid, role public.member_role, member uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select role in ('admin', 'compliance')
     and coalesce((select o.require_two_factor from public.organizations o where o.id = org), false)
     and not coalesce((select u."twoFactorEnabled" from identity."user" u where u.id = member), false)
$$;
revoke execute on function private.owes_second_factor(uuid, public.member_role, uuid) from public;

create or replace function private.my_roles() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_object_agg(m.org_id, m.role), '{}'::jsonb)
      from public.memberships m
     where m.user_id = (select auth.uid())
       and m.deactivated_at is null
       and not private.owes_second_factor(m.org_id, m.role, m.user_id)
  );
end
$$;

create or replace function private.org_ids_for(roles public.member_role[]) returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(m.org_id), '{}'::uuid[])
      from public.memberships m
     where m.user_id = (select auth.uid())
       and m.role = any (roles)
       and m.deactivated_at is null
       and not private.owes_second_factor(m.org_id, m.role, m.user_id)
  );
end
$$;

create or replace function private.member_org_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(m.org_id), '{}'::uuid[])
      from public.memberships m
     where m.user_id = (select auth.uid())
       and m.deactivated_at is null
       and not private.owes_second_factor(m.org_id, m.role, m.user_id)
  );
end
$$;

/** The organisations the signed-in user is an active member of, owed factor or not (for the two policies below). */
create or replace function private.own_membership_org_ids() returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(m.org_id), '{}'::uuid[])
      from public.memberships m
     where m.user_id = (select auth.uid()) and m.deactivated_at is null
  );
end
$$;
revoke execute on function private.own_membership_org_ids() from public;
grant execute on function private.own_membership_org_ids() to authenticated;

create policy memberships_select_own on public.memberships for select to authenticated
  using (user_id = (select auth.uid()) and deactivated_at is null);
create policy organizations_select_own on public.organizations for select to authenticated
  using (array[id] <@ (select private.own_membership_org_ids()));
