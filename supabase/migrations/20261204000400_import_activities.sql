-- =============================================================================
-- History comes over too: an import of activities (HubSpot's calls, meetings and notes
-- exports, any sheet of them), each on the contact, lead, account or deal it names by email,
-- domain or name. Activities are matched on the source system's id; a sheet without ids only
-- creates (match 'none'), as activities have nothing else that identifies them.
-- =============================================================================

alter type public.import_object add value if not exists 'activities';

alter table public.imports drop constraint imports_match_check;
alter table public.imports add constraint imports_match_check
  check (match in ('email', 'domain', 'external_id', 'certificate_number', 'booking', 'name', 'none'));

-- What each object may be matched on (lib/imports/fields.ts matchKeys; the app checks it
-- first, with its reasons): from the moment the file's columns are mapped.
alter table public.imports add constraint imports_match_fits_object check (
  mapping = '{}'::jsonb or case object::text
    when 'contacts' then match in ('email', 'external_id')
    when 'leads' then match in ('email', 'external_id')
    when 'accounts' then match in ('domain', 'external_id')
    when 'opportunities' then match in ('external_id', 'name')
    when 'activities' then match in ('external_id', 'none')
    when 'enrollments' then match = 'booking'
    when 'exam_results' then match = 'booking'
    when 'certifications' then match = 'certificate_number'
    else false
  end);

alter table public.activities add column import_id uuid, add column external_ids text[] not null default '{}';
alter table public.activities add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index activities_import_idx on public.activities (import_id) where import_id is not null;
create index activities_external_ids_idx on public.activities using gin (external_ids) where external_ids <> '{}';
comment on column public.activities.import_id is 'The import that created this activity (a revert of it removes the activity unless edited since).';
comment on column public.activities.external_ids is 'Ids of this activity in the systems it was imported from, as "<source>:<id>".';
