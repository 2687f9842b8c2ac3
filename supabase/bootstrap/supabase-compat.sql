-- Supabase compatibility for a plain PostgreSQL (the embedded one, or any server that is
-- not a Supabase project). Applied by lib/db/migrate.ts only when the database has no
-- `supabase_admin` role; on hosted Supabase all of this already exists.
--
-- It recreates what our migrations and policies rely on, exactly as Supabase defines it:
-- the API roles, the `auth` schema with uid()/role()/jwt() reading the PostgREST claims, the
-- `extensions` schema on the search path, and Supabase's default grants (RLS, not grants,
-- decides what a role sees). Idempotent: safe to run on every start.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- The login of the app, the worker and the functions, like PostgREST's: not a superuser,
  -- no privileges of its own (noinherit), it can only become one of the API roles per
  -- transaction. lib/db/migrate.ts sets its password; nothing else logs in with it.
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit nocreatedb nocreaterole nosuperuser;
  end if;
end
$$;
grant anon, authenticated, service_role to authenticator;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

-- The three functions below are copied in shape from Supabase's auth schema: a claim set by
-- the older `request.jwt.claim.<name>` settings wins, otherwise the `request.jwt.claims` JSON.
-- nullif(..., '') matters: after a set_config in a session, an unset claim reads '' not NULL.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;

-- Supabase's default privileges: every API role may read and write public tables; RLS
-- decides rows. Only the statements RLS governs: TRUNCATE, TRIGGER and REFERENCES go around
-- the policies, so no API role gets them (20261201000100 revokes them where they were given).
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant select, insert, update, delete on tables to anon, authenticated, service_role;
alter default privileges in schema public revoke truncate, trigger, references on tables from anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

-- Supabase puts `extensions` on every role's search path (citext operators live there).
do $$
begin
  execute format('alter database %I set search_path = "$user", public, extensions', current_database());
end
$$;
