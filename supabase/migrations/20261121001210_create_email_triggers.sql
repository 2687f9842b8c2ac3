-- =============================================================================
-- Transactional email, driven by the database: triggers on training records write an
-- event row into email_triggers (a transactional outbox) in the same transaction as the
-- change, and wake the worker with NOTIFY. The worker (lib/jobs) turns each pending row into
-- one send job whose idempotency key is trigger:<event>:<row id>, so a booking commits with
-- its confirmation due, and a confirmation is never sent twice.
--
--   enrollment created (booked, session ahead)  → enrollment-confirmation
--   session moved or relocated (still ahead)    → schedule-change, one per booked person
--   exam result recorded                        → exam-result
--   certification issued                        → certificate-issued
--   renewal due in 90/60/30/7 days (daily job)  → renewal-reminder
--   certification expired (daily job)          → certification-expired
--
-- Only changes made with request claims — a signed-in user, or named system work — raise
-- events. The database owner's own writes (the demo seed, bulk loads, benchmarks, repairs)
-- never email anybody.
-- =============================================================================

create type public.email_trigger_event as enum (
  'enrollment_created', 'session_changed', 'exam_result_recorded', 'certification_issued', 'renewal_reminder', 'certification_expired'
);
create type public.email_trigger_status as enum ('pending', 'queued', 'sent', 'skipped', 'failed');

create table public.email_triggers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  event public.email_trigger_event not null,
  contact_id uuid not null,
  -- The enrollment, exam result or certification the email is about.
  record_id uuid not null,
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object' and length(details::text) <= 4000),
  status public.email_trigger_status not null default 'pending',
  message_id uuid,
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  queued_at timestamptz,
  processed_at timestamptz,
  unique (org_id, id),
  check ((status in ('pending', 'queued')) = (processed_at is null)),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, message_id) references public.email_messages (org_id, id) on delete set null (message_id)
);
alter table public.email_triggers enable row level security;
comment on table public.email_triggers is
  'Transactional outbox: one row per email a training event calls for, written by triggers and the daily certification job, sent by the worker with key trigger:<event>:<id>.';
comment on column public.email_triggers.details is 'Event facts the record no longer holds: a moved session''s old dates and place; the reminder''s days_left.';
comment on column public.email_triggers.status is 'pending → queued (a send job exists) → sent, skipped (nothing to send any more, e.g. the booking was cancelled) or failed (last_error).';
create index email_triggers_pending_idx on public.email_triggers (created_at) where status = 'pending';
create index email_triggers_list_idx on public.email_triggers (org_id, created_at desc);
create index email_triggers_contact_idx on public.email_triggers (org_id, contact_id);
create index email_triggers_message_idx on public.email_triggers (org_id, message_id) where message_id is not null;
-- Each record calls for each email once (a session may move many times: those are distinct).
create unique index email_triggers_once on public.email_triggers (event, record_id, (coalesce(details ->> 'days_left', '')))
  where event <> 'session_changed';

-- -----------------------------------------------------------------------------
-- Raising events
-- -----------------------------------------------------------------------------

/** Wakes the worker (lib/jobs/wake.ts listens on `cohort_work`); payload names the work. */
create or replace function private.wake_worker(work text) returns void
language sql volatile
set search_path = ''
as $$ select pg_notify('cohort_work', work) $$;
revoke execute on function private.wake_worker(text) from public;
grant execute on function private.wake_worker(text) to authenticated, service_role;

/** True when the current transaction acts for someone (a user's or a service's claims), not
    as the bare owner: only such changes raise email events. */
create or replace function private.acting_with_claims() returns boolean
language sql stable
set search_path = ''
as $$ select (select auth.role()) is not null $$;
grant execute on function private.acting_with_claims() to authenticated, service_role;

/** AFTER INSERT (statement) on enrollments: a booking on a session still ahead calls for a
    confirmation. Definer rights: users book, only the system writes the outbox. */
create or replace function private.raise_enrollment_created() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.acting_with_claims() then
    return null;
  end if;
  insert into public.email_triggers (org_id, event, contact_id, record_id)
  select e.org_id, 'enrollment_created', e.contact_id, e.id
    from new_rows e
    join public.course_sessions s on s.id = e.session_id
   where e.status = 'enrolled' and s.starts_at > now() and s.deleted_at is null and s.status = 'scheduled'
  on conflict do nothing;
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;

/** AFTER UPDATE (statement) on course_sessions: a session still ahead whose dates or place
    changed calls for a schedule-change email to everyone booked on it. The old values travel
    in details: the session row no longer holds them. */
create or replace function private.raise_session_changed() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.acting_with_claims() then
    return null;
  end if;
  insert into public.email_triggers (org_id, event, contact_id, record_id, details)
  select e.org_id, 'session_changed', e.contact_id, e.id,
         jsonb_build_object('session_id', n.id, 'starts_at', o.starts_at, 'ends_at', o.ends_at,
                            'delivery', o.delivery, 'location', o.location, 'meeting_url', o.meeting_url)
    from new_rows n
    join old_rows o on o.id = n.id
    join public.enrollments e on e.session_id = n.id and e.status = 'enrolled'
   where (n.starts_at, n.ends_at, n.delivery, n.location, n.meeting_url)
           is distinct from (o.starts_at, o.ends_at, o.delivery, o.location, o.meeting_url)
     and n.starts_at > now() and n.deleted_at is null and n.status = 'scheduled';
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;

/** AFTER INSERT (statement) on exam_results: every recorded result is told to the trainee. */
create or replace function private.raise_exam_result_recorded() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.acting_with_claims() then
    return null;
  end if;
  insert into public.email_triggers (org_id, event, contact_id, record_id)
  select x.org_id, 'exam_result_recorded', e.contact_id, x.id
    from new_rows x
    join public.enrollments e on e.id = x.enrollment_id
  on conflict do nothing;
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;

/** AFTER INSERT (statement) on certifications: an active certificate is sent to its holder. */
create or replace function private.raise_certification_issued() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.acting_with_claims() then
    return null;
  end if;
  insert into public.email_triggers (org_id, event, contact_id, record_id)
  select c.org_id, 'certification_issued', c.contact_id, c.id
    from new_rows c
   where c.status = 'active'
  on conflict do nothing;
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;

revoke execute on function private.raise_enrollment_created(), private.raise_session_changed(),
  private.raise_exam_result_recorded(), private.raise_certification_issued() from public;

create trigger enrollments_email_triggers after insert on public.enrollments
  referencing new table as new_rows for each statement execute function private.raise_enrollment_created();
create trigger course_sessions_email_triggers after update on public.course_sessions
  referencing old table as old_rows new table as new_rows for each statement execute function private.raise_session_changed();
create trigger exam_results_email_triggers after insert on public.exam_results
  referencing new table as new_rows for each statement execute function private.raise_exam_result_recorded();
create trigger certifications_email_triggers after insert on public.certifications
  referencing new table as new_rows for each statement execute function private.raise_certification_issued();

/** The daily certification pass (lib/jobs/renewals.ts, as service_role): certifications past
    their expiry date become expired and call for the expired notice; active ones that are
    90, 60, 30 or 7 days from expiry call for that reminder. A reminder is due from its day
    until six days later, so a worker that was down for a few days still sends it, but a
    certificate first seen at 50 days left gets the 60-day reminder only if it is on time.
    Each (certificate, reminder) is raised once: re-running the pass the same day is a no-op.
    Returns how many certificates expired and how many reminders were raised. */
create or replace function private.raise_certification_notices(today date, out expired integer, out reminders integer)
language plpgsql volatile
set search_path = ''
as $$
begin
  with gone as (
    update public.certifications c
       set status = 'expired'
     where c.status = 'active' and c.expires_at < today
    returning c.org_id, c.contact_id, c.id, c.expires_at
  ), raised as (
    insert into public.email_triggers (org_id, event, contact_id, record_id, details)
    select g.org_id, 'certification_expired', g.contact_id, g.id, jsonb_build_object('expired_on', g.expires_at)
      from gone g
    on conflict do nothing
    returning 1
  )
  select count(*) into expired from gone;

  insert into public.email_triggers (org_id, event, contact_id, record_id, details)
  select c.org_id, 'renewal_reminder', c.contact_id, c.id, jsonb_build_object('days_left', d.days_left)
    from public.certifications c
    cross join (values (90), (60), (30), (7)) d (days_left)
   where c.status = 'active'
     and c.expires_at is not null
     and c.expires_at - today between d.days_left - 6 and d.days_left
     and c.expires_at - today >= 1
  on conflict do nothing;
  get diagnostics reminders = row_count;
  if expired > 0 or reminders > 0 then
    perform private.wake_worker('email_triggers');
  end if;
end
$$;
revoke execute on function private.raise_certification_notices(date) from public;
grant execute on function private.raise_certification_notices(date) to service_role;

-- -----------------------------------------------------------------------------
-- Waking the worker for campaigns and sequences
-- -----------------------------------------------------------------------------

/** AFTER INSERT OR UPDATE OF status on campaigns: a campaign scheduled, started or resumed
    wakes the worker's dispatcher (it also polls every minute, for schedules coming due). */
create or replace function private.wake_for_campaign() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status in ('scheduled', 'sending') and (tg_op = 'INSERT' or new.status is distinct from old.status) then
    perform private.wake_worker('campaigns');
  end if;
  return null;
end
$$;
grant execute on function private.wake_for_campaign() to authenticated, service_role;
create trigger campaigns_wake_worker after insert or update of status on public.campaigns
  for each row execute function private.wake_for_campaign();

/** AFTER INSERT (statement) on sequence_enrollments: a first step without delay goes out now. */
create or replace function private.wake_for_sequence_enrollment() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.wake_worker('sequences');
  return null;
end
$$;
grant execute on function private.wake_for_sequence_enrollment() to authenticated, service_role;
create trigger sequence_enrollments_wake_worker after insert on public.sequence_enrollments
  for each statement execute function private.wake_for_sequence_enrollment();

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- email_triggers: what the system owes people by email, read by the roles that see the
-- organisation's email (admins, managers, marketing, compliance). Written by the system only.
create policy email_triggers_select on public.email_triggers for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance'));
