-- =============================================================================
-- Duplicate contacts, found when they are written instead of when the queue is read: the
-- same mailbox, the same phone, or a similar name at the same account (trigram similarity).
--
-- The queue (lib/crm/merges.ts) used to walk every contact newest first and look for an
-- earlier one with the same mailbox or phone. With few duplicates it read the whole
-- organisation before it had a page: ~14 s at 1,000,000 contacts (and the planner could
-- turn it quadratic: 11 minutes at 20,000). Now each contact written is compared once, by
-- index, with the organisation's live contacts, and a pair is kept when one matches; the
-- queue reads the newest pairs and checks that they still match (an edit or a merge since
-- leaves a stale pair behind, which the queue skips).
--
-- A pair names two contacts of one organisation and nothing else; a member sees it only
-- when they can see both contacts (the contacts policies decide). Only these triggers write it.
-- =============================================================================

-- The earliest contact with a mailbox or phone, straight from the index: with created_at in
-- it, "order by created_at limit 1" reads one entry — a switchboard number shared by
-- hundreds of contacts no longer fetches and sorts them all for each one written.
drop index public.contacts_normalised_email_idx;
drop index public.contacts_normalised_phone_idx;
create index contacts_normalised_email_idx on public.contacts (org_id, private.normalised_email(email::text), created_at, id) where deleted_at is null and email is not null;
create index contacts_normalised_phone_idx on public.contacts (org_id, private.normalised_phone(phone), created_at, id) where deleted_at is null and phone is not null;

create table public.contact_duplicates (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.organizations (id) on delete cascade,
  -- The contact written, and the earliest live contact it matched when it was.
  contact_id uuid not null,
  duplicate_of uuid not null,
  reason text not null check (reason in ('email', 'phone', 'name')),
  found_at timestamptz not null default now(),
  -- (also the index of a contact's own pairs)
  unique (contact_id, duplicate_of, reason)
);
comment on table public.contact_duplicates is 'Two contacts that had the same mailbox or phone when one was written: the duplicates queue, newest first.';
create index contact_duplicates_queue_idx on public.contact_duplicates (org_id, found_at desc, id desc);
create index contact_duplicates_of_idx on public.contact_duplicates (duplicate_of);
alter table public.contact_duplicates enable row level security;
revoke all on public.contact_duplicates from anon, authenticated;
grant select on public.contact_duplicates to authenticated;
grant select, insert, update, delete on public.contact_duplicates to service_role;
/**
 * Whether the signed-in person can see a contact (an invoker's function: the contacts
 * policies decide). A function, not an EXISTS in the policy: the planner turned those into
 * joins over every contact before the queue's first page.
 */
create or replace function private.can_see_contact(target uuid) returns boolean
language sql stable
set search_path = ''
as $$
  select exists (select 1 from public.contacts c where c.id = target)
$$;
revoke execute on function private.can_see_contact(uuid) from public;
grant execute on function private.can_see_contact(uuid) to authenticated, service_role;

-- Both contacts visible to the reader. The organisation test is written as a list of ids,
-- not `my_roles() ? org_id`: the planner guesses that operator keeps 0.1% of the rows, which
-- here (every pair of the organisation) made it sort all pairs, checking each, before the first.
create policy contact_duplicates_select on public.contact_duplicates for select to authenticated
  using (org_id in (select k::uuid from jsonb_object_keys((select private.my_roles())) k)
         and private.can_see_contact(contact_id) and private.can_see_contact(duplicate_of));

insert into private.personal_data_coverage (table_name, export_rule, erase_rule) values
  ('contact_duplicates', 'not exported (two contact ids that looked alike, for the duplicates queue)', 'the subject''s pairs are deleted');

-- Not foreign keys, so a merge does not move pairs (private.merge_references lists what it
-- moves): a merged contact is in the trash, which makes its pairs stale — and an unmerge,
-- bringing it back, makes them current again. A pair goes when either contact is deleted.
create or replace function private.contacts_deleted_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.contact_duplicates where contact_id in (select id from removed);
  delete from public.contact_duplicates where duplicate_of in (select id from removed);
  return null;
end
$$;
revoke execute on function private.contacts_deleted_duplicates() from public;
grant execute on function private.contacts_deleted_duplicates() to authenticated, service_role;
create trigger contacts_duplicates_on_delete after delete on public.contacts
  referencing old table as removed
  for each statement execute function private.contacts_deleted_duplicates();

/**
 * Two names that are probably one person's ("Jon Smith", "John Smith"; "Smith, Jo"): trigram
 * similarity of the whole names at least 0.6. Compared only among one account's contacts —
 * its 200 newest when a contact is written, so a bulk import into one account stays linear.
 */
create or replace function private.alike_names(first_a text, last_a text, first_b text, last_b text) returns boolean
language sql immutable parallel safe
as $$
  select coalesce(last_a, '') <> '' and coalesce(last_b, '') <> ''
     and extensions.similarity(lower(concat_ws(' ', first_a, last_a)), lower(concat_ws(' ', first_b, last_b))) >= 0.6
$$;
grant execute on function private.alike_names(text, text, text, text) to authenticated, service_role;

/**
 * The pairs the given contacts make with the organisation's other live contacts: for each
 * and each reason, the earliest match, in the order of the mailbox and phone indexes (ordered
 * by created_at alone, the planner walked every contact by date). Each written id is looked
 * up by key (the `offset 0`: hash-joined, every statement of a bulk load read the whole table).
 */
create or replace function private.record_contact_duplicates(written uuid[]) returns void
language sql volatile security definer
set search_path = ''
as $$
  insert into public.contact_duplicates (org_id, contact_id, duplicate_of, reason)
  select n.org_id, n.id, m.id, 'email'
    from unnest(written) w (id)
    cross join lateral (select c.* from public.contacts c where c.id = w.id offset 0) n
    cross join lateral (select a.id from public.contacts a
                         where a.org_id = n.org_id and a.deleted_at is null and a.email is not null and a.id <> n.id
                           and private.normalised_email(a.email::text) = private.normalised_email(n.email::text)
                         order by private.normalised_email(a.email::text), a.created_at, a.id limit 1) m
   where n.deleted_at is null and n.email is not null
  union all
  select n.org_id, n.id, m.id, 'phone'
    from unnest(written) w (id)
    cross join lateral (select c.* from public.contacts c where c.id = w.id offset 0) n
    cross join lateral (select a.id from public.contacts a
                         where a.org_id = n.org_id and a.deleted_at is null and a.phone is not null and a.id <> n.id
                           and private.normalised_phone(a.phone) = private.normalised_phone(n.phone)
                         order by private.normalised_phone(a.phone), a.created_at, a.id limit 1) m
   where n.deleted_at is null and private.normalised_phone(n.phone) is not null
  union all
  select n.org_id, n.id, m.id, 'name'
    from unnest(written) w (id)
    cross join lateral (select c.* from public.contacts c where c.id = w.id offset 0) n
    cross join lateral (select s.id from (select a.id, a.first_name, a.last_name from public.contacts a
                                            where a.org_id = n.org_id and a.account_id = n.account_id and a.deleted_at is null and a.id <> n.id
                                            order by a.created_at desc limit 200) s
                         where private.alike_names(s.first_name, s.last_name, n.first_name, n.last_name)
                         limit 1) m
   where n.deleted_at is null and n.account_id is not null
  on conflict (contact_id, duplicate_of, reason) do nothing
$$;
revoke execute on function private.record_contact_duplicates(uuid[]) from public;

/**
 * Whether a pair still holds: a merge, an edit or the trash since it was found can undo it
 * (the queue and the record page's notice skip one that does not).
 */
create or replace function private.still_alike(reason text, a public.contacts, b public.contacts) returns boolean
language sql stable
set search_path = ''
as $$
  select a.id <> b.id and a.deleted_at is null and b.deleted_at is null and case reason
    when 'email' then private.normalised_email(a.email::text) = private.normalised_email(b.email::text)
    when 'phone' then private.normalised_phone(a.phone) = private.normalised_phone(b.phone)
    else a.account_id = b.account_id and private.alike_names(a.first_name, a.last_name, b.first_name, b.last_name) end
$$;
grant execute on function private.still_alike(text, public.contacts, public.contacts) to authenticated, service_role;

/** New contacts, a statement at a time (an import inserts thousands in one). */
create or replace function private.contacts_added_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_contact_duplicates(array(select id from added where email is not null or phone is not null or account_id is not null));
  return null;
end
$$;
revoke execute on function private.contacts_added_duplicates() from public;
grant execute on function private.contacts_added_duplicates() to authenticated, service_role;
create trigger contacts_duplicates_on_insert after insert on public.contacts
  referencing new table as added
  for each statement execute function private.contacts_added_duplicates();

/** A contact whose mailbox, phone, name or account changed, or who came back from the trash. */
create or replace function private.contact_changed_duplicates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.record_contact_duplicates(array[new.id]);
  return null;
end
$$;
revoke execute on function private.contact_changed_duplicates() from public;
grant execute on function private.contact_changed_duplicates() to authenticated, service_role;
create trigger contacts_duplicates_on_update after update of email, phone, first_name, last_name, account_id, deleted_at on public.contacts
  for each row
  when (new.deleted_at is null and (old.email is distinct from new.email or old.phone is distinct from new.phone
        or old.first_name is distinct from new.first_name or old.last_name is distinct from new.last_name
        or old.account_id is distinct from new.account_id or old.deleted_at is not null))
  execute function private.contact_changed_duplicates();

-- The contacts already there: each with the earliest earlier contact it matches.
insert into public.contact_duplicates (org_id, contact_id, duplicate_of, reason, found_at)
select n.org_id, n.id, m.id, 'email', n.created_at
  from public.contacts n
  cross join lateral (select a.id from public.contacts a
                       where a.org_id = n.org_id and a.deleted_at is null and a.email is not null
                         and private.normalised_email(a.email::text) = private.normalised_email(n.email::text)
                         and (a.created_at, a.id) < (n.created_at, n.id)
                       order by private.normalised_email(a.email::text), a.created_at, a.id limit 1) m
 where n.deleted_at is null and n.email is not null
union all
select n.org_id, n.id, m.id, 'phone', n.created_at
  from public.contacts n
  cross join lateral (select a.id from public.contacts a
                       where a.org_id = n.org_id and a.deleted_at is null and a.phone is not null
                         and private.normalised_phone(a.phone) = private.normalised_phone(n.phone)
                         and (a.created_at, a.id) < (n.created_at, n.id)
                       order by private.normalised_phone(a.phone), a.created_at, a.id limit 1) m
 where n.deleted_at is null and private.normalised_phone(n.phone) is not null
union all
select n.org_id, n.id, m.id, 'name', n.created_at
  from public.contacts n
  cross join lateral (select s.id from (select a.id, a.first_name, a.last_name from public.contacts a
                                          where a.org_id = n.org_id and a.account_id = n.account_id and a.deleted_at is null
                                            and (a.created_at, a.id) < (n.created_at, n.id)
                                          order by a.created_at desc limit 200) s
                       where private.alike_names(s.first_name, s.last_name, n.first_name, n.last_name)
                       limit 1) m
 where n.deleted_at is null and n.account_id is not null
on conflict (contact_id, duplicate_of, reason) do nothing;

/** Erasure (20261203000300) also deletes the pairs of the subject's contacts. */
create or replace function private.forget_subject_elsewhere(org uuid, contact_ids uuid[], lead_ids uuid[], email text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  counts jsonb := private.forget_subject_in_imports(org, contact_ids, lead_ids, email);
  merges integer;
  pairs integer;
begin
  delete from public.record_merges r where r.org_id = org and (r.survivor_id = any (contact_ids) or r.merged_ids && contact_ids);
  get diagnostics merges = row_count;
  delete from public.contact_duplicates d where d.org_id = org and (d.contact_id = any (contact_ids) or d.duplicate_of = any (contact_ids));
  get diagnostics pairs = row_count;
  return counts || jsonb_build_object('record_merges', merges, 'contact_duplicates', pairs);
end
$$;
revoke execute on function private.forget_subject_elsewhere(uuid, uuid[], uuid[], text) from public;
