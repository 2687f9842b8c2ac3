-- =============================================================================
-- Nothing goes around row-level security (DESIGN.md, "The one rule").
--
-- 1. TRUNCATE, TRIGGER and REFERENCES are not governed by policies: TRUNCATE empties a table
--    whatever the policies say, TRIGGER attaches code that runs with every writer's rights,
--    REFERENCES lets a foreign key probe rows one cannot read. No API role needs them, so
--    they are revoked on every table and in the default privileges, so that tables created
--    later are born without them (the compatibility bootstrap no longer grants them either).
-- 2. The app, the worker and the functions log in as `authenticator` (Supabase's own login
--    role: not a superuser, noinherit, no privileges of its own) and become anon,
--    authenticated or service_role per transaction. The two pieces of system software that
--    keep tables of their own get a role each that owns just those tables:
--      cohort_identity  better-auth's tables in `identity` (like Supabase's supabase_auth_admin)
--      cohort_jobs      pg-boss's queue in `pgboss`
--    Their connections start as that role (lib/auth/auth.ts, lib/jobs/boss.ts); after
--    `reset role` a connection of the app can read no table at all.
-- 3. Functions in `private` are executable only by the roles they are granted to: the
--    implicit EXECUTE for PUBLIC (which included anon) is revoked.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- 1. Statements row-level security does not govern
-- -----------------------------------------------------------------------------
do $$
declare
  target record;
begin
  for target in
    select c.oid::regclass as relation
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'f')
       and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
       and n.nspname not like 'pg_temp%'
  loop
    execute format('revoke truncate, trigger, references on %s from anon, authenticated, service_role', target.relation);
  end loop;
end
$$;
alter default privileges in schema public revoke truncate, trigger, references on tables from anon, authenticated, service_role;

-- -----------------------------------------------------------------------------
-- 2. Roles of the system software that owns tables of its own
-- -----------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'cohort_identity') then
    create role cohort_identity nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'cohort_jobs') then
    create role cohort_jobs nologin noinherit;
  end if;
end
$$;
comment on role cohort_identity is 'Owns better-auth''s tables in the identity schema; the app''s identity connections start as this role.';
comment on role cohort_jobs is 'Owns pg-boss''s pgboss schema; the worker''s queue connections start as this role.';
-- The owner running migrations must be able to hand objects to these roles (not a superuser
-- on hosted Supabase); authenticator may become them, as it may become the API roles.
grant cohort_identity, cohort_jobs to current_user;
grant cohort_identity, cohort_jobs to authenticator;

-- better-auth's tables: owned by cohort_identity, so its connections need no grant and no
-- API role reaches them (RLS stays enabled and policy-less as a second lock for everyone else).
alter schema identity owner to cohort_identity;
alter table identity."user" owner to cohort_identity;
alter table identity."session" owner to cohort_identity;
alter table identity."account" owner to cohort_identity;
alter table identity."verification" owner to cohort_identity;
alter table identity."rateLimit" owner to cohort_identity;

-- pg-boss's schema (lib/jobs/boss.ts BOSS_SCHEMA): owned by cohort_jobs, which installs and
-- migrates it at worker start. A database where an earlier worker installed it as the owner
-- hands every object over. Enqueueing inside service-role transactions keeps working through
-- the grants the worker gives service_role (lib/jobs/boss.ts grantQueueAccess).
create schema if not exists pgboss authorization cohort_jobs;
alter schema pgboss owner to cohort_jobs;
do $$
declare
  target record;
begin
  for target in
    select c.oid::regclass as relation, c.relkind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'pgboss' and c.relkind in ('r', 'p', 'v', 'm')
  loop
    execute format('alter table %s owner to cohort_jobs', target.relation);
  end loop;
  for target in
    select p.oid::regprocedure as routine
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'pgboss'
  loop
    execute format('alter routine %s owner to cohort_jobs', target.routine);
  end loop;
  for target in
    select t.oid::regtype as type_name
      from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
     where n.nspname = 'pgboss' and t.typtype in ('e', 'd', 'c') and t.typrelid = 0
  loop
    execute format('alter type %s owner to cohort_jobs', target.type_name);
  end loop;
end
$$;

-- -----------------------------------------------------------------------------
-- 3. No implicit EXECUTE on private functions
-- -----------------------------------------------------------------------------
-- Functions that authenticated could run only through PUBLIC's implicit grant keep it as an
-- explicit grant (policies and triggers call them); anon loses every one of them.
do $$
declare
  routine record;
begin
  for routine in
    select p.oid::regprocedure as signature,
           has_function_privilege('authenticated', p.oid, 'execute') as for_authenticated,
           has_function_privilege('service_role', p.oid, 'execute') as for_service
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'private'
  loop
    execute format('revoke execute on function %s from public', routine.signature);
    if routine.for_authenticated then
      execute format('grant execute on function %s to authenticated', routine.signature);
    end if;
    if routine.for_service then
      execute format('grant execute on function %s to service_role', routine.signature);
    end if;
  end loop;
end
$$;
alter default privileges in schema private revoke execute on functions from public;

-- -----------------------------------------------------------------------------
-- One guard for functions that only named service work may run
-- -----------------------------------------------------------------------------
/** Raises insufficient_privilege unless the transaction is named service work (the claims'
    role is service_role). Definer functions that only system work may use call it first;
    `work` says what was refused. */
create or replace function private.require_service_role(work text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception '% is done by service work only', work using errcode = 'insufficient_privilege';
  end if;
end
$$;
revoke execute on function private.require_service_role(text) from public;
