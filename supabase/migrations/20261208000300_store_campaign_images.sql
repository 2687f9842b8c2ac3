-- Pictures for campaigns (issue 12). The campaign editor uploads an image; the file lives in
-- the app's media folder on the embedded default (.data/media, served at /media/<org>/<file>)
-- and this row records it: which organisation, what type, how large, who uploaded it. The
-- public URL is unguessable (a random id) because emails must show it to anyone who opens them.

create table public.media_assets (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  file_name text not null check (file_name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(png|jpg|gif|webp)$'),
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  byte_size integer not null check (byte_size between 1 and 1048576),
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, file_name)
);
comment on table public.media_assets is 'An image uploaded for campaigns; the bytes are in the media folder (lib/media/store.ts).';
create index media_assets_org_idx on public.media_assets (org_id, created_at desc);

alter table public.media_assets enable row level security;
grant select on public.media_assets to authenticated;
grant insert (org_id, file_name, content_type, byte_size) on public.media_assets to authenticated;
grant select, insert, update, delete on public.media_assets to service_role;

-- Those who build campaigns upload; those who read campaigns see what was uploaded.
create policy media_assets_select on public.media_assets for select to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing', 'compliance', 'viewer'));
create policy media_assets_insert on public.media_assets for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'marketing'));
