-- An import's dry run applies each batch of rows and rolls it back (lib/imports/run.ts), so the
-- seats a batch booked were gone when the next batch was counted: a sheet that overfills a
-- session across batches passed its dry run and then had rows refused as `session_full` in the
-- real run. The dry run now tells the seat check how many seats its earlier batches took, per
-- session, in the transaction-local setting cohort.dry_run_seats ({"<session id>": n}).
--
-- The setting can only make a session fuller (negative or missing counts are 0): whoever sets it
-- in their own transaction can refuse their own bookings, never get past a session's capacity.

create or replace function private.enforce_session_capacity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  seats integer;
  taken integer;
  dry_run_seats text := nullif(current_setting('cohort.dry_run_seats', true), '');
begin
  if not private.takes_seat(new.status)
     or (tg_op = 'UPDATE' and private.takes_seat(old.status) and old.session_id = new.session_id) then
    return new;
  end if;
  -- Lock the session so concurrent bookings are counted one after the other.
  select capacity into seats from public.course_sessions where id = new.session_id for update;
  select count(*) into taken from public.enrollments e
   where e.session_id = new.session_id and private.takes_seat(e.status) and e.id <> new.id;
  if dry_run_seats is not null then
    taken := taken + greatest(0, coalesce((dry_run_seats::jsonb ->> new.session_id::text)::integer, 0));
  end if;
  if taken >= seats then
    raise exception 'This session is full (% of % seats taken).', taken, seats
      using errcode = 'check_violation', constraint = 'enrollments_session_capacity';
  end if;
  return new;
end
$$;
