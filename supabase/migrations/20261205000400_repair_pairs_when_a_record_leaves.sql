-- =============================================================================
-- A record written is paired with the earliest live record it matches, once. When that one
-- leaves — to the trash, into a merge, or (a lead) converted — its pairs go stale and the
-- records that pointed at it would never be listed again, though they may still match each
-- other. So they are compared again, with what is left.
-- =============================================================================

/** AFTER UPDATE of a contact, account or lead that left: its look-alikes are compared again. */
create or replace function private.record_left_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  case tg_table_name
    when 'contacts' then
      perform private.record_contact_duplicates(array(select d.contact_id from public.contact_duplicates d where d.duplicate_of = new.id));
    when 'accounts' then
      perform private.record_account_duplicates(array(select d.account_id from public.account_duplicates d where d.duplicate_of = new.id));
    when 'leads' then
      perform private.record_lead_duplicates(array(select d.lead_id from public.lead_duplicates d where d.duplicate_of = new.id));
  end case;
  return null;
end
$$;
revoke execute on function private.record_left_duplicates() from public;

create trigger contacts_duplicates_on_leave after update of deleted_at on public.contacts
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function private.record_left_duplicates();
create trigger accounts_duplicates_on_leave after update of deleted_at on public.accounts
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function private.record_left_duplicates();
create trigger leads_duplicates_on_leave after update of deleted_at, status on public.leads
  for each row when ((old.deleted_at is null and new.deleted_at is not null) or (old.status <> 'converted' and new.status = 'converted'))
  execute function private.record_left_duplicates();
