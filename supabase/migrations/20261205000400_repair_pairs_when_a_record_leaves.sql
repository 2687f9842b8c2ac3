-- =============================================================================
-- A record written is paired with the earliest live record it matches, once. When that one
-- leaves — to the trash, into a merge, or (a lead) converted — its pairs go stale and the
-- records that pointed at it would never be listed again, though they may still match each
-- other. So they are compared again, with what is left.
-- =============================================================================

create or replace function private.contact_left_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_contact_duplicates(array(select d.contact_id from public.contact_duplicates d where d.duplicate_of = new.id));
  return null;
end
$$;
revoke execute on function private.contact_left_duplicates() from public;
create trigger contacts_duplicates_on_leave after update of deleted_at on public.contacts
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function private.contact_left_duplicates();

create or replace function private.account_left_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_account_duplicates(array(select d.account_id from public.account_duplicates d where d.duplicate_of = new.id));
  return null;
end
$$;
revoke execute on function private.account_left_duplicates() from public;
create trigger accounts_duplicates_on_leave after update of deleted_at on public.accounts
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function private.account_left_duplicates();

create or replace function private.lead_left_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_lead_duplicates(array(select d.lead_id from public.lead_duplicates d where d.duplicate_of = new.id));
  return null;
end
$$;
revoke execute on function private.lead_left_duplicates() from public;
create trigger leads_duplicates_on_leave after update of deleted_at, status on public.leads
  for each row when ((old.deleted_at is null and new.deleted_at is not null) or (old.status <> 'converted' and new.status = 'converted'))
  execute function private.lead_left_duplicates();
