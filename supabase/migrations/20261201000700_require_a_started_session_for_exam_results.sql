-- =============================================================================
-- An exam result belongs to a session that has started, and to a moment that has passed: a
-- result recorded for a session three weeks ahead was accepted, and mailed the trainee their
-- "result". Checked in the database, so every path (the app, imports, service work) obeys.
-- =============================================================================

/** BEFORE INSERT OR UPDATE OF enrollment_id, taken_at on exam_results: the enrollment's session
    has started, and the exam was taken between its start and now. */
create or replace function private.check_exam_result_timing() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  session_start timestamptz;
begin
  select s.starts_at into session_start
    from public.enrollments e join public.course_sessions s on s.id = e.session_id
   where e.id = new.enrollment_id;
  if session_start is null then
    return new; -- the foreign key reports a missing enrollment
  end if;
  if session_start > now() then
    raise exception 'This session has not started yet: record the result once the exam has been taken.'
      using errcode = 'check_violation', constraint = 'exam_results_session_started';
  end if;
  if new.taken_at > now() + interval '5 minutes' or new.taken_at < session_start - interval '1 day' then
    raise exception 'The exam must have been taken between the start of the session and now.'
      using errcode = 'check_violation', constraint = 'exam_results_taken_during_session';
  end if;
  return new;
end
$$;
revoke execute on function private.check_exam_result_timing() from public;
create trigger exam_results_timing before insert or update of enrollment_id, taken_at on public.exam_results
  for each row execute function private.check_exam_result_timing();
