-- A merge keeps what an unmerge needs — the rows it moved, the twins it dropped (whole rows,
-- personal data included) and the survivor's fields before and after — for the 30 days an
-- unmerge is possible (private.unmerge_records refuses an older one). Past them that copy serves
-- nothing and only keeps personal data longer than needed, so the daily retention job empties
-- it (lib/jobs/daily.ts). The merge itself stays on record: who merged what into whom, and when.

alter table public.record_merges add column snapshot_purged_at timestamptz;
comment on column public.record_merges.snapshot_purged_at is
  'When the copy an unmerge needs (moved, dropped, survivor_before/after) was emptied, 30 days after the merge.';
create index record_merges_snapshot_due_idx on public.record_merges (merged_at) where snapshot_purged_at is null;

/** Empties the unmerge copy of every merge older than 30 days; returns how many. */
create or replace function private.purge_merge_snapshots() returns integer
language sql volatile security definer
set search_path = ''
as $$
  with purged as (
    update public.record_merges
       set moved = '{}', dropped = '{}', survivor_before = '{}', survivor_after = '{}', snapshot_purged_at = now()
     where snapshot_purged_at is null and merged_at < now() - interval '30 days'
    returning 1
  )
  select count(*)::int from purged
$$;
revoke execute on function private.purge_merge_snapshots() from public;
grant execute on function private.purge_merge_snapshots() to service_role;
