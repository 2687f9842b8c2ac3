-- Sequences that enroll people by themselves: a sequence may name one CRM event
-- (`enroll_on`), and from then on every person that event happens to joins it, the same way a
-- manual or segment enrollment does (first step after its delay, one active enrollment per
-- person and sequence, consent checked when each step is sent).
--
-- The events are raised by statement-level triggers, like the transactional email events of
-- 20261121001210: definer rights, because the sales rep creating a lead may not write
-- sequence enrollments; and only when someone acts (private.acting_with_claims), so seeding
-- and maintenance as the owner enroll nobody.

create type public.sequence_enroll_trigger as enum ('lead_created', 'contact_created', 'exam_failed', 'certification_issued');

alter table public.sequences add column enroll_on public.sequence_enroll_trigger;
comment on column public.sequences.enroll_on is
  'The CRM event that enrolls people automatically (null: manual and segment enrollment only). Paused sequences and sequences without steps enroll nobody.';

-- The triggers look sequences up by organisation and event.
create index sequences_enroll_on_idx on public.sequences (org_id, enroll_on) where enroll_on is not null and is_active;

/** Enrolls each (org, contact or lead) in `people` in every active sequence of its
    organisation that enrolls on `event` and has a first step. Returns how many joined. */
create or replace function private.enroll_on_event(event public.sequence_enroll_trigger, people jsonb) returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  joined integer;
begin
  -- Most organisations have no such sequence: say so before looking at anyone.
  if jsonb_array_length(people) = 0 or not exists (select from public.sequences where enroll_on = event and is_active) then
    return 0;
  end if;
  insert into public.sequence_enrollments (org_id, sequence_id, contact_id, lead_id, source, next_run_at)
  select p.org_id, q.id, p.contact_id, p.lead_id, 'trigger', now() + make_interval(mins => s.delay_minutes)
    from jsonb_to_recordset(people) as p (org_id uuid, contact_id uuid, lead_id uuid)
    join public.sequences q on q.org_id = p.org_id and q.enroll_on = event and q.is_active
    join public.sequence_steps s on s.sequence_id = q.id and s.position = 1
  on conflict do nothing;
  get diagnostics joined = row_count;
  return joined;
end
$$;
revoke execute on function private.enroll_on_event(public.sequence_enroll_trigger, jsonb) from public;

/** AFTER INSERT (statement) on leads: open leads with an address join lead_created sequences. */
create or replace function private.enroll_new_leads() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if private.acting_with_claims() then
    perform private.enroll_on_event('lead_created', coalesce(jsonb_agg(jsonb_build_object('org_id', l.org_id, 'lead_id', l.id)), '[]'))
       from new_rows l
      where l.email is not null and l.deleted_at is null and l.status in ('new', 'working', 'qualified');
  end if;
  return null;
end
$$;
grant execute on function private.enroll_new_leads() to authenticated, service_role;
create trigger leads_enroll_in_sequences after insert on public.leads
  referencing new table as new_rows
  for each statement execute function private.enroll_new_leads();

/** AFTER INSERT (statement) on contacts: contacts with an address join contact_created sequences
    (including a contact created by converting a lead: the onboarding series starts there). */
create or replace function private.enroll_new_contacts() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if private.acting_with_claims() then
    perform private.enroll_on_event('contact_created', coalesce(jsonb_agg(jsonb_build_object('org_id', c.org_id, 'contact_id', c.id)), '[]'))
       from new_rows c
      where c.email is not null and c.deleted_at is null;
  end if;
  return null;
end
$$;
grant execute on function private.enroll_new_contacts() to authenticated, service_role;
create trigger contacts_enroll_in_sequences after insert on public.contacts
  referencing new table as new_rows
  for each statement execute function private.enroll_new_contacts();

/** AFTER INSERT (statement) on certifications: a newly certified person joins
    certification_issued sequences (continuing education, the next level). */
create or replace function private.enroll_new_certificates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if private.acting_with_claims() then
    perform private.enroll_on_event('certification_issued', coalesce(jsonb_agg(jsonb_build_object('org_id', c.org_id, 'contact_id', c.contact_id)), '[]'))
       from new_rows c
      where c.status = 'active';
  end if;
  return null;
end
$$;
grant execute on function private.enroll_new_certificates() to authenticated, service_role;
create trigger certifications_enroll_in_sequences after insert on public.certifications
  referencing new table as new_rows
  for each statement execute function private.enroll_new_certificates();

/** AFTER INSERT (statement) on exam_results: a failed attempt enrolls the trainee in
    exam_failed sequences (retake preparation). */
create or replace function private.enroll_failed_exams() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if private.acting_with_claims() then
    perform private.enroll_on_event('exam_failed', coalesce(jsonb_agg(jsonb_build_object('org_id', e.org_id, 'contact_id', e.contact_id)), '[]'))
       from new_rows r
       join public.enrollments e on e.id = r.enrollment_id
      where not r.passed;
  end if;
  return null;
end
$$;
grant execute on function private.enroll_failed_exams() to authenticated, service_role;
create trigger exam_results_enroll_in_sequences after insert on public.exam_results
  referencing new table as new_rows
  for each statement execute function private.enroll_failed_exams();
