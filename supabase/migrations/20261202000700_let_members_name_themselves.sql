-- =============================================================================
-- A member changes their own name (Profile). Nobody may update their own membership row
-- (memberships_update: that would let a member raise their own role), so the name goes
-- through this function, which writes display_name and nothing else, on the caller's own
-- memberships only. better-auth's user name is changed beside it by the app.
-- =============================================================================

/** Sets the caller's display name in every organisation they belong to. */
create or replace function private.set_my_display_name(new_name text) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  -- Every kind of space off the ends (as JavaScript's trim), not only ASCII ones.
  cleaned text := regexp_replace(new_name, '^[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$', '', 'g');
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to change your name' using errcode = 'insufficient_privilege';
  end if;
  -- Control characters and the invisible ones that reorder or hide text (lib/auth/name.schema.ts).
  if cleaned is null or char_length(cleaned) not between 1 and 120
     or cleaned ~ '[\u0001-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]' then
    raise exception 'a name is 1 to 120 characters, without control characters' using errcode = 'check_violation';
  end if;
  update public.memberships set display_name = cleaned where user_id = (select auth.uid());
end
$$;
revoke execute on function private.set_my_display_name(text) from public;
grant execute on function private.set_my_display_name(text) to authenticated;
