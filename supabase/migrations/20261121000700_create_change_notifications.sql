-- =============================================================================
-- Live updates: after each statement that changes a record people look at, Postgres sends a
-- NOTIFY on channel `crm_changes` with the table, organisation and changed ids — never the
-- data. The app's event stream re-reads those ids under each viewer's RLS before telling a
-- browser anything, so a notification reveals nothing a viewer may not see.
--
-- Statement-level triggers with transition tables: one notification per statement (chunks
-- of 100 ids; a bigger change is announced as "bulk"), so an import or a 1M-row COPY does
-- not queue a million messages.
-- =============================================================================

/** AFTER statement trigger: announces the ids the statement changed. Runs as definer so the
    transition table is read whole; only ids leave the database. */
create or replace function private.notify_changes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  rec record;
begin
  for rec in
    execute format(
      'select org_id, count(*) as n, (array_agg(id))[1:100] as ids from %I group by org_id',
      case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end)
  loop
    perform pg_notify('crm_changes', json_build_object(
      't', tg_table_name,
      'op', lower(tg_op),
      'org', rec.org_id,
      'ids', case when rec.n <= 100 then rec.ids else null end,
      'bulk', rec.n > 100
    )::text);
  end loop;
  return null;
end
$$;
revoke execute on function private.notify_changes() from public;

do $$
declare
  watched text[] := array['leads', 'contacts', 'accounts', 'opportunities', 'activities', 'enrollments', 'certifications'];
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
