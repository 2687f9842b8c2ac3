-- =============================================================================
-- Tenancy: organisations, staff memberships with a role, and staff invitations.
-- Organisation and role are never read from JWT claims: policies look them up in
-- memberships from auth.uid() through the private helpers defined here.
-- =============================================================================

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  -- Every table carries org_id so tenancy checks and tests are uniform; here it is the id.
  org_id uuid generated always as (id) stored,
  name text not null check (length(btrim(name)) between 1 and 200),
  postal_address text check (length(postal_address) <= 500),
  brand_color text check (brand_color ~ '^#[0-9a-fA-F]{6}$'),
  logo_url text check (logo_url ~ '^https?://'),
  default_currency char(3) not null default 'EUR' check (default_currency ~ '^[A-Z]{3}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid
);
alter table public.organizations enable row level security;
comment on table public.organizations is 'A tenant: one training company. Nobody sees across organisations.';
comment on column public.organizations.postal_address is 'Sender postal address printed in every email footer (CAN-SPAM).';

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references identity."user" (id) on delete cascade,
  role public.member_role not null,
  -- Copied from the staff account when the membership is created: the app runs as
  -- `authenticated`, which cannot read the identity schema, yet must show who owns a record.
  display_name text not null check (length(btrim(display_name)) between 1 and 150),
  email extensions.citext not null,
  deactivated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, user_id)
);
alter table public.memberships enable row level security;
comment on table public.memberships is 'Who belongs to which organisation, with which role. The source of truth for every policy.';
comment on column public.memberships.deactivated_at is 'Set when an admin deactivates the member: policies then ignore the membership.';
create index memberships_user_id_idx on public.memberships (user_id) include (org_id, role) where deactivated_at is null;

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email extensions.citext not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.member_role not null,
  -- Only a SHA-256 of the invitation token is stored; the token itself is shown once.
  token_hash text not null unique,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  check (accepted_at is null or revoked_at is null)
);
alter table public.invitations enable row level security;
comment on table public.invitations is 'A pending invitation of a staff member to an organisation with a role.';
create unique index invitations_one_open_per_email on public.invitations (org_id, email)
  where accepted_at is null and revoked_at is null;

create trigger organizations_stamp before insert or update on public.organizations
  for each row execute function private.stamp_row();
create trigger memberships_stamp before insert or update on public.memberships
  for each row execute function private.stamp_row();
create trigger invitations_stamp before insert or update on public.invitations
  for each row execute function private.stamp_row();

-- -----------------------------------------------------------------------------
-- Policy helpers (security definer: they read memberships without recursing into its RLS)
-- -----------------------------------------------------------------------------

/** The signed-in user's active memberships as {"<org id>": "<role>"}. Every policy calls
    it as `(select private.my_roles())`, which Postgres evaluates once per statement, and
    looks the row's org_id up in it: one cheap call per table instead of one per role set.
    Callable by authenticated (policies run as the caller). */
-- plpgsql rather than sql: a security-definer SQL function is never inlined and, before
-- Postgres 18, re-plans its query on every call; plpgsql keeps the plan for the session.
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
  );
end
$$;
comment on function private.my_roles() is
  'The current user''s active memberships as {org_id: role}. Called by policies only.';

/** Organisations where the signed-in user holds one of `roles` (for helper functions). */
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
  );
end
$$;

/** Every organisation the signed-in user is an active member of (for helper functions). */
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
  );
end
$$;

revoke execute on function private.my_roles(), private.org_ids_for(public.member_role[]), private.member_org_ids() from public;
grant execute on function private.my_roles(), private.org_ids_for(public.member_role[]), private.member_org_ids() to authenticated, service_role;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- Members read their own organisation.
create policy organizations_select on public.organizations for select to authenticated
  using ((select private.my_roles()) ? id::text);
-- Admins edit the organisation profile. Organisations are created by the system (seed, signup).
create policy organizations_update on public.organizations for update to authenticated
  using ((select private.my_roles()) ->> id::text = 'admin')
  with check ((select private.my_roles()) ->> id::text = 'admin');

-- Members see the team of their organisation.
create policy memberships_select on public.memberships for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
-- Admins add members. Accepting an invitation is system work done with service rights.
create policy memberships_insert on public.memberships for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
-- Admins change other members' roles and deactivate them; nobody edits their own membership,
-- so nobody can raise their own role (and an admin cannot lock themselves out).
create policy memberships_update on public.memberships for update to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin' and user_id <> (select auth.uid()))
  with check ((select private.my_roles()) ->> org_id::text = 'admin' and user_id <> (select auth.uid()));
-- Admins remove other members.
create policy memberships_delete on public.memberships for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin' and user_id <> (select auth.uid()));

-- Invitations are an admin matter from end to end.
create policy invitations_select on public.invitations for select to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin');
create policy invitations_insert on public.invitations for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
create policy invitations_update on public.invitations for update to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin')
  with check ((select private.my_roles()) ->> org_id::text = 'admin');
create policy invitations_delete on public.invitations for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin');
