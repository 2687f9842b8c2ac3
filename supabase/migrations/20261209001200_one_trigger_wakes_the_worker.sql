-- =============================================================================
-- One trigger function wakes the worker for any table: the kind of work is the trigger's
-- argument. Sequence enrollments, exports, imports and bulk merges each had a function of
-- their own whose whole body was `perform private.wake_worker('<work>')`; a table that needs
-- the worker now names its work in its trigger. (Campaigns keep theirs: it decides whether.)
-- =============================================================================

/** Wakes the worker (lib/jobs/wake.ts) for the work named by the trigger's first argument. */
create or replace function private.wake_worker_for() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.wake_worker(tg_argv[0]);
  return null;
end
$$;
revoke execute on function private.wake_worker_for() from public;
grant execute on function private.wake_worker_for() to authenticated, service_role;

drop trigger sequence_enrollments_wake_worker on public.sequence_enrollments;
create trigger sequence_enrollments_wake_worker after insert on public.sequence_enrollments
  for each statement execute function private.wake_worker_for('sequences');
drop function private.wake_for_sequence_enrollment();

drop trigger list_exports_wake on public.list_exports;
create trigger list_exports_wake after insert on public.list_exports
  for each statement execute function private.wake_worker_for('exports');
drop function private.wake_for_export();

drop trigger imports_wake on public.imports;
create trigger imports_wake after update of status on public.imports
  for each row when (new.status in ('checking', 'queued', 'reverting') and old.status is distinct from new.status)
  execute function private.wake_worker_for('imports');
drop function private.wake_for_import();

drop trigger bulk_merges_wake on public.bulk_merges;
create trigger bulk_merges_wake after insert on public.bulk_merges
  for each statement execute function private.wake_worker_for('bulk_merges');
drop function private.wake_for_bulk_merge();
