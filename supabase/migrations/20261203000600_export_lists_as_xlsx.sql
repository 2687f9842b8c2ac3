-- =============================================================================
-- A list can be exported as an Excel workbook as well as a CSV file. The worker stores an
-- XLSX export's rows as JSON lines (typed cells: numbers stay numbers) in the same resumable
-- chunks; the download turns them into a workbook as it streams (lib/exports/xlsx.ts), since
-- a ZIP cannot be written a chunk at a time across restarts.
-- =============================================================================

alter table public.list_exports
  add column file_format text not null default 'csv' check (file_format in ('csv', 'xlsx'));
comment on column public.list_exports.file_format is 'csv: chunks are the CSV file; xlsx: chunks are JSON lines of cells, made a workbook on download.';
grant insert (file_format) on public.list_exports to authenticated;
