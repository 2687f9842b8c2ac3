-- =============================================================================
-- Deals come over too: an import of opportunities (HubSpot's deals export, Salesforce's
-- opportunities, any sheet). A deal names its pipeline and stage by name, its account by
-- domain or name, its primary contact by email; it is matched on the source system's id or
-- on its name. Revertible like every import: the deals it created carry its id.
-- =============================================================================

alter type public.import_object add value if not exists 'opportunities';

alter table public.imports drop constraint imports_match_check;
alter table public.imports add constraint imports_match_check check (match in ('email', 'domain', 'external_id', 'certificate_number', 'booking', 'name'));

alter table public.opportunities add column import_id uuid, add column external_ids text[] not null default '{}';
alter table public.opportunities add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index opportunities_import_idx on public.opportunities (import_id) where import_id is not null;
create index opportunities_external_ids_idx on public.opportunities using gin (external_ids) where external_ids <> '{}';
-- Matching on the deal's name, as a re-import of a sheet without ids does.
create index opportunities_name_idx on public.opportunities (org_id, lower(name)) where deleted_at is null;
comment on column public.opportunities.import_id is 'The import that created this deal (a revert of it removes the deal unless edited since).';
comment on column public.opportunities.external_ids is 'Ids of this deal in the systems it was imported from, as "<source>:<id>".';
