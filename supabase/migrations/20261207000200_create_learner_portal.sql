-- =============================================================================
-- The learner portal (app/learn): trainees sign in without a password and reach Postgres as
-- their own identity, never as staff.
--
--   * `trainee` is an API role like `authenticated`: authenticator becomes it per transaction
--     (lib/learn/session.ts withTrainee) with claims whose `sub` is a learner session's id.
--     Policies look the session up (private.learner_sessions): who the trainee is, in which
--     organisation, and how far the session reaches. Nothing is taken from the claims but the
--     session id, as for staff (DESIGN.md).
--   * A session reaches everything of its contact (`full`: the one-time sign-in link), or one
--     booking or one certificate (`booking`, `certificate`: the purpose-bound link inside a
--     transactional email opens only what that email is about).
--   * A trainee reads their own contact record, bookings, the sessions booked, exam results,
--     certificates, the emails they were sent and their consent history, and the catalogue of
--     their organisation; they write only through the named functions below, which apply the
--     seat, waitlist and cut-off rules.
-- Sessions and sign-in links live in `private`: only named service work (lib/learn) reads them.
-- =============================================================================

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'trainee') then
    create role trainee nologin noinherit;
  end if;
end
$$;
comment on role trainee is 'A trainee in the learner portal: authenticator becomes it per transaction, with a learner session id as claims.sub.';
grant trainee to authenticator;
grant usage on schema public, private, extensions to trainee;

-- How close to a session's start a trainee may still cancel or move it themselves.
alter table public.organizations add column learner_change_cutoff_hours integer not null default 48
  check (learner_change_cutoff_hours between 0 and 720);
comment on column public.organizations.learner_change_cutoff_hours is
  'Trainees cancel or move a booking in the learner portal until this many hours before the session starts; after that the portal tells them whom to contact.';
-- Whom trainees contact when they may no longer change a booking themselves.
alter table public.organizations add column learner_contact_email extensions.citext
  check (learner_contact_email is null or (length(learner_contact_email) <= 254 and learner_contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'));

create table private.learner_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  -- SHA-256 of the cookie's bearer token (lib/auth/bearer-tokens.ts): a leaked table opens nothing.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  scope text not null check (scope in ('full', 'booking', 'certificate')),
  -- The address the session was opened for (the link went there): a session stops working when
  -- the contact's address changes, so a link sent to a mistyped address dies when staff fix it.
  contact_email extensions.citext not null,
  -- The booking (enrollment) or certificate a scoped session opens; none for a full session.
  scope_ref uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check ((scope = 'full') = (scope_ref is null)),
  check (expires_at > created_at),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade
);
alter table private.learner_sessions enable row level security;
comment on table private.learner_sessions is 'A trainee signed in to the learner portal: whose, how far it reaches, until when. Read by policies through private.learner_*().';
create index learner_sessions_contact_idx on private.learner_sessions (org_id, contact_id);
create index learner_sessions_expiry_idx on private.learner_sessions (expires_at);

create table private.learner_sign_in_links (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  check (expires_at > created_at),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade
);
alter table private.learner_sign_in_links enable row level security;
comment on table private.learner_sign_in_links is 'One-time sign-in links to the learner portal (15 minutes, single use), by the SHA-256 of their token.';
create index learner_sign_in_links_contact_idx on private.learner_sign_in_links (org_id, contact_id);

grant select, insert, update, delete on private.learner_sessions, private.learner_sign_in_links to service_role;

-- -----------------------------------------------------------------------------
-- Who the trainee is: one look-up of the live session named by claims.sub
-- -----------------------------------------------------------------------------

/** The live session named by claims.sub: not expired, not revoked, and its contact still live
    with the address the session was opened for. Every trainee policy and function asks this. */
create or replace function private.learner_session() returns private.learner_sessions
language sql stable security definer
set search_path = ''
as $$
  select s.* from private.learner_sessions s
    join public.contacts c on c.org_id = s.org_id and c.id = s.contact_id
   where s.id = (select auth.uid()) and s.revoked_at is null and s.expires_at > now()
     and c.deleted_at is null and c.email = s.contact_email
$$;

/** The contact of the signed-in trainee, or null when there is no live session. */
create or replace function private.learner_contact() returns uuid
language sql stable security definer
set search_path = ''
as $$ select (private.learner_session()).contact_id $$;

create or replace function private.learner_org() returns uuid
language sql stable security definer
set search_path = ''
as $$ select (private.learner_session()).org_id $$;

/** True when the session reaches the record: a full session reaches all of its contact's, a
    scoped one only the booking or certificate it was opened for. */
create or replace function private.learner_reaches(kind text, record uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce(s.scope = 'full' or (s.scope = kind and s.scope_ref = record), false)
    from private.learner_session() s
$$;

create or replace function private.learner_has_full_session() returns boolean
language sql stable security definer
set search_path = ''
as $$ select private.learner_reaches('full', null) $$;

revoke execute on function private.learner_session(), private.learner_contact(), private.learner_org(), private.learner_reaches(text, uuid),
  private.learner_has_full_session() from public;
grant execute on function private.learner_contact(), private.learner_org(), private.learner_reaches(text, uuid),
  private.learner_has_full_session() to trainee;

-- -----------------------------------------------------------------------------
-- What a trainee reads
-- -----------------------------------------------------------------------------

-- Columns, not tables: a trainee reads their name and address, not the notes, owner or
-- score staff keep on them; a session's facts, not who created it.
grant select (id, org_id, name, postal_address, brand_color, logo_url, learner_change_cutoff_hours, learner_contact_email)
  on public.organizations to trainee;
grant select (id, org_id, first_name, last_name, email) on public.contacts to trainee;
grant select (id, org_id, session_id, contact_id, status, waitlisted_at, cancelled_at, created_at) on public.enrollments to trainee;
-- Not meeting_url: the joining link is for a seat (private.learner_meeting_url), not for the waitlist.
grant select (id, org_id, course_id, starts_at, ends_at, delivery, location, instructor_name, status, deleted_at)
  on public.course_sessions to trainee;
grant select (id, org_id, code, title, description, level, duration_hours, price, currency, certification_validity_months,
  is_active, custom, deleted_at) on public.courses to trainee;
grant select (id, org_id, enrollment_id, attempt, score, passed, taken_at) on public.exam_results to trainee;
grant select (id, org_id, contact_id, course_id, enrollment_id, certificate_number, issued_at, expires_at, status, revoked_reason)
  on public.certifications to trainee;
grant select (id, org_id, template, category, contact_id, subject, status, queued_at, sent_at) on public.email_messages to trainee;
grant select (id, org_id, contact_id, purpose, granted, occurred_at, source) on public.consent_events to trainee;

create policy organizations_select_trainee on public.organizations for select to trainee
  using (id = (select private.learner_org()));
create policy contacts_select_trainee on public.contacts for select to trainee
  using (org_id = (select private.learner_org()) and id = (select private.learner_contact()) and deleted_at is null);
create policy enrollments_select_trainee on public.enrollments for select to trainee
  using (org_id = (select private.learner_org()) and contact_id = (select private.learner_contact()) and private.learner_reaches('booking', id));
-- Only the sessions of the trainee's own bookings (with their joining link); other dates come
-- through private.learner_move_options, which shows seats left, not who took them.
create policy course_sessions_select_trainee on public.course_sessions for select to trainee
  using (org_id = (select private.learner_org()) and id in (select e.session_id from public.enrollments e));
create policy courses_select_trainee on public.courses for select to trainee
  using (org_id = (select private.learner_org()) and deleted_at is null);
create policy exam_results_select_trainee on public.exam_results for select to trainee
  using (org_id = (select private.learner_org()) and enrollment_id in (select e.id from public.enrollments e));
create policy certifications_select_trainee on public.certifications for select to trainee
  using (org_id = (select private.learner_org()) and contact_id = (select private.learner_contact()) and private.learner_reaches('certificate', id));
create policy email_messages_select_trainee on public.email_messages for select to trainee
  using (org_id = (select private.learner_org()) and contact_id = (select private.learner_contact()) and (select private.learner_has_full_session()));
create policy consent_events_select_trainee on public.consent_events for select to trainee
  using (org_id = (select private.learner_org()) and contact_id = (select private.learner_contact()) and (select private.learner_has_full_session()));

/** The online room of the trainee's booking, only while it holds a seat. */
create or replace function private.learner_meeting_url(target uuid) returns text
language sql stable security definer
set search_path = ''
as $$
  select s.meeting_url from public.enrollments e join public.course_sessions s on s.id = e.session_id
   where e.id = target and e.contact_id = private.learner_contact() and private.learner_reaches('booking', e.id)
     and private.takes_seat(e.status)
$$;
revoke execute on function private.learner_meeting_url(uuid) from public;
grant execute on function private.learner_meeting_url(uuid) to trainee;

-- -----------------------------------------------------------------------------
-- What a trainee does: keep, move or cancel a booking (definer rights: seats are counted over
-- every booking, and the waitlist promoted, whoever holds them)
-- -----------------------------------------------------------------------------

/** The trainee's live booking `target`, locked, with the facts the rules need; raises when the
    session does not reach it (the same answer as for a booking that does not exist). */
create or replace function private.learner_booking_for_change(target uuid,
  out enrollment_id uuid, out org_id uuid, out contact_id uuid, out session_id uuid, out course_id uuid,
  out status public.enrollment_status, out starts_at timestamptz, out cutoff_hours integer, out contact_email text)
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  select e.id, e.org_id, e.contact_id, e.session_id, s.course_id, e.status, s.starts_at, o.learner_change_cutoff_hours,
         coalesce(o.learner_contact_email::text, '')
    into enrollment_id, org_id, contact_id, session_id, course_id, status, starts_at, cutoff_hours, contact_email
    from public.enrollments e
    join public.course_sessions s on s.id = e.session_id
    join public.organizations o on o.id = e.org_id
   where e.id = target and e.contact_id = private.learner_contact() and private.learner_reaches('booking', e.id)
   for update of e;
  if enrollment_id is null then
    raise exception 'This booking was not found.' using errcode = 'no_data_found';
  end if;
  if status not in ('enrolled', 'waitlisted') then
    raise exception 'This booking is % and can no longer be changed.', status using errcode = 'check_violation';
  end if;
  if starts_at - make_interval(hours => cutoff_hours) <= now() then
    raise exception 'This session starts within % hours: it can no longer be changed here.%', cutoff_hours,
      case when contact_email <> '' then format(' Please write to %s.', contact_email) else ' Please contact us.' end
      using errcode = 'check_violation', constraint = 'learner_change_cutoff';
  end if;
end
$$;

/** Keeps the booking as it is (the schedule-change email's first option): noted on the
    contact's timeline so staff know the trainee answered. */
create or replace function private.learner_keep_booking(target uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  booking record;
  course_title text;
begin
  select * into booking from private.learner_booking_for_change(target);
  select c.title into course_title from public.courses c where c.id = booking.course_id;
  insert into public.activities (org_id, kind, subject, occurred_at, contact_id)
  values (booking.org_id, 'note', left(format('Kept their place on %s (%s) in the learner portal', course_title,
            to_char(booking.starts_at at time zone 'UTC', 'DD Mon YYYY')), 300), now(), booking.contact_id);
end
$$;

/** Cancels the booking; the freed seat goes to the first person on the waitlist (trigger). */
create or replace function private.learner_cancel_booking(target uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  booking record;
begin
  select * into booking from private.learner_booking_for_change(target);
  update public.enrollments
     set status = 'cancelled', cancellation_reason = 'Cancelled by the trainee in the learner portal'
   where id = booking.enrollment_id;
end
$$;

/** Other dates of the booked course the trainee may move to: scheduled, ahead of the cut-off,
    with the seats left (counted over every booking). */
create or replace function private.learner_move_options(target uuid)
returns table (session_id uuid, starts_at timestamptz, ends_at timestamptz, delivery public.session_delivery, location text, seats_left integer)
language sql stable security definer
set search_path = ''
as $$
  select s.id, s.starts_at, s.ends_at, s.delivery, s.location,
         greatest(s.capacity - (select count(*) from public.enrollments x where x.session_id = s.id and private.takes_seat(x.status))::int, 0)
    from public.enrollments e
    join public.course_sessions b on b.id = e.session_id
    join public.organizations o on o.id = e.org_id
    join public.course_sessions s on s.org_id = e.org_id and s.course_id = b.course_id and s.id <> b.id
   where e.id = target and e.contact_id = private.learner_contact() and private.learner_reaches('booking', e.id)
     and s.status = 'scheduled' and s.deleted_at is null
     and s.starts_at - make_interval(hours => o.learner_change_cutoff_hours) > now()
   order by s.starts_at
   limit 20
$$;

/** Moves the booking to another date of the same course. A full date is refused (the seat
    trigger says so): the trainee picks one with seats left. The old seat goes to the waitlist,
    and the trainee gets the booking confirmation for the new date. */
create or replace function private.learner_move_booking(target uuid, destination uuid) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  booking record;
begin
  select * into booking from private.learner_booking_for_change(target);
  if not exists (select 1 from private.learner_move_options(target) m where m.session_id = destination) then
    raise exception 'That date is not one this booking can move to.' using errcode = 'check_violation', constraint = 'learner_move_destination';
  end if;
  update public.enrollments set session_id = destination, status = 'enrolled' where id = booking.enrollment_id;
  insert into public.email_triggers (org_id, event, contact_id, record_id, details)
  values (booking.org_id, 'booking_moved', booking.contact_id, booking.enrollment_id, jsonb_build_object('session_id', destination));
  perform private.wake_worker('email_triggers');
end
$$;

revoke execute on function private.learner_booking_for_change(uuid), private.learner_keep_booking(uuid),
  private.learner_cancel_booking(uuid), private.learner_move_options(uuid), private.learner_move_booking(uuid, uuid) from public;
grant execute on function private.learner_keep_booking(uuid), private.learner_cancel_booking(uuid),
  private.learner_move_options(uuid), private.learner_move_booking(uuid, uuid) to trainee;

-- -----------------------------------------------------------------------------
-- A seat given from the waitlist is told to its new holder
-- -----------------------------------------------------------------------------
-- A booking may move more than once: each move is its own confirmation, as each session change is.
drop index public.email_triggers_once;
create unique index email_triggers_once on public.email_triggers (event, record_id, (coalesce(details ->> 'days_left', '')))
  where event not in ('session_changed', 'booking_moved');

/** AFTER UPDATE (statement) on enrollments: every booking that went from the waitlist to a
    seat calls for the waitlist-promotion email, once per booking (email_triggers_once). */
create or replace function private.raise_waitlist_promoted() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if not private.acting_with_claims() then
    return null;
  end if;
  insert into public.email_triggers (org_id, event, contact_id, record_id)
  select n.org_id, 'waitlist_promoted'::public.email_trigger_event, n.contact_id, n.id
    from new_rows n
    join old_rows o on o.id = n.id
   where o.status = 'waitlisted' and n.status = 'enrolled'
  on conflict do nothing;
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;
revoke execute on function private.raise_waitlist_promoted() from public;
create trigger enrollments_waitlist_promoted after update on public.enrollments
  referencing old table as old_rows new table as new_rows for each statement execute function private.raise_waitlist_promoted();

-- -----------------------------------------------------------------------------
-- Consent asked for when booking from the public catalogue is confirmed by the person
-- (double opt-in), as on a lead form; the person there is a contact, not a lead.
-- -----------------------------------------------------------------------------
alter table public.consent_confirmations alter column lead_id drop not null;
alter table public.consent_confirmations add column contact_id uuid;
alter table public.consent_confirmations add constraint consent_confirmations_one_person check (num_nonnulls(lead_id, contact_id) = 1);
alter table public.consent_confirmations add constraint consent_confirmations_contact_fkey
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade;
create index consent_confirmations_contact_idx on public.consent_confirmations (org_id, contact_id) where contact_id is not null;
-- A merge moves a contact's pending confirmations to the survivor, as it moves their consents.
insert into private.merge_references (object, table_name, column_name) values ('contacts', 'consent_confirmations', 'contact_id');

-- -----------------------------------------------------------------------------
-- Renewing a certificate from the renewal reminder: book another date of its course, or ask
-- the training company to arrange it (an opportunity for whoever looks after the person)
-- -----------------------------------------------------------------------------

/** The trainee's certificate `target`, if the session reaches it; raises otherwise. */
create or replace function private.learner_certificate(target uuid,
  out certificate_id uuid, out org_id uuid, out contact_id uuid, out course_id uuid, out expires_at date)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  select z.id, z.org_id, z.contact_id, z.course_id, z.expires_at
    into certificate_id, org_id, contact_id, course_id, expires_at
    from public.certifications z
   where z.id = target and z.contact_id = private.learner_contact() and private.learner_reaches('certificate', z.id);
  if certificate_id is null then
    raise exception 'This certificate was not found.' using errcode = 'no_data_found';
  end if;
  if exists (select 1 from public.certifications z where z.id = target and z.status = 'revoked') then
    raise exception 'A revoked certificate cannot be renewed here. Please contact us.' using errcode = 'check_violation', constraint = 'learner_renewal_destination';
  end if;
end
$$;

/** Dates of the certificate's course ahead, with the seats left (a full one takes a waitlist place). */
create or replace function private.learner_renewal_options(target uuid)
returns table (session_id uuid, starts_at timestamptz, ends_at timestamptz, delivery public.session_delivery, location text, seats_left integer)
language sql stable security definer
set search_path = ''
as $$
  select s.id, s.starts_at, s.ends_at, s.delivery, s.location,
         greatest(s.capacity - (select count(*) from public.enrollments x where x.session_id = s.id and private.takes_seat(x.status))::int, 0)
    from private.learner_certificate(target) z
    join public.course_sessions s on s.org_id = z.org_id and s.course_id = z.course_id
    join public.courses c on c.id = s.course_id
   where s.status = 'scheduled' and s.deleted_at is null and s.starts_at > now() and c.is_active and c.deleted_at is null
   order by s.starts_at
   limit 20
$$;

/** Books the renewal date: a seat, or a waitlist place when it is full. Returns which. */
create or replace function private.learner_book_renewal(target uuid, destination uuid) returns public.enrollment_status
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  z record;
  booked public.enrollment_status;
begin
  select * into z from private.learner_certificate(target);
  if not exists (select 1 from private.learner_renewal_options(target) o where o.session_id = destination) then
    raise exception 'That date is not open for booking.' using errcode = 'check_violation', constraint = 'learner_renewal_destination';
  end if;
  -- One renewal booking at a time: a second date is a move of the first.
  if exists (select 1 from public.enrollments e join public.course_sessions s on s.id = e.session_id
              where e.contact_id = z.contact_id and s.course_id = z.course_id and s.starts_at > now() and e.status in ('enrolled', 'waitlisted')) then
    raise exception 'You already have a booking for this course ahead: move it from its page or its email.' using errcode = 'check_violation', constraint = 'learner_renewal_destination';
  end if;
  begin
    insert into public.enrollments (org_id, session_id, contact_id, status) values (z.org_id, destination, z.contact_id, 'enrolled');
    booked := 'enrolled';
  exception when check_violation then
    insert into public.enrollments (org_id, session_id, contact_id, status, waitlisted_at) values (z.org_id, destination, z.contact_id, 'waitlisted', now());
    booked := 'waitlisted';
  end;
  return booked;
end
$$;

/** "Please arrange my renewal": an open opportunity in the default pipeline's first stage, owned by
    the person's owner (or their account's), once per certificate while it is open. */
create or replace function private.learner_request_renewal(target uuid) returns text
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  z record;
  person record;
  course record;
  deal_name text;
  pipeline uuid;
  stage uuid;
begin
  select * into z from private.learner_certificate(target);
  select c.first_name, c.last_name, c.owner_id, c.account_id, a.owner_id as account_owner
    into person from public.contacts c left join public.accounts a on a.id = c.account_id where c.id = z.contact_id;
  select c.title, c.price, c.currency into course from public.courses c where c.id = z.course_id;
  deal_name := left(format('Renewal: %s (%s)', course.title, btrim(coalesce(person.first_name, '') || ' ' || person.last_name)), 200);
  if exists (select 1 from public.opportunities o where o.org_id = z.org_id and o.primary_contact_id = z.contact_id
               and o.name = deal_name and o.status = 'open' and o.deleted_at is null) then
    return 'already';
  end if;
  select p.id into pipeline from public.pipelines p where p.org_id = z.org_id order by p.is_default desc, p.created_at limit 1;
  select s.id into stage from public.pipeline_stages s where s.pipeline_id = pipeline and not s.is_won and not s.is_lost order by s.position limit 1;
  if stage is null then
    raise exception 'Renewals cannot be requested here yet. Please contact us.' using errcode = 'check_violation', constraint = 'learner_renewal_destination';
  end if;
  insert into public.opportunities (org_id, name, account_id, primary_contact_id, pipeline_id, stage_id, amount, currency, expected_close_date, owner_id)
  values (z.org_id, deal_name, person.account_id, z.contact_id, pipeline, stage, course.price, course.currency,
          coalesce(z.expires_at, (now() + interval '30 days')::date), coalesce(person.owner_id, person.account_owner));
  return 'created';
end
$$;

revoke execute on function private.learner_certificate(uuid), private.learner_renewal_options(uuid), private.learner_book_renewal(uuid, uuid),
  private.learner_request_renewal(uuid) from public;
grant execute on function private.learner_renewal_options(uuid), private.learner_book_renewal(uuid, uuid), private.learner_request_renewal(uuid) to trainee;

-- -----------------------------------------------------------------------------
-- "Download my data" and "Erase my data": a request in the compliance queue, already verified
-- (the trainee proved the address by signing in with a link sent to it). Full sessions only:
-- an email's pass proves the booking, not the person.
-- -----------------------------------------------------------------------------

create or replace function private.learner_request_my_data(kind public.dsr_type) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  person record;
  request uuid;
begin
  if kind not in ('access', 'erasure') then
    raise exception 'Ask for a copy of your data or for its erasure.' using errcode = 'check_violation', constraint = 'learner_data_request';
  end if;
  select c.org_id, c.email::text as email into person from public.contacts c
   where c.id = private.learner_contact() and private.learner_has_full_session() and c.deleted_at is null and c.email is not null;
  if person.email is null then
    raise exception 'Sign in with the link we email you to ask about your data.' using errcode = 'insufficient_privilege';
  end if;
  -- One open request of each kind: asking again answers with the one in the queue.
  select r.id into request from public.data_subject_requests r
   where r.org_id = person.org_id and r.subject_email = person.email and r.type = kind and r.status in ('received', 'verified');
  if request is not null then
    return request;
  end if;
  insert into public.data_subject_requests (org_id, type, subject_email, received_via, status, verified_at, notes)
  values (person.org_id, kind, person.email, 'web_form', 'verified', now(), 'Asked for in the learner portal by the signed-in trainee.')
  returning id into request;
  insert into public.dsr_actions (org_id, request_id, action, note) values
    (person.org_id, request, 'received', 'Received through the learner portal'),
    (person.org_id, request, 'verified', 'The trainee signed in with a one-time link sent to this address');
  return request;
end
$$;

/** The trainee's own requests and where they stand (full sessions only). */
create or replace function private.learner_my_requests()
returns table (id uuid, type public.dsr_type, status public.dsr_status, received_at timestamptz, due_at timestamptz, completed_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select r.id, r.type, r.status, r.received_at, r.due_at, r.completed_at
    from public.data_subject_requests r
    join public.contacts c on c.org_id = r.org_id and c.email = r.subject_email
   where c.id = private.learner_contact() and private.learner_has_full_session()
   order by r.received_at desc
   limit 20
$$;

revoke execute on function private.learner_request_my_data(public.dsr_type), private.learner_my_requests() from public;
grant execute on function private.learner_request_my_data(public.dsr_type), private.learner_my_requests() to trainee;

-- -----------------------------------------------------------------------------
-- Subject rights cover what the portal keeps: erasure ends the person's portal sessions and
-- sign-in links and deletes their pending consent confirmations; the export includes the
-- confirmations of the contact as well as of their leads. Both functions are otherwise as in
-- 20261205000200 and 20261202000300.
-- -----------------------------------------------------------------------------
create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  counts jsonb := private.forget_subject_in_imports(org, contact_ids, lead_ids, email);
  merges integer;
  pairs integer;
  lead_pairs integer;
  sessions integer;
  links integer;
  confirmations integer;
begin
  delete from public.record_merges r
   where r.org_id = org and (r.survivor_id = any (contact_ids || lead_ids) or r.merged_ids && (contact_ids || lead_ids));
  get diagnostics merges = row_count;
  delete from public.contact_duplicates d where d.org_id = org and (d.contact_id = any (contact_ids) or d.duplicate_of = any (contact_ids));
  get diagnostics pairs = row_count;
  delete from public.lead_duplicates d where d.org_id = org and (d.lead_id = any (lead_ids) or d.duplicate_of = any (lead_ids));
  get diagnostics lead_pairs = row_count;
  delete from private.learner_sessions s where s.org_id = org and s.contact_id = any (contact_ids);
  get diagnostics sessions = row_count;
  delete from private.learner_sign_in_links l where l.org_id = org and l.contact_id = any (contact_ids);
  get diagnostics links = row_count;
  delete from public.consent_confirmations c where c.org_id = org and c.contact_id = any (contact_ids);
  get diagnostics confirmations = row_count;
  return counts || jsonb_build_object('record_merges', merges, 'contact_duplicates', pairs, 'lead_duplicates', lead_pairs,
    'learner_sessions', sessions, 'learner_sign_in_links', links, 'contact_consent_confirmations', confirmations);
end
$$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;

create or replace function private.subject_export(request_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  subject record;
  message_ids uuid[];
  enrollment_ids uuid[];
  request_ids uuid[];
  tables jsonb := '{}';
  counts jsonb := '{}';
  rows jsonb;
  item record;
begin
  if coalesce((select private.my_roles()) ->> (select r.org_id::text from public.data_subject_requests r where r.id = request_id), '') not in ('admin', 'compliance') then
    raise exception 'only compliance officers and admins export subject data' using errcode = 'insufficient_privilege';
  end if;
  if not exists (select 1 from public.data_subject_requests r where r.id = request_id and r.status in ('verified', 'completed')) then
    raise exception 'the request must be verified before its data is exported' using errcode = 'check_violation';
  end if;
  select * into subject from private.subject_records(request_id);
  message_ids := array(select m.id from public.email_messages m where m.org_id = subject.subject_org
    and (m.contact_id = any (subject.contact_ids) or m.lead_id = any (subject.lead_ids) or m.recipient_email = subject.subject_email::extensions.citext));
  enrollment_ids := array(select e.id from public.enrollments e where e.contact_id = any (subject.contact_ids));
  request_ids := array(select r.id from public.data_subject_requests r where r.org_id = subject.subject_org and r.subject_email = subject.subject_email::extensions.citext);

  for item in
    select 'contacts' as t, (select jsonb_agg(to_jsonb(x)) from public.contacts x where x.id = any (subject.contact_ids)) as data
    union all select 'leads', (select jsonb_agg(to_jsonb(x)) from public.leads x where x.id = any (subject.lead_ids))
    union all select 'activities', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.activities x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'taggings', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('tag', t.name)) from public.taggings x join public.tags t on t.id = x.tag_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'opportunities', (select jsonb_agg(to_jsonb(x)) from public.opportunities x where x.primary_contact_id = any (subject.contact_ids))
    union all select 'enrollments', (select jsonb_agg(to_jsonb(x)) from public.enrollments x where x.id = any (enrollment_ids))
    union all select 'exam_results', (select jsonb_agg(to_jsonb(x)) from public.exam_results x where x.enrollment_id = any (enrollment_ids))
    union all select 'certifications', (select jsonb_agg(to_jsonb(x)) from public.certifications x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_events', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.consent_events x where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_messages', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_messages x where x.id = any (message_ids))
    union all select 'email_outbox', (select jsonb_agg(to_jsonb(x) - 'html') from public.email_outbox x where x.message_id = any (message_ids))
    union all select 'email_events', (select jsonb_agg(to_jsonb(x)) from public.email_events x where x.message_id = any (message_ids))
    union all select 'suppressions', (select jsonb_agg(to_jsonb(x)) from public.suppressions x where x.org_id = subject.subject_org and x.email_hash = private.email_hash(subject.subject_org, subject.subject_email))
    union all select 'audit_log', (select jsonb_agg(to_jsonb(x) order by x.id) from public.audit_log x where x.org_id = subject.subject_org and (x.subject_contact_id = any (subject.contact_ids) or x.subject_lead_id = any (subject.lead_ids)))
    union all select 'data_subject_requests', (select jsonb_agg(to_jsonb(x) - 'verification_token_hash') from public.data_subject_requests x where x.id = any (request_ids))
    union all select 'dsr_actions', (select jsonb_agg(to_jsonb(x) order by x.occurred_at) from public.dsr_actions x where x.request_id = any (request_ids))
    union all select 'subject_exports', (select jsonb_agg(jsonb_build_object('id', x.id, 'generated_at', x.generated_at)) from public.subject_exports x where x.request_id = any (request_ids))
    union all select 'campaign_recipients', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('campaign', c.name) order by x.created_at) from public.campaign_recipients x join public.campaigns c on c.id = x.campaign_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'sequence_enrollments', (select jsonb_agg(to_jsonb(x) || jsonb_build_object('sequence', q.name) order by x.created_at) from public.sequence_enrollments x join public.sequences q on q.id = x.sequence_id where x.contact_id = any (subject.contact_ids) or x.lead_id = any (subject.lead_ids))
    union all select 'email_triggers', (select jsonb_agg(to_jsonb(x) order by x.created_at) from public.email_triggers x where x.contact_id = any (subject.contact_ids))
    union all select 'consent_confirmations', (select jsonb_agg(to_jsonb(x) - 'token_hash' order by x.requested_at) from public.consent_confirmations x where x.lead_id = any (subject.lead_ids) or x.contact_id = any (subject.contact_ids))
    -- What the keys of the records' custom values mean (labels, types, options).
    union all select 'property_definitions', (select jsonb_agg(jsonb_build_object('object', d.object, 'key', d.key, 'label', d.label, 'type', d.type, 'options', d.options, 'archived', d.archived_at is not null) order by d.object, d.position, d.key) from public.property_definitions d where d.org_id = subject.subject_org)
  loop
    rows := coalesce(item.data, '[]'::jsonb);
    tables := tables || jsonb_build_object(item.t, rows);
    counts := counts || jsonb_build_object(item.t, jsonb_array_length(rows));
  end loop;

  return jsonb_build_object(
    'manifest', jsonb_build_object(
      'format', 'cohort-subject-export/1',
      'generated_at', now(),
      'request_id', request_id,
      'subject_email', subject.subject_email,
      'tables', counts
    ),
    'data', tables
  );
end
$$;
grant execute on function private.subject_export(uuid) to authenticated, service_role;

/** Daily (the retention job): portal sessions and sign-in links a day past their end are deleted; they open nothing any more. */
create or replace function private.purge_expired_learner_access() returns integer
language sql volatile
set search_path = ''
as $$
  with sessions as (
    delete from private.learner_sessions where expires_at < now() - interval '1 day' or revoked_at < now() - interval '1 day' returning 1
  ), links as (
    delete from private.learner_sign_in_links where expires_at < now() - interval '1 day' returning 1
  )
  select ((select count(*) from sessions) + (select count(*) from links))::integer
$$;
revoke execute on function private.purge_expired_learner_access() from public;
grant execute on function private.purge_expired_learner_access() to service_role;

/** AFTER INSERT (statement) on enrollments, as in 20261121001210, now also for a booking that
    went to the waitlist: its holder is told their place in the queue (waitlist-confirmation). */
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
   where e.status in ('enrolled', 'waitlisted') and s.starts_at > now() and s.deleted_at is null and s.status = 'scheduled'
  on conflict do nothing;
  if found then
    perform private.wake_worker('email_triggers');
  end if;
  return null;
end
$$;
