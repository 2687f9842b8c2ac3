-- =============================================================================
-- Foundations shared by every later migration: extensions, the `private` schema for
-- policy helpers, the CRM's enumerated types and the row-stamping trigger.
-- =============================================================================

create extension if not exists citext with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- `private` holds security-definer helpers that policies call. The API never exposes it;
-- authenticated may execute only what is granted function by function.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;
alter default privileges in schema private revoke execute on functions from public;

-- -----------------------------------------------------------------------------
-- Types
-- -----------------------------------------------------------------------------
create type public.member_role as enum ('admin', 'manager', 'sales', 'marketing', 'compliance', 'viewer');
comment on type public.member_role is
  'Role of a staff member inside one organisation. Read by policies through private.my_roles().';

create type public.lifecycle_stage as enum ('subscriber', 'lead', 'prospect', 'customer', 'trainee', 'certified', 'alumni');
create type public.record_source as enum ('website', 'referral', 'event', 'webinar', 'partner', 'cold_outreach', 'import', 'other');
create type public.lead_status as enum ('new', 'working', 'qualified', 'disqualified', 'converted');
create type public.opportunity_status as enum ('open', 'won', 'lost');
create type public.activity_kind as enum ('note', 'call', 'meeting', 'email', 'task');
create type public.course_level as enum ('foundation', 'practitioner', 'advanced', 'expert');
create type public.session_delivery as enum ('in_person', 'online', 'hybrid');
create type public.session_status as enum ('scheduled', 'cancelled', 'completed');
create type public.enrollment_status as enum ('enrolled', 'waitlisted', 'attended', 'completed', 'cancelled', 'no_show');
create type public.certification_status as enum ('active', 'expired', 'revoked');

-- -----------------------------------------------------------------------------
-- Row stamping: one trigger function for every table.
-- On insert by a signed-in user: created_at/updated_at are now and created_by is that user
-- (a client cannot backdate a row or claim to be someone else); system work without a user
-- (seed, import, benchmark) may supply its own created_at. On update: updated_at moves, creation facts stay,
-- and org_id may never change — a row cannot be moved into another organisation.
-- updated_at is truncated to milliseconds so the app can round-trip it through a JS Date
-- for optimistic concurrency checks and keyset cursors.
-- -----------------------------------------------------------------------------
create or replace function private.stamp_row() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if (select auth.uid()) is not null or new.created_at is null then
      new.created_at := date_trunc('milliseconds', now());
      new.created_by := (select auth.uid());
      new.updated_at := new.created_at;
    else
      -- Milliseconds everywhere: list cursors carry these values through JS Dates.
      new.created_at := date_trunc('milliseconds', new.created_at);
      new.updated_at := date_trunc('milliseconds', coalesce(new.updated_at, new.created_at));
    end if;
  else
    -- organizations.org_id is generated from the primary key (and still null in a BEFORE
    -- trigger), so only the other tables need the check.
    if tg_table_name <> 'organizations' and new.org_id is distinct from old.org_id then
      raise exception 'a row cannot move to another organisation'
        using errcode = 'insufficient_privilege';
    end if;
    new.created_at := old.created_at;
    new.created_by := old.created_by;
    new.updated_at := greatest(date_trunc('milliseconds', clock_timestamp()), old.updated_at + interval '1 millisecond');
  end if;
  return new;
end
$$;
comment on function private.stamp_row() is
  'BEFORE INSERT OR UPDATE trigger on every CRM table: stamps created/updated facts and forbids moving rows between organisations.';
grant execute on function private.stamp_row() to authenticated, service_role;
