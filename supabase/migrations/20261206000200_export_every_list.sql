-- =============================================================================
-- Every list exports, not only the four CRM objects: activities, enrollments, certifications
-- and a campaign's recipients (their list pages are in the app; the worker reads them under
-- the requester's RLS like the others). Each list walks its own order by an index, as the
-- other lists' do, so a page — and an export's chunk — reads only its own rows.
-- notify_export_finished is as in 20261202000900, with "campaign recipients" and "certificates" in its words (as the app names them).
-- =============================================================================

alter table public.list_exports drop constraint list_exports_list_check;
alter table public.list_exports add constraint list_exports_list_check
  check (list in ('leads', 'contacts', 'accounts', 'opportunities', 'activities', 'enrollments', 'certifications', 'campaign_recipients'));

create index activities_list_idx on public.activities (org_id, occurred_at desc, id desc) where deleted_at is null;
create index enrollments_list_idx on public.enrollments (org_id, created_at desc, id desc);
create index certifications_list_idx on public.certifications (org_id, issued_at desc, id desc);
create index campaign_recipients_order_idx on public.campaign_recipients (campaign_id, created_at desc, id desc);

/** An export that finished (or failed) tells its requester, with the way to the file; one of
    at least the organisation's export_alert_rows tells its admins too. */
create or replace function private.notify_export_finished() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  noun text := case new.list when 'certifications' then 'certificates' else replace(new.list, '_', ' ') end;
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
