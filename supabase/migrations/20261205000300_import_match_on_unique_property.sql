-- =============================================================================
-- Imports match rows on a unique custom property too (a customer number, a member id):
-- imports.match is then `custom:<key>`, the mapping's field for that property. The app
-- checks that the property is live and unique (lib/imports/imports.ts); the database that
-- only the objects with custom properties of their own are matched so.
-- =============================================================================

alter table public.imports drop constraint imports_match_check;
alter table public.imports add constraint imports_match_check
  check (match in ('email', 'domain', 'external_id', 'certificate_number', 'booking', 'name', 'none') or match ~ '^custom:[a-z][a-z0-9_]{0,62}$');

alter table public.imports drop constraint imports_match_fits_object;
alter table public.imports add constraint imports_match_fits_object check (
  mapping = '{}'::jsonb or case object::text
    when 'contacts' then match in ('email', 'external_id') or match like 'custom:%'
    when 'leads' then match in ('email', 'external_id') or match like 'custom:%'
    when 'accounts' then match in ('domain', 'external_id') or match like 'custom:%'
    when 'opportunities' then match in ('external_id', 'name') or match like 'custom:%'
    when 'activities' then match in ('external_id', 'none')
    when 'enrollments' then match = 'booking'
    when 'exam_results' then match = 'booking'
    when 'certifications' then match = 'certificate_number'
    else false
  end);
