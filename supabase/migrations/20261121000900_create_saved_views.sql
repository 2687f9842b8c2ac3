-- =============================================================================
-- Saved views: a staff member's named filters of a list (the URL query of the list page),
-- private to that person.
-- =============================================================================

create table public.saved_views (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null default auth.uid(),
  list text not null check (list in ('leads', 'contacts', 'accounts', 'opportunities')),
  name text not null check (length(btrim(name)) between 1 and 80),
  query text not null check (length(query) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  unique (org_id, user_id, list, name),
  foreign key (org_id, user_id) references public.memberships (org_id, user_id) on delete cascade
);
alter table public.saved_views enable row level security;
comment on table public.saved_views is 'A staff member''s saved filters of a list page; visible only to them.';
create index saved_views_owner_idx on public.saved_views (user_id, org_id, list);

create trigger saved_views_stamp before insert or update on public.saved_views
  for each row execute function private.stamp_row();

-- Each member manages their own views in the organisations they belong to; nobody else
-- sees or touches them.
create policy saved_views_select on public.saved_views for select to authenticated
  using (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
create policy saved_views_insert on public.saved_views for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
create policy saved_views_update on public.saved_views for update to authenticated
  using (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text)
  with check (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
create policy saved_views_delete on public.saved_views for delete to authenticated
  using (user_id = (select auth.uid()) and (select private.my_roles()) ? org_id::text);
