-- =============================================================================
-- What the learner portal shows about a course, edited by staff (Training → a course):
--   * preparation: what to read, bring or install before the day (the booking email and the
--     booking page; the defaults when empty). It was a key of `custom` nothing could set.
--   * renewal_course_ids: the organisation's other courses that also renew this course's
--     certificate (continuing-education workshops, webinars): the renew page and the
--     renewal reminder offer them beside the course's own dates.
-- Both checked by trigger: items of a sensible length; renewal courses of the same
-- organisation, never the course itself.
-- =============================================================================

alter table public.courses add column preparation text[] not null default '{}' check (cardinality(preparation) <= 8);
alter table public.courses add column renewal_course_ids uuid[] not null default '{}' check (cardinality(renewal_course_ids) <= 10);
comment on column public.courses.preparation is 'What a trainee prepares before the course (at most 8 items of up to 300 characters); empty: the defaults.';
comment on column public.courses.renewal_course_ids is 'Other courses of the organisation that also renew this course''s certificate (continuing education).';

update public.courses c
   set preparation = array(select left(btrim(p), 300) from jsonb_array_elements_text(c.custom -> 'preparation') p where btrim(p) <> '' limit 8),
       custom = c.custom - 'preparation'
 where jsonb_typeof(c.custom -> 'preparation') = 'array';

/** BEFORE INSERT/UPDATE on courses: the portal's lists hold what they say. Definer rights: the
    renewal courses are checked whoever may see them. */
create or replace function private.check_course_portal_lists() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select 1 from unnest(new.preparation) p where length(btrim(p)) not between 1 and 300) then
    raise exception 'Each preparation item is 1 to 300 characters.' using errcode = 'check_violation', constraint = 'courses_portal_lists', column = 'preparation';
  end if;
  if new.id = any (new.renewal_course_ids) then
    raise exception 'A course cannot renew itself: its own dates are offered anyway.' using errcode = 'check_violation', constraint = 'courses_portal_lists', column = 'renewal_course_ids';
  end if;
  if exists (select 1 from unnest(new.renewal_course_ids) r
              where not exists (select 1 from public.courses c where c.id = r and c.org_id = new.org_id)) then
    raise exception 'A renewal course must be one of this organisation''s courses.' using errcode = 'check_violation', constraint = 'courses_portal_lists', column = 'renewal_course_ids';
  end if;
  return new;
end
$$;
revoke execute on function private.check_course_portal_lists() from public;
create trigger courses_portal_lists before insert or update of preparation, renewal_course_ids on public.courses
  for each row execute function private.check_course_portal_lists();

-- The trainee reads the lists, no longer `custom` (the organisation's own keys are staff's).
revoke select (custom) on public.courses from trainee;
grant select (preparation, renewal_course_ids) on public.courses to trainee;
