-- =============================================================================
-- Attendee sheets: an import of enrollments. Each row names a person by email and a session
-- by course code and start date; the person is found (or created, without touching an
-- existing person's data) and booked on the session, or their booking's status and price
-- updated. Revertible like every import: the bookings it created carry its id.
--
-- Who: admins and managers. A booking is the training operation's record (seats, waitlist,
-- certificates follow from it), and revert removes created bookings, which only those two
-- roles may do.
--
-- Bookings on upcoming sessions are confirmed by email only when the importer asks
-- (imports.send_confirmations): an attendee sheet usually records bookings people were
-- already told about elsewhere.
-- =============================================================================

alter type public.import_object add value if not exists 'enrollments';

alter table public.imports add column send_confirmations boolean not null default false;
comment on column public.imports.send_confirmations is 'Enrollment imports: email a booking confirmation to people booked on upcoming sessions.';
grant update (send_confirmations) on public.imports to authenticated;

alter table public.enrollments add column import_id uuid;
alter table public.enrollments add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index enrollments_import_idx on public.enrollments (import_id) where import_id is not null;
comment on column public.enrollments.import_id is 'The import that created this booking (a revert of it removes the booking unless edited since).';

-- Compared as text: the new enum value cannot be used in the transaction that adds it.
drop policy imports_insert on public.imports;
create policy imports_insert on public.imports for insert to authenticated
  with check (requested_by = (select auth.uid())
              and (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales')
              and (object::text <> 'enrollments' or (select private.my_roles()) ->> org_id::text in ('admin', 'manager')));

/** BEFORE INSERT OR UPDATE OF status: the stamps a status needs, in one place — a cancelled
    booking has its cancellation time, a waitlisted one the time it joined the waitlist, and a
    booking that is no longer cancelled has none; one that joins the waitlist again queues
    from then. Writers (the app, an import, its revert) set only the status. */
create or replace function private.stamp_enrollment_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status = 'cancelled' then
    new.cancelled_at := coalesce(new.cancelled_at, now());
  else
    new.cancelled_at := null;
  end if;
  -- Joining the waitlist (again) is a place at its end, not the place held before.
  if new.status = 'waitlisted' and tg_op = 'UPDATE' and old.status <> 'waitlisted' then
    new.waitlisted_at := now();
  elsif new.status = 'waitlisted' then
    new.waitlisted_at := coalesce(new.waitlisted_at, now());
  end if;
  return new;
end
$$;
revoke execute on function private.stamp_enrollment_status() from public;

create trigger enrollments_status_stamps before insert or update of status on public.enrollments
  for each row execute function private.stamp_enrollment_status();
