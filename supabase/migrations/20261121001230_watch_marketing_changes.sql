-- =============================================================================
-- Live updates for the marketing pages (see 20261121000700_create_change_notifications):
-- segments, campaigns, sequences, their steps and enrollments announce their changes on
-- `crm_changes`. A campaign's progress is announced through its own row: the worker updates
-- the counters once per batch of recipients, so a campaign page refreshes once per batch.
-- campaign_recipients is deliberately not watched: it changes a hundred rows at a time and
-- would only repeat what the counters already say.
-- =============================================================================

do $$
declare
  watched text[] := array['segments', 'campaigns', 'sequences', 'sequence_steps', 'sequence_enrollments'];
  t text;
begin
  foreach t in array watched loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
                    for each statement execute function private.notify_changes()', t || '_notify_insert', t);
    execute format('create trigger %I after update on public.%I referencing new table as new_rows
                    for each statement execute function private.notify_changes()', t || '_notify_update', t);
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
                    for each statement execute function private.notify_changes()', t || '_notify_delete', t);
  end loop;
end
$$;
