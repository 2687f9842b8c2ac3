-- =============================================================================
-- Training: courses, scheduled sessions, enrollments (with capacity and a waitlist),
-- exam results and certifications.
--
-- Every member reads the training catalogue and records of their organisation (a sales rep
-- sees them read-only); admins and managers write; a sales rep also writes enrollments,
-- exam results and certifications of the contacts they own.
-- =============================================================================

create table public.courses (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  code extensions.citext not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9-]{1,29}$'),
  title text not null check (length(btrim(title)) between 1 and 200),
  description text check (length(description) <= 5000),
  level public.course_level not null,
  duration_hours numeric(6, 1) not null check (duration_hours > 0),
  price numeric(12, 2) not null check (price >= 0),
  currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  -- null: the certificate never expires
  certification_validity_months integer check (certification_validity_months between 1 and 120),
  is_active boolean not null default true,
  custom jsonb not null default '{}' check (jsonb_typeof(custom) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  unique (org_id, code)
);
alter table public.courses enable row level security;
comment on table public.courses is 'The training catalogue: a course leads to a certification.';

create table public.course_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  course_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  delivery public.session_delivery not null,
  location text check (length(location) <= 300),
  meeting_url text check (meeting_url ~ '^https://'),
  capacity integer not null check (capacity between 1 and 1000),
  instructor_name text check (length(instructor_name) <= 150),
  status public.session_status not null default 'scheduled',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  unique (org_id, id),
  check (ends_at > starts_at),
  check (delivery = 'online' or location is not null),
  check (delivery = 'in_person' or meeting_url is not null),
  foreign key (org_id, course_id) references public.courses (org_id, id) on delete cascade
);
alter table public.course_sessions enable row level security;
comment on table public.course_sessions is 'A scheduled run of a course, in a room, online or both, with a seat capacity.';
create index course_sessions_course_idx on public.course_sessions (org_id, course_id, starts_at);
create index course_sessions_upcoming_idx on public.course_sessions (org_id, starts_at) where deleted_at is null;

create table public.enrollments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  session_id uuid not null,
  contact_id uuid not null,
  paying_account_id uuid,
  status public.enrollment_status not null default 'enrolled',
  waitlisted_at timestamptz,
  cancelled_at timestamptz,
  cancellation_reason text check (length(cancellation_reason) <= 500),
  price numeric(12, 2) check (price >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  check ((status = 'cancelled') = (cancelled_at is not null)),
  check (status <> 'waitlisted' or waitlisted_at is not null),
  foreign key (org_id, session_id) references public.course_sessions (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, paying_account_id) references public.accounts (org_id, id) on delete set null (paying_account_id)
);
alter table public.enrollments enable row level security;
comment on table public.enrollments is 'A contact booked on a session. Seats are enforced by trigger; cancelling promotes the waitlist.';
comment on column public.enrollments.paying_account_id is 'The corporate client paying for this seat, if not the trainee.';
-- A person holds at most one live booking per session.
create unique index enrollments_one_per_session on public.enrollments (session_id, contact_id) where status <> 'cancelled';
create index enrollments_session_idx on public.enrollments (org_id, session_id, status);
create index enrollments_contact_idx on public.enrollments (org_id, contact_id);
create index enrollments_account_idx on public.enrollments (org_id, paying_account_id) where paying_account_id is not null;
create index enrollments_waitlist_idx on public.enrollments (session_id, waitlisted_at) where status = 'waitlisted';

create table public.exam_results (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  enrollment_id uuid not null,
  attempt integer not null check (attempt between 1 and 20),
  score numeric(5, 2) not null check (score between 0 and 100),
  passed boolean not null,
  taken_at timestamptz not null,
  notes text check (length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  unique (enrollment_id, attempt),
  foreign key (org_id, enrollment_id) references public.enrollments (org_id, id) on delete cascade
);
alter table public.exam_results enable row level security;
comment on table public.exam_results is 'One exam attempt of an enrolled trainee.';
create index exam_results_enrollment_idx on public.exam_results (org_id, enrollment_id);

create table public.certifications (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  contact_id uuid not null,
  course_id uuid not null,
  enrollment_id uuid,
  certificate_number text not null unique check (certificate_number ~ '^[A-Z0-9][A-Z0-9-]{5,39}$'),
  issued_at date not null,
  expires_at date,
  status public.certification_status not null default 'active',
  revoked_reason text check (length(revoked_reason) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, id),
  check (expires_at is null or expires_at > issued_at),
  check (status <> 'revoked' or revoked_reason is not null),
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade,
  foreign key (org_id, course_id) references public.courses (org_id, id),
  foreign key (org_id, enrollment_id) references public.enrollments (org_id, id) on delete set null (enrollment_id)
);
alter table public.certifications enable row level security;
comment on table public.certifications is 'A certificate awarded to a contact for a course; verifiable by its unique number.';
create index certifications_contact_idx on public.certifications (org_id, contact_id);
create index certifications_expiring_idx on public.certifications (org_id, expires_at) where status = 'active';
create index certifications_course_idx on public.certifications (org_id, course_id);

create trigger courses_stamp before insert or update on public.courses for each row execute function private.stamp_row();
create trigger course_sessions_stamp before insert or update on public.course_sessions for each row execute function private.stamp_row();
create trigger enrollments_stamp before insert or update on public.enrollments for each row execute function private.stamp_row();
create trigger exam_results_stamp before insert or update on public.exam_results for each row execute function private.stamp_row();
create trigger certifications_stamp before insert or update on public.certifications for each row execute function private.stamp_row();

-- -----------------------------------------------------------------------------
-- Seats: a session never holds more seat-taking enrollments than its capacity, and a freed
-- seat goes to the first person on the waitlist. Definer rights: seats must be counted over
-- every enrollment, not only those the caller may see.
-- -----------------------------------------------------------------------------

/** True for statuses that occupy a seat. */
create or replace function private.takes_seat(status public.enrollment_status) returns boolean
language sql immutable
set search_path = ''
as $$ select status in ('enrolled', 'attended', 'completed', 'no_show') $$;

/** BEFORE INSERT/UPDATE on enrollments: refuses a seat beyond capacity (SQLSTATE 23514). */
create or replace function private.enforce_session_capacity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  seats integer;
  taken integer;
begin
  if not private.takes_seat(new.status)
     or (tg_op = 'UPDATE' and private.takes_seat(old.status) and old.session_id = new.session_id) then
    return new;
  end if;
  -- Lock the session so concurrent bookings are counted one after the other.
  select capacity into seats from public.course_sessions where id = new.session_id for update;
  select count(*) into taken from public.enrollments e
   where e.session_id = new.session_id and private.takes_seat(e.status) and e.id <> new.id;
  if taken >= seats then
    raise exception 'This session is full (% of % seats taken).', taken, seats
      using errcode = 'check_violation', constraint = 'enrollments_session_capacity';
  end if;
  return new;
end
$$;

/** Gives free seats of a session to the waitlist, first come first served. */
create or replace function private.fill_seats_from_waitlist(target_session uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  seats integer;
  taken integer;
begin
  select capacity into seats from public.course_sessions where id = target_session for update;
  select count(*) into taken from public.enrollments e
   where e.session_id = target_session and private.takes_seat(e.status);
  if taken < seats then
    update public.enrollments set status = 'enrolled'
     where id in (
       select e.id from public.enrollments e
        where e.session_id = target_session and e.status = 'waitlisted'
        order by e.waitlisted_at, e.created_at
        limit seats - taken
        for update
     );
  end if;
end
$$;

/** AFTER UPDATE on enrollments: a seat freed by a cancellation or a move goes to the waitlist. */
create or replace function private.promote_waitlist_after_enrollment_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if private.takes_seat(old.status) and (not private.takes_seat(new.status) or new.session_id <> old.session_id) then
    perform private.fill_seats_from_waitlist(old.session_id);
  end if;
  return null;
end
$$;

/** AFTER UPDATE OF capacity on course_sessions: more seats go to the waitlist. */
create or replace function private.promote_waitlist_after_capacity_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.capacity > old.capacity then
    perform private.fill_seats_from_waitlist(new.id);
  end if;
  return null;
end
$$;

revoke execute on function private.enforce_session_capacity(), private.fill_seats_from_waitlist(uuid),
  private.promote_waitlist_after_enrollment_change(), private.promote_waitlist_after_capacity_change() from public;
grant execute on function private.takes_seat(public.enrollment_status) to authenticated, service_role;

create trigger enrollments_capacity before insert or update of status, session_id on public.enrollments
  for each row execute function private.enforce_session_capacity();
create trigger enrollments_promote_waitlist after update of status, session_id on public.enrollments
  for each row execute function private.promote_waitlist_after_enrollment_change();
create trigger course_sessions_promote_waitlist after update of capacity on public.course_sessions
  for each row execute function private.promote_waitlist_after_capacity_change();

-- -----------------------------------------------------------------------------
-- Ownership helpers for sales reps' training writes
-- -----------------------------------------------------------------------------

/** True when the signed-in user owns the live contact. Called by training policies. */
create or replace function private.owns_contact(target_contact uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.contacts c
     where c.id = target_contact and c.owner_id = (select auth.uid()) and c.deleted_at is null
  )
$$;

/** True when the signed-in user owns the contact of the enrollment. Called by policies. */
create or replace function private.owns_enrollment(target_enrollment uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.enrollments e
      join public.contacts c on c.id = e.contact_id
     where e.id = target_enrollment and c.owner_id = (select auth.uid()) and c.deleted_at is null
  )
$$;
revoke execute on function private.owns_contact(uuid), private.owns_enrollment(uuid) from public;
grant execute on function private.owns_contact(uuid), private.owns_enrollment(uuid) to authenticated, service_role;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- courses and sessions: the catalogue every member reads; admins and managers run it.
create policy courses_select on public.courses for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy courses_insert on public.courses for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy courses_update on public.courses for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy courses_delete on public.courses for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

create policy course_sessions_select on public.course_sessions for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy course_sessions_insert on public.course_sessions for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy course_sessions_update on public.course_sessions for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
create policy course_sessions_delete on public.course_sessions for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- enrollments: every member reads; admins, managers, and the rep who owns the contact write.
create policy enrollments_select on public.enrollments for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy enrollments_insert on public.enrollments for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
);
create policy enrollments_update on public.enrollments for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
  );
create policy enrollments_delete on public.enrollments for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- exam results: as enrollments, through the enrollment's contact.
create policy exam_results_select on public.exam_results for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy exam_results_insert on public.exam_results for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_enrollment(enrollment_id))
);
create policy exam_results_update on public.exam_results for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_enrollment(enrollment_id))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_enrollment(enrollment_id))
  );
create policy exam_results_delete on public.exam_results for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));

-- certifications: as enrollments.
create policy certifications_select on public.certifications for select to authenticated
  using ((select private.my_roles()) ? org_id::text);
create policy certifications_insert on public.certifications for insert to authenticated with check (
  (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
  or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
);
create policy certifications_update on public.certifications for update to authenticated
  using (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
  )
  with check (
    (select private.my_roles()) ->> org_id::text in ('admin', 'manager')
    or ((select private.my_roles()) ->> org_id::text = 'sales' and private.owns_contact(contact_id))
  );
create policy certifications_delete on public.certifications for delete to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager'));
