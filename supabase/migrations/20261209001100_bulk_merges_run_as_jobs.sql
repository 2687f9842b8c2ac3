-- =============================================================================
-- "Merge every duplicate by email address" runs as a job of the worker.
--
-- It used to be driven by the admin's browser, one step per request: closing the tab stopped
-- it, and an organisation with thousands of duplicated mailboxes kept a page open for as long
-- as it took. Now the admin asks for it (a row here), the worker's bulk-merge drain takes the
-- groups a step at a time — each step one transaction under the admin's RLS that commits the
-- merges with the run's progress and cursor, so a worker killed mid-way resumes after the last
-- committed step and nothing is merged or counted twice — and the page follows it live.
-- =============================================================================

create table public.bulk_merges (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  requested_by uuid not null default auth.uid(),
  -- A dry run merges each step and rolls it back: its counts are the real run's.
  dry_run boolean not null,
  status public.export_status not null default 'queued',
  -- Groups of contacts with one mailbox when the run began (counted on its first step).
  groups_total integer check (groups_total >= 0),
  groups_done integer not null default 0,
  merged integer not null default 0,
  refused_count integer not null default 0,
  -- The groups left for a person to compare: [{names, email, reason}], the first 100.
  refused jsonb not null default '[]' check (jsonb_typeof(refused) = 'array'),
  -- The last mailbox done: the next step starts after it.
  resume_after text,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
comment on table public.bulk_merges is 'A requested "merge every exact email duplicate" (or its dry run) and its progress; run by the worker (lib/jobs/bulk-merges.ts).';
create index bulk_merges_org_idx on public.bulk_merges (org_id, created_at desc);
create index bulk_merges_pending_idx on public.bulk_merges (created_at) where status in ('queued', 'running');
-- One at a time per organisation: two runs would take the same groups.
create unique index bulk_merges_one_running on public.bulk_merges (org_id) where status in ('queued', 'running');

alter table public.bulk_merges enable row level security;
revoke all on public.bulk_merges from anon, authenticated;
grant select on public.bulk_merges to authenticated;
-- What an admin chooses; who asked, the status and the progress are the system's.
grant insert (org_id, dry_run) on public.bulk_merges to authenticated;
grant select, insert, update, delete on public.bulk_merges to service_role;

-- Every admin of the organisation sees its runs (one admin may follow another's); only admins bulk-merge.
create policy bulk_merges_select on public.bulk_merges for select to authenticated
  using ((select private.my_roles()) ->> org_id::text = 'admin');
create policy bulk_merges_insert on public.bulk_merges for insert to authenticated
  with check (requested_by = (select auth.uid()) and (select private.my_roles()) ->> org_id::text = 'admin');

/** An admin of the organisation stops a run while it is queued or running (the steps done stay done). */
create or replace function private.cancel_bulk_merge(target_bulk_merge uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  update public.bulk_merges set status = 'cancelled', finished_at = now()
   where id = target_bulk_merge and (select private.my_roles()) ->> org_id::text = 'admin' and status in ('queued', 'running')
  returning true
$$;
revoke execute on function private.cancel_bulk_merge(uuid) from public;
grant execute on function private.cancel_bulk_merge(uuid) to authenticated;

-- Who merged every duplicate, and how it ended: in the audit log.
create trigger bulk_merges_audit after insert or update of status on public.bulk_merges
  for each row execute function private.audit_change();

/** A new run wakes the worker (lib/jobs/wake.ts). */
create or replace function private.wake_for_bulk_merge() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.wake_worker('bulk_merges');
  return null;
end
$$;
revoke execute on function private.wake_for_bulk_merge() from public;
grant execute on function private.wake_for_bulk_merge() to authenticated, service_role;
create trigger bulk_merges_wake after insert on public.bulk_merges
  for each statement execute function private.wake_for_bulk_merge();

-- The duplicates page follows a run live (lib/live/visible-changes.ts: RLS shows it to admins).
create trigger bulk_merges_notify_insert after insert on public.bulk_merges referencing new table as new_rows
  for each statement execute function private.notify_changes();
create trigger bulk_merges_notify_update after update on public.bulk_merges referencing new table as new_rows
  for each statement execute function private.notify_changes();
