-- =============================================================================
-- The rest of the training record: imports of certificates (a register from the previous
-- system, matched on the certificate number) and of exam results (one attempt of a booked
-- person, matched on the booking and the attempt). Like attendee sheets, admins and managers
-- import them, revert removes what an import created, and the emails they would raise (the
-- certificate issued, the exam result) go only when the importer asks.
-- =============================================================================

alter type public.import_object add value if not exists 'certifications';
alter type public.import_object add value if not exists 'exam_results';

alter table public.imports drop constraint imports_match_check;
alter table public.imports add constraint imports_match_check check (match in ('email', 'domain', 'external_id', 'certificate_number', 'booking'));

alter table public.certifications add column import_id uuid;
alter table public.certifications add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index certifications_import_idx on public.certifications (import_id) where import_id is not null;
comment on column public.certifications.import_id is 'The import that created this certificate (a revert of it removes the certificate unless edited since).';

alter table public.exam_results add column import_id uuid;
alter table public.exam_results add foreign key (org_id, import_id) references public.imports (org_id, id) on delete set null (import_id);
create index exam_results_import_idx on public.exam_results (import_id) where import_id is not null;
comment on column public.exam_results.import_id is 'The import that created this result (a revert of it removes the result unless edited since).';

-- Compared as text: the new enum values cannot be used in the transaction that adds them.
drop policy imports_insert on public.imports;
create policy imports_insert on public.imports for insert to authenticated
  with check (requested_by = (select auth.uid())
              and (select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales')
              and (object::text not in ('enrollments', 'certifications', 'exam_results')
                   or (select private.my_roles()) ->> org_id::text in ('admin', 'manager')));

-- Saved mappings follow the same rule (a sales rep cannot plant the mapping a manager is
-- offered for a training import), and say truly who saved them (stamped, not taken from the
-- client).
drop policy import_mappings_insert on public.import_mappings;
drop policy import_mappings_update on public.import_mappings;
create policy import_mappings_insert on public.import_mappings for insert to authenticated
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales')
              and (object::text not in ('enrollments', 'certifications', 'exam_results')
                   or (select private.my_roles()) ->> org_id::text in ('admin', 'manager')));
create policy import_mappings_update on public.import_mappings for update to authenticated
  using ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales')
         and (object::text not in ('enrollments', 'certifications', 'exam_results')
              or (select private.my_roles()) ->> org_id::text in ('admin', 'manager')))
  with check ((select private.my_roles()) ->> org_id::text in ('admin', 'manager', 'sales'));

/** BEFORE INSERT OR UPDATE on import_mappings: a member's save is in their own name, now. */
create or replace function private.stamp_import_mapping() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is not null then
    new.updated_by := (select auth.uid());
    new.updated_at := now();
  end if;
  return new;
end
$$;
revoke execute on function private.stamp_import_mapping() from public;
create trigger import_mappings_stamp before insert or update on public.import_mappings
  for each row execute function private.stamp_import_mapping();
