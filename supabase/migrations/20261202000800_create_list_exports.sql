-- =============================================================================
-- Exports of a list: exactly the rows its filters, search and sort show, as a CSV file.
--
-- A member asks (an insert, under RLS: a viewer may not export); the worker writes the file
-- in chunks, reading the rows under the requester's own RLS — so a file never holds a row
-- its requester could not see — and keeps its place after every chunk (resume_cursor), so a
-- worker killed mid-way carries on where it stopped, never writing a row twice. The file
-- lives in list_export_chunks for 7 days, readable by its requester only; the request row is
-- audited (who, which list, which filters, how many rows).
-- =============================================================================

create type public.export_status as enum ('queued', 'running', 'done', 'failed', 'cancelled');

create table public.list_exports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  requested_by uuid not null default auth.uid(),
  list text not null check (list in ('leads', 'contacts', 'accounts', 'opportunities')),
  -- The list's URL query (filters, search, sort) as the requester saw it.
  query text not null default '' check (length(query) <= 4000),
  columns text[] not null check (cardinality(columns) between 1 and 100),
  file_name text not null check (file_name ~ '^[A-Za-z0-9._-]{1,120}$'),
  status public.export_status not null default 'queued',
  -- The list's total when asked (capped like the list's), for progress.
  rows_expected integer check (rows_expected >= 0),
  rows_written integer not null default 0,
  resume_cursor text,
  chunks integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz not null default now() + interval '7 days'
);
comment on table public.list_exports is 'A requested export of a list (filters as in its URL) and its progress; the file is in list_export_chunks.';
create index list_exports_requester_idx on public.list_exports (requested_by, created_at desc);
create index list_exports_pending_idx on public.list_exports (created_at) where status in ('queued', 'running');

create table public.list_export_chunks (
  id bigint generated always as identity primary key,
  export_id uuid not null references public.list_exports (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  seq integer not null,
  data bytea not null,
  unique (export_id, seq)
);
comment on table public.list_export_chunks is 'The file of an export, in order; written by the worker only.';

alter table public.list_exports enable row level security;
alter table public.list_export_chunks enable row level security;

revoke all on public.list_exports, public.list_export_chunks from anon, authenticated;
grant select on public.list_exports, public.list_export_chunks to authenticated;
-- What a member chooses; who asked, the status and the progress are the system's.
grant insert (org_id, list, query, columns, file_name, rows_expected) on public.list_exports to authenticated;
grant select, insert, update, delete on public.list_exports, public.list_export_chunks to service_role;

-- A person sees their own exports, in an organisation they still belong to.
create policy list_exports_select on public.list_exports for select to authenticated
  using (requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
-- Every role but viewer may export what it can see (the rows are read under its own RLS).
create policy list_exports_insert on public.list_exports for insert to authenticated
  with check (requested_by = (select auth.uid())
              and coalesce((select private.my_roles()) ->> org_id::text, 'viewer') <> 'viewer');
-- The file goes with its export.
create policy list_export_chunks_select on public.list_export_chunks for select to authenticated
  using (exists (select 1 from public.list_exports e where e.id = export_id));

create index list_export_chunks_org_idx on public.list_export_chunks (org_id);

/** A person cancels their own export while it is queued or running. */
create or replace function private.cancel_list_export(target_export uuid) returns boolean
language sql volatile security definer
set search_path = ''
as $$
  update public.list_exports set status = 'cancelled', finished_at = now()
   where id = target_export and requested_by = (select auth.uid()) and (select private.my_roles()) ? org_id::text
     and status in ('queued', 'running')
  returning true
$$;
revoke execute on function private.cancel_list_export(uuid) from public;
grant execute on function private.cancel_list_export(uuid) to authenticated;

-- Who asked for which rows, and how many were written: in the audit log.
create trigger list_exports_audit after insert or update of status on public.list_exports
  for each row execute function private.audit_change();

/** A new export wakes the worker (lib/jobs/wake.ts). */
create or replace function private.wake_for_export() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.wake_worker('exports');
  return null;
end
$$;
revoke execute on function private.wake_for_export() from public;
grant execute on function private.wake_for_export() to authenticated, service_role;
create trigger list_exports_wake after insert on public.list_exports
  for each statement execute function private.wake_for_export();

/** An export that finished (or failed) tells its requester, with the way to the file. */
create or replace function private.notify_export_finished() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  noun text := case new.list when 'opportunities' then 'opportunities' else new.list end;
begin
  insert into public.notifications (org_id, user_id, kind, title, href, record_id, record_table, batch_size)
  values (new.org_id, new.requested_by, 'export_finished',
          case when new.status = 'done'
               then format('Your export of %s %s is ready to download', to_char(new.rows_written, 'FM999,999,999'), noun)
               else format('Your export of %s could not be finished', noun) end,
          '/exports', new.id, 'list_exports', 1);
  return null;
end
$$;
revoke execute on function private.notify_export_finished() from public;
create trigger list_exports_finished after update of status on public.list_exports
  for each row when (new.status in ('done', 'failed') and old.status is distinct from new.status)
  execute function private.notify_export_finished();

-- The exports page follows progress live (lib/live/visible-changes.ts: RLS shows a person their own).
create trigger list_exports_notify_insert after insert on public.list_exports referencing new table as new_rows
  for each statement execute function private.notify_changes();
create trigger list_exports_notify_update after update on public.list_exports referencing new table as new_rows
  for each statement execute function private.notify_changes();
