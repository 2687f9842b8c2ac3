-- Two-factor sign-in (issue 13): better-auth's two-factor plugin (lib/auth/auth.ts) keeps a
-- TOTP secret and backup codes per user (encrypted by better-auth with BETTER_AUTH_SECRET) and
-- a flag on the user; the columns are what better-auth 1.7's schema for the plugin asks for.
-- An organisation may require it of its admins and compliance officers.

alter table identity."user" add column "twoFactorEnabled" boolean default false;

create table identity."twoFactor" (
  "id" uuid default pg_catalog.gen_random_uuid() not null primary key,
  "secret" text not null,
  "backupCodes" text not null,
  "userId" uuid not null references identity."user" ("id") on delete cascade,
  "verified" boolean default true,
  "failedVerificationCount" integer default 0,
  "lockedUntil" timestamptz
);
create index "twoFactor_secret_idx" on identity."twoFactor" ("secret");
create index "twoFactor_userId_idx" on identity."twoFactor" ("userId");
alter table identity."twoFactor" enable row level security;
alter table identity."twoFactor" owner to cohort_identity;

alter table public.organizations add column require_two_factor boolean not null default false;
comment on column public.organizations.require_two_factor is
  'Admins and compliance officers must sign in with a second factor (they set one up before anything else).';

/** The members of an organisation who sign in with a second factor: its admins ask (the Team page). */
create or replace function private.two_factor_members(org uuid) returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if coalesce((select private.my_roles()) ->> org::text, '') <> 'admin' then
    raise exception 'only admins of organisation % see who signs in with a second factor', org using errcode = 'insufficient_privilege';
  end if;
  return query
    select m.id from public.memberships m
      join identity."user" u on u.id = m.user_id
     where m.org_id = org and coalesce(u."twoFactorEnabled", false);
end
$$;
revoke execute on function private.two_factor_members(uuid) from public;
grant execute on function private.two_factor_members(uuid) to authenticated;
