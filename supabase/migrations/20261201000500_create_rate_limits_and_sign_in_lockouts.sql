-- =============================================================================
-- Limits that hold across every app instance: they live in Postgres, keyed by what they
-- limit (a form and a client address, a certificate lookup from an address), and the client
-- address itself comes only from the web server's trusted-proxy rule (server/web-server.ts),
-- never from a header a client chose.
--
-- private.rate_limits        fixed-window counters for public endpoints (service work)
-- private.sign_in_failures   failed sign-ins per submitted address: ten within fifteen
--                            minutes lock that address for fifteen minutes, whoever tries
--                            from wherever; an admin of the member's organisation may unlock.
-- =============================================================================

create table private.rate_limits (
  key text primary key check (length(key) <= 300),
  window_started_at timestamptz not null,
  hits integer not null check (hits >= 0)
);
alter table private.rate_limits enable row level security;
comment on table private.rate_limits is 'Fixed-window request counters for public endpoints, shared by every app instance. Service work only.';

/** Counts one hit on `bucket`; true while the window's hits stay within `max_hits`. Windows
    last `window_seconds`. Old windows are swept now and then. Called as service_role by the
    public endpoints (lead forms, certificate verification). */
create or replace function private.take_rate_limit(bucket text, max_hits integer, window_seconds integer) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  hits_now integer;
begin
  perform private.require_service_role('counting a rate limit');
  insert into private.rate_limits as r (key, window_started_at, hits) values (bucket, now(), 1)
  on conflict (key) do update
     set hits = case when r.window_started_at <= now() - make_interval(secs => window_seconds) then 1 else r.hits + 1 end,
         window_started_at = case when r.window_started_at <= now() - make_interval(secs => window_seconds) then now() else r.window_started_at end
  returning r.hits into hits_now;
  if random() < 0.01 then
    delete from private.rate_limits where window_started_at < now() - interval '1 day';
  end if;
  return hits_now <= max_hits;
end
$$;
revoke execute on function private.take_rate_limit(text, integer, integer) from public;
grant execute on function private.take_rate_limit(text, integer, integer) to service_role;

create table private.sign_in_failures (
  email extensions.citext primary key,
  failures integer not null check (failures >= 0),
  first_failed_at timestamptz not null,
  locked_until timestamptz
);
alter table private.sign_in_failures enable row level security;
comment on table private.sign_in_failures is
  'Failed sign-ins per submitted address (known or not, so a lock says nothing about whether an account exists). Service work and admins'' unlock only.';

/** When the address may sign in again, or null when it is not locked. Service work. */
create or replace function private.sign_in_locked_until(email text) returns timestamptz
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform private.require_service_role('reading a sign-in lock');
  return (select f.locked_until from private.sign_in_failures f
           where f.email = sign_in_locked_until.email::extensions.citext and f.locked_until > now());
end
$$;

/** Records a failed sign-in; locks the address for `lock_minutes` once `max_failures`
    failures fall within `window_minutes`. Returns the lock's end, or null. Service work. */
create or replace function private.record_sign_in_failure(email text, max_failures integer, window_minutes integer, lock_minutes integer)
returns timestamptz
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  result timestamptz;
begin
  perform private.require_service_role('recording a failed sign-in');
  insert into private.sign_in_failures as f (email, failures, first_failed_at)
  values (record_sign_in_failure.email::extensions.citext, 1, now())
  on conflict on constraint sign_in_failures_pkey do update
     set failures = case when f.first_failed_at <= now() - make_interval(mins => window_minutes) then 1 else f.failures + 1 end,
         first_failed_at = case when f.first_failed_at <= now() - make_interval(mins => window_minutes) then now() else f.first_failed_at end,
         locked_until = case when f.locked_until > now() then f.locked_until end;
  update private.sign_in_failures f
     set locked_until = now() + make_interval(mins => lock_minutes), failures = 0, first_failed_at = now()
   where f.email = record_sign_in_failure.email::extensions.citext and f.failures >= max_failures
  returning f.locked_until into result;
  return result;
end
$$;

/** Forgets the failures of an address after a successful sign-in. Service work. */
create or replace function private.clear_sign_in_failures(email text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  perform private.require_service_role('clearing failed sign-ins');
  delete from private.sign_in_failures f where f.email = clear_sign_in_failures.email::extensions.citext;
end
$$;

revoke execute on function private.sign_in_locked_until(text), private.record_sign_in_failure(text, integer, integer, integer),
  private.clear_sign_in_failures(text) from public;
grant execute on function private.sign_in_locked_until(text), private.record_sign_in_failure(text, integer, integer, integer),
  private.clear_sign_in_failures(text) to service_role;

/** The members of `org` whose sign-in is locked now, with the lock's end. Admins of `org` only. */
create or replace function private.locked_members(org uuid) returns table (membership_id uuid, locked_until timestamptz)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  if coalesce((select private.my_roles()) ->> org::text, '') <> 'admin' then
    raise exception 'only admins of organisation % see its locked members', org using errcode = 'insufficient_privilege';
  end if;
  return query
    select m.id, f.locked_until from public.memberships m
      join private.sign_in_failures f on f.email = m.email
     where m.org_id = org and f.locked_until > now();
end
$$;

/** Lifts the sign-in lock of a member. Admins of the member's organisation only; true when a
    lock was lifted. */
create or replace function private.unlock_sign_in(membership uuid) returns boolean
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  member public.memberships%rowtype;
begin
  select * into member from public.memberships m where m.id = membership;
  if not found or coalesce((select private.my_roles()) ->> member.org_id::text, '') <> 'admin' then
    raise exception 'only admins of the member''s organisation unlock their sign-in' using errcode = 'insufficient_privilege';
  end if;
  delete from private.sign_in_failures f where f.email = member.email;
  return found;
end
$$;
revoke execute on function private.locked_members(uuid), private.unlock_sign_in(uuid) from public;
grant execute on function private.locked_members(uuid), private.unlock_sign_in(uuid) to authenticated;
