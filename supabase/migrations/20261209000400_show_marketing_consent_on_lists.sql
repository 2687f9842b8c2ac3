-- The contacts and leads lists show whether each person may be sent marketing email (issue 12).
-- The answer comes from consent_events, which only admins and compliance officers read (they
-- hold proof: IP addresses, the text shown). So the answer alone is kept here, one row per
-- person who ever gave or withdrew marketing consent, by private.latest_marketing_consent's
-- rule (a withdrawal is lifted only by a confirmed double opt-in), and kept current by the
-- triggers below. Whoever may see the person may see it — the contacts and leads policies
-- decide, as for person_scores.

create table public.marketing_consent_statuses (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  person_id uuid not null unique,
  person_kind text not null check (person_kind in ('contact', 'lead')),
  granted boolean not null,
  -- A confirmed double opt-in decided it.
  confirmed boolean not null,
  since timestamptz not null,
  unique (org_id, id)
);
alter table public.marketing_consent_statuses enable row level security;
comment on table public.marketing_consent_statuses is 'Whether a contact or lead has marketing consent now (derived from consent_events by trigger); no row: never asked.';
create index marketing_consent_statuses_org_idx on public.marketing_consent_statuses (org_id, person_kind, granted);

revoke all on public.marketing_consent_statuses from anon, authenticated, service_role;
grant select on public.marketing_consent_statuses to authenticated, service_role;
create policy marketing_consent_statuses_select on public.marketing_consent_statuses for select to authenticated using (
  (select private.my_roles()) ? org_id::text
  and case person_kind
        when 'contact' then exists (select 1 from public.contacts c where c.id = person_id)
        else exists (select 1 from public.leads l where l.id = person_id)
      end);

insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('marketing_consent_statuses', 'not exported (derived from consent_events, which are)', 'deleted with the subject''s consent events');

/** Recomputes the stored consent of the given people of one organisation from their consent events. */
create or replace function private.refresh_marketing_consent(org uuid, contact_ids uuid[], lead_ids uuid[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  with people as (
    select distinct unnest(contact_ids) as person_id, 'contact'::text as person_kind
    union
    select distinct unnest(lead_ids), 'lead'
  ),
  decided as (
    select p.person_id, p.person_kind, c.granted, c.confirmed, c.occurred_at
      from people p
      cross join lateral private.latest_marketing_consent(org,
        case when p.person_kind = 'contact' then p.person_id end,
        case when p.person_kind = 'lead' then p.person_id end) c
  ),
  gone as (
    delete from public.marketing_consent_statuses s
     using decided d
     where s.person_id = d.person_id and d.granted is null
  )
  insert into public.marketing_consent_statuses as s (org_id, person_id, person_kind, granted, confirmed, since)
  select org, d.person_id, d.person_kind, d.granted, d.confirmed, d.occurred_at
    from decided d
   where d.granted is not null
  on conflict (person_id) do update
     set granted = excluded.granted, confirmed = excluded.confirmed, since = excluded.since
   where (s.granted, s.confirmed, s.since) is distinct from (excluded.granted, excluded.confirmed, excluded.since);
end
$$;
revoke execute on function private.refresh_marketing_consent(uuid, uuid[], uuid[]) from public;

/** The stored consent of the people `events` name (org, contact, lead) — and of the contacts
    their leads were converted into, whose consent includes the leads' events. */
create or replace function private.refresh_marketing_consent_of(events jsonb) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  batch record;
begin
  for batch in
    select e.org_id,
           array_remove(array_agg(distinct e.contact_id) || array_agg(distinct l.converted_contact_id), null) as contacts,
           array_remove(array_agg(distinct e.lead_id), null) as leads
      from jsonb_to_recordset(events) as e (org_id uuid, contact_id uuid, lead_id uuid)
      left join public.leads l on l.org_id = e.org_id and l.id = e.lead_id and l.converted_contact_id is not null
     group by e.org_id
  loop
    perform private.refresh_marketing_consent(batch.org_id, batch.contacts, batch.leads);
  end loop;
end
$$;
revoke execute on function private.refresh_marketing_consent_of(jsonb) from public;

/** AFTER each statement on consent_events: the people whose marketing events were added, moved
    (a merge) or removed (an erasure). A transition table exists only for the operations that
    have it, so each is read only in its own branch. */
create or replace function private.consent_events_refresh_status() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  events jsonb := '[]';
begin
  if tg_op in ('INSERT', 'UPDATE') then
    events := events || coalesce((select jsonb_agg(jsonb_build_object('org_id', n.org_id, 'contact_id', n.contact_id, 'lead_id', n.lead_id))
                                    from new_rows n where n.purpose = 'marketing_email'), '[]');
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    events := events || coalesce((select jsonb_agg(jsonb_build_object('org_id', o.org_id, 'contact_id', o.contact_id, 'lead_id', o.lead_id))
                                    from old_rows o where o.purpose = 'marketing_email'), '[]');
  end if;
  perform private.refresh_marketing_consent_of(events);
  return null;
end
$$;
revoke execute on function private.consent_events_refresh_status() from public;
grant execute on function private.consent_events_refresh_status() to authenticated, service_role;

create trigger consent_events_status_insert after insert on public.consent_events referencing new table as new_rows
  for each statement execute function private.consent_events_refresh_status();
create trigger consent_events_status_update after update on public.consent_events referencing old table as old_rows new table as new_rows
  for each statement execute function private.consent_events_refresh_status();
create trigger consent_events_status_delete after delete on public.consent_events referencing old table as old_rows
  for each statement execute function private.consent_events_refresh_status();

/** A lead converted into a contact brings its consent along (latest_consent reads the lead's events for the contact). */
create or replace function private.leads_refresh_converted_consent() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  batch record;
begin
  for batch in
    select n.org_id, array_agg(distinct c.contact_id) as contacts
      from new_rows n
      join old_rows o on o.id = n.id
      cross join lateral (values (n.converted_contact_id), (o.converted_contact_id)) c (contact_id)
     where n.converted_contact_id is distinct from o.converted_contact_id and c.contact_id is not null
     group by n.org_id
  loop
    perform private.refresh_marketing_consent(batch.org_id, batch.contacts, '{}');
  end loop;
  return null;
end
$$;
revoke execute on function private.leads_refresh_converted_consent() from public;
grant execute on function private.leads_refresh_converted_consent() to authenticated, service_role;
create trigger leads_refresh_converted_consent after update on public.leads referencing old table as old_rows new table as new_rows
  for each statement execute function private.leads_refresh_converted_consent();

/** A deleted person's status goes with them (no foreign key to cascade, as for scores). */
create or replace function private.forget_marketing_consent() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.marketing_consent_statuses s using old_rows o where s.person_id = o.id;
  return null;
end
$$;
revoke execute on function private.forget_marketing_consent() from public;
grant execute on function private.forget_marketing_consent() to authenticated, service_role;
create trigger contacts_forget_marketing_consent after delete on public.contacts referencing old table as old_rows
  for each statement execute function private.forget_marketing_consent();
create trigger leads_forget_marketing_consent after delete on public.leads referencing old table as old_rows
  for each statement execute function private.forget_marketing_consent();

-- Everyone who has ever been asked, as of now.
select private.refresh_marketing_consent_of(coalesce(
  (select jsonb_agg(jsonb_build_object('org_id', ce.org_id, 'contact_id', ce.contact_id, 'lead_id', ce.lead_id))
     from public.consent_events ce where ce.purpose = 'marketing_email'), '[]'));
