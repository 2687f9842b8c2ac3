-- =============================================================================
-- Notifications: the bell in the app. A person hears when someone else assigns them a record
-- or moves a deal they own, and when a task of theirs falls due; each notification is theirs
-- alone (RLS), arrives live through the change feed, is marked read by them, and is kept 90
-- days. Written only by the database (triggers, and the task-notice job through a definer
-- function): no client role may insert or delete one, and the only column a person may change
-- is read_at.
-- =============================================================================

create type public.notification_kind as enum ('assigned', 'deal_moved', 'task_due', 'import_finished', 'export_finished');

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  kind public.notification_kind not null,
  title text not null check (length(title) between 1 and 300),
  -- Where it leads, inside the app only (never another site).
  href text check (href ~ '^/[a-z]'),
  record_id uuid,
  actor_id uuid,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- One notification per recipient, kind and table per transaction: a bulk change made record
  -- by record (savepoints) still says "assigned you 40 contacts" once.
  batch bigint not null default txid_current(),
  record_table text,
  batch_size integer not null default 1 check (batch_size >= 1),
  unique (org_id, id),
  foreign key (org_id, user_id) references public.memberships (org_id, user_id) on delete cascade
);
alter table public.notifications enable row level security;
comment on table public.notifications is 'What a staff member is told about (assignments, deals moved, tasks due); theirs alone, kept 90 days.';
create index notifications_inbox_idx on public.notifications (user_id, org_id, created_at desc);
create index notifications_age_idx on public.notifications (created_at);
-- A task is announced once.
create unique index notifications_task_once on public.notifications (user_id, record_id) where kind = 'task_due';

create policy notifications_select on public.notifications for select to authenticated
  using (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
create policy notifications_update on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text)
  with check (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
revoke insert, update, delete on public.notifications from anon, authenticated, service_role;
revoke all on public.notifications from anon;
grant update (read_at) on public.notifications to authenticated;

-- Live: a new notification (and one marked read elsewhere) reaches the bell at once.
create trigger notifications_notify_insert after insert on public.notifications referencing new table as new_rows
  for each statement execute function private.notify_changes();
create trigger notifications_notify_update after update on public.notifications referencing new table as new_rows
  for each statement execute function private.notify_changes();

/** A record's name as a notification says it. */
create or replace function private.record_title(target text, record_id uuid) returns text
language plpgsql stable
set search_path = ''
as $$
declare
  title text;
begin
  case target
    when 'leads' then select coalesce(nullif(concat_ws(' ', l.first_name, l.last_name), ''), l.email::text, 'a lead') into title from public.leads l where l.id = record_id;
    when 'contacts' then select coalesce(nullif(concat_ws(' ', c.first_name, c.last_name), ''), c.email::text, 'a contact') into title from public.contacts c where c.id = record_id;
    when 'accounts' then select a.name into title from public.accounts a where a.id = record_id;
    when 'opportunities' then select o.name into title from public.opportunities o where o.id = record_id;
  end case;
  return coalesce(title, 'a record');
end
$$;
revoke execute on function private.record_title(text, uuid) from public;

/** Who did it, as their colleagues know them (or "Cohort" for work the system did). */
create or replace function private.actor_name(org uuid, actor uuid) returns text
language sql stable
set search_path = ''
as $$
  select coalesce((select m.display_name from public.memberships m where m.org_id = org and m.user_id = actor), 'Cohort')
$$;
revoke execute on function private.actor_name(uuid, uuid) from public;

/** Tells `recipient` about `n` records of `target`: by name for one, as a count for more —
    added to the notification this transaction already raised for them, if any. `many_title`
    holds %s for the count. */
create or replace function private.add_notification(
  org uuid, recipient uuid, what public.notification_kind, target text, one_id uuid, n integer,
  one_title text, many_title text, one_href text, many_href text, actor uuid
) returns void
language plpgsql
set search_path = ''
as $$
declare
  existing record;
begin
  select x.id, x.batch_size into existing from public.notifications x
   where x.user_id = recipient and x.org_id = org and x.created_at = now()
     and x.kind = what and x.record_table = target and x.batch = txid_current()
   for update;
  if found then
    update public.notifications x
       set batch_size = existing.batch_size + n, title = left(format(many_title, existing.batch_size + n), 300), href = many_href, record_id = null
     where x.id = existing.id;
  else
    insert into public.notifications (org_id, user_id, kind, title, href, record_id, actor_id, record_table, batch_size)
    values (org, recipient, what, left(case when n = 1 then one_title else format(many_title, n) end, 300),
            case when n = 1 then one_href else many_href end, case when n = 1 then one_id end, actor, target, n);
  end if;
end
$$;
revoke execute on function private.add_notification(uuid, uuid, public.notification_kind, text, uuid, integer, text, text, text, text, uuid) from public;

/** AFTER INSERT/UPDATE statement on leads, contacts, accounts and opportunities: tells each
    new owner (other than the staff member acting) what they were given — by name for one record,
    as a count (linking to their list) for many, so a bulk assignment is one notification. */
create or replace function private.notify_assignments() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  actor uuid := (select auth.uid());
  noun text := case tg_table_name when 'leads' then 'lead' when 'contacts' then 'contact' when 'accounts' then 'account' else 'opportunity' end;
  plural text := case tg_table_name when 'opportunities' then 'opportunities' else noun || 's' end;
  rec record;
begin
  if actor is null then
    return null; -- the system's own work (seeding, migrations) is nobody's news
  end if;
  for rec in execute format(
    'select n.org_id, n.owner_id, count(*) as n, (array_agg(n.id))[1] as one_id
       from new_rows n %s
      where n.owner_id is not null and n.deleted_at is null and n.owner_id is distinct from $1 %s
      group by n.org_id, n.owner_id',
    case when tg_op = 'UPDATE' then 'join old_rows o on o.id = n.id' else '' end,
    case when tg_op = 'UPDATE' then 'and n.owner_id is distinct from o.owner_id' else '' end)
    using actor
  loop
    perform private.add_notification(
      rec.org_id, rec.owner_id, 'assigned', tg_table_name, rec.one_id, rec.n::integer,
      format('%s assigned you the %s %s', private.actor_name(rec.org_id, actor), noun, private.record_title(tg_table_name, rec.one_id)),
      format('%s assigned you %%s %s', replace(private.actor_name(rec.org_id, actor), '%', '%%'), plural),
      format('/%s/%s', tg_table_name, rec.one_id), format('/%s?owner=me', tg_table_name), actor);
  end loop;
  return null;
end
$$;
revoke execute on function private.notify_assignments() from public;

do $$
declare
  t text;
begin
  foreach t in array array['leads', 'contacts', 'accounts', 'opportunities'] loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
                    for each statement execute function private.notify_assignments()', t || '_notify_assigned_insert', t);
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
                    for each statement execute function private.notify_assignments()', t || '_notify_assigned_update', t);
  end loop;
end
$$;

/** AFTER UPDATE statement on opportunities: tells an owner when someone else moved their deal. */
create or replace function private.notify_deal_moves() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  actor uuid := (select auth.uid());
  rec record;
begin
  if actor is null then
    return null;
  end if;
  for rec in
    select n.org_id, n.owner_id, count(*) as n, (array_agg(n.id))[1] as one_id, (array_agg(s.name))[1] as stage_name
      from new_rows n
      join old_rows o on o.id = n.id
      join public.pipeline_stages s on s.id = n.stage_id
     where n.stage_id is distinct from o.stage_id
       and n.owner_id is not null and n.owner_id is not distinct from o.owner_id
       and n.owner_id is distinct from actor and n.deleted_at is null
     group by n.org_id, n.owner_id
  loop
    perform private.add_notification(
      rec.org_id, rec.owner_id, 'deal_moved', 'opportunities', rec.one_id, rec.n::integer,
      format('%s moved your deal %s to %s', private.actor_name(rec.org_id, actor), private.record_title('opportunities', rec.one_id), rec.stage_name),
      format('%s moved %%s of your deals', replace(private.actor_name(rec.org_id, actor), '%', '%%')),
      format('/opportunities/%s', rec.one_id), '/opportunities?view=list&owner=me', actor);
  end loop;
  return null;
end
$$;
revoke execute on function private.notify_deal_moves() from public;
create trigger opportunities_notify_moved after update on public.opportunities referencing old table as old_rows new table as new_rows
  for each statement execute function private.notify_deal_moves();

-- Tasks coming due across organisations (the task-notice job).
create index activities_tasks_due_idx on public.activities (due_at) where kind = 'task' and completed_at is null and deleted_at is null;

/** Every few minutes (job task-notices): a task due within the hour, or overdue by up to a
    week, is announced to its owner once; notifications older than 90 days are removed.
    Returns how many were raised. */
create or replace function private.raise_task_notices() returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  raised integer;
begin
  insert into public.notifications (org_id, user_id, kind, title, href, record_id)
  select a.org_id, a.owner_id, 'task_due',
         left(case when a.due_at < now() then 'Overdue: ' else 'Due within the hour: ' end || a.subject, 300),
         '/tasks', a.id
    from public.activities a
   where a.kind = 'task' and a.completed_at is null and a.deleted_at is null and a.owner_id is not null
     and a.due_at < now() + interval '1 hour' and a.due_at > now() - interval '7 days'
  on conflict (user_id, record_id) where kind = 'task_due' do nothing;
  get diagnostics raised = row_count;
  delete from public.notifications n where n.created_at < now() - interval '90 days';
  return raised;
end
$$;
revoke execute on function private.raise_task_notices() from public;
grant execute on function private.raise_task_notices() to service_role;
