-- =============================================================================
-- An export of many rows tells the organisation's admins (who asked, which list, how many),
-- above a line each organisation sets (Settings → Organisation; 10,000 rows by default).
-- The export itself is in the audit log already (list_exports_audit); this makes a large one
-- seen when it happens. notify_export_finished is otherwise as in 20261202000800.
-- =============================================================================

alter table public.organizations
  add column export_alert_rows integer not null default 10000 check (export_alert_rows between 1 and 100000000);
comment on column public.organizations.export_alert_rows is 'Exports of at least this many rows notify the admins.';

alter type public.notification_kind add value if not exists 'large_export';

/** An export that finished (or failed) tells its requester, with the way to the file; one of
    at least the organisation's export_alert_rows tells its admins too. */
create or replace function private.notify_export_finished() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  noun text := new.list;
  rows_text text := to_char(new.rows_written, 'FM999,999,999');
  requester text;
begin
  insert into public.notifications (org_id, user_id, kind, title, href, record_id, record_table, batch_size)
  values (new.org_id, new.requested_by, 'export_finished',
          case when new.status = 'done'
               then format('Your export of %s %s is ready to download', rows_text, noun)
               else format('Your export of %s could not be finished', noun) end,
          '/exports', new.id, 'list_exports', 1);
  if new.status = 'done' and new.rows_written >= (select o.export_alert_rows from public.organizations o where o.id = new.org_id) then
    select m.display_name into requester from public.memberships m where m.org_id = new.org_id and m.user_id = new.requested_by;
    insert into public.notifications (org_id, user_id, kind, title, href, record_id, actor_id, record_table, batch_size)
    select new.org_id, m.user_id, 'large_export',
           left(format('%s exported %s %s', coalesce(requester, 'A member'), rows_text, noun), 300),
           '/compliance/audit', new.id, new.requested_by, 'list_exports', 1
      from public.memberships m
     where m.org_id = new.org_id and m.role = 'admin' and m.deactivated_at is null and m.user_id <> new.requested_by;
  end if;
  return null;
end
$$;
