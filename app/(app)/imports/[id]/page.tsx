import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RefreshWhilePending } from '@/components/exports/refresh-while-pending';
import { CancelImport, RevertImport } from '@/components/imports/import-controls';
import { ImportSummary } from '@/components/imports/import-summary';
import { MappingForm } from '@/components/imports/mapping-form';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { inUserTransaction } from '@/lib/crm/session';
import { formatDateTime } from '@/lib/format';
import { importFields, isTrainingImport, knownSkipped, matchChoices, normaliseHeader, objectLabels, propertyObjectOf, refusalLabels, trainingImportRules } from '@/lib/imports/fields';
import { getImport, type ImportView, previewImport } from '@/lib/imports/imports';
import { importDefinitions } from '@/lib/imports/run';
import { importStatusLabels, isImportWorking } from '@/lib/imports/status';

export const metadata: Metadata = { title: 'Import' };


function progressLine(imp: ImportView): { percent: number; text: string } {
  const total = imp.rows_total ?? 0;
  const done = imp.rows_done;
  const percent = total ? Math.min(100, Math.floor((100 * done) / total)) : 0;
  if (!imp.rows_total) return { percent: 0, text: imp.status === 'queued' ? 'Waiting for the worker…' : 'Reading the file…' };
  const seconds = imp.started_at ? (Date.now() - new Date(imp.started_at).getTime()) / 1000 : 0;
  const rate = seconds > 1 && done > 0 ? done / seconds : 0;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : null;
  const etaText = eta === null ? '' : eta < 60 ? ` · about ${eta} s left` : ` · about ${Math.ceil(eta / 60)} min left`;
  return { percent, text: `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} rows (${percent}%)${rate ? ` · ${Math.round(rate).toLocaleString('en-GB')} rows/s` : ''}${etaText}` };
}

/** "12,000 rows in 3.1 s (3,870 rows/s)": how long the run took. */
function ranFor(imp: ImportView): string | null {
  if (!imp.started_at || !imp.finished_at || imp.dry_run) return null;
  const seconds = Math.max(0.1, (new Date(imp.finished_at).getTime() - new Date(imp.started_at).getTime()) / 1000);
  return `${imp.rows_done.toLocaleString('en-GB')} rows in ${seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`} (${Math.round(imp.rows_done / seconds).toLocaleString('en-GB')} rows/s)`;
}

const sizeOf = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** One import: the mapping step and dry run, then progress, then the outcome and its revert. */
export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const imp = await getImport(staff, (await params).id).catch((error: unknown) => {
    if (error instanceof CrmError) notFound();
    throw error;
  });
  const [label, tone] = importStatusLabels[imp.status];
  const working = isImportWorking(imp.status);
  const editable = imp.status === 'uploaded' || imp.status === 'checked';
  const many = objectLabels[imp.object][1];
  const training = isTrainingImport(imp.object);
  const definitions = editable ? await inUserTransaction(staff, (tx) => importDefinitions(tx, staff.orgId, imp.object)) : [];
  const preview = editable ? await previewImport(staff, imp) : null;
  const skippedHints = Object.fromEntries(imp.headers.flatMap((h, i) => (knownSkipped[normaliseHeader(h)] ? [[String(i), knownSkipped[normaliseHeader(h)] as string]] : [])));
  const progress = progressLine(imp);
  const revertible = (imp.status === 'done' || imp.status === 'cancelled') && imp.revertible_until && new Date(imp.revertible_until) > new Date();
  const refusedCount = Object.values((imp.summary.refused ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
  const revert = imp.revert_summary as { removed?: number; kept_edited?: number; restored?: number; conflicts?: number; conflicted?: { row: number; fields: string[] }[] } | null;

  return (
    <div className="max-w-5xl space-y-4">
      <LiveRefresh watch={[{ table: 'imports' }]} />
      <RefreshWhilePending pending={working} />
      <p className="text-sm">
        <Link href="/imports" className="text-brand-700 underline">
          ← Imports
        </Link>
      </p>
      <PageHeader
        title={<span className="break-all">{imp.file_name}</span>}
        subtitle={`${many[0]?.toUpperCase()}${many.slice(1)} · ${sizeOf(Number(imp.file_bytes))} · uploaded ${formatDateTime(imp.created_at)}`}
        actions={<Badge tone={tone}>{label}</Badge>}
      />

      {working ? (
        <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="progress-title">
          <h2 id="progress-title" className="font-semibold">
            {imp.status === 'checking' ? 'Dry run: nothing is written' : imp.status === 'reverting' ? 'Reverting' : 'Importing'}
          </h2>
          {imp.status !== 'reverting' ? <progress className="h-2 w-full accent-brand-600" max={100} value={progress.percent} aria-label="Import progress" /> : null}
          <p className="text-sm text-slate-700" aria-live="polite" data-testid="import-progress">
            {imp.status === 'reverting' ? 'Putting back what the import changed…' : progress.text}
          </p>
          {imp.status !== 'reverting' ? <CancelImport importId={imp.id} fileName={imp.file_name} /> : null}
        </section>
      ) : null}

      {imp.status === 'checked' && imp.dry_summary ? (
        <section className="space-y-2" aria-labelledby="dry-title">
          <h2 id="dry-title" className="text-lg font-semibold">
            Dry run: what the import would do with {Number(imp.dry_summary.rows ?? 0).toLocaleString('en-GB')} rows
          </h2>
          <ImportSummary summary={imp.dry_summary} dry testId="dry-summary" />
          {imp.dry_refused?.length ? (
            <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
              <summary className="cursor-pointer font-medium">The first refused rows</summary>
              <ul className="mt-2 space-y-1">
                {imp.dry_refused.map((r) => (
                  <li key={r.row} className="break-all">
                    Row {r.row}: {refusalLabels[r.reason] ?? r.reason} — <span className="text-slate-600">{r.cells.slice(0, 6).join(', ')}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}

      {editable && preview ? (
        <>
          <h2 className="text-lg font-semibold">Map the columns</h2>
          <MappingForm
            // Remounted when the saved settings change (a new property, another tab): the form shows what is stored.
            key={JSON.stringify([imp.mapping, imp.mode, imp.match, imp.external_source, imp.send_confirmations, definitions.length])}
            importId={imp.id}
            headers={imp.headers}
            sample={imp.sample}
            fields={importFields(imp.object, definitions).map((f) => ({ key: f.key, label: f.label, hint: f.hint }))}
            skippedHints={skippedHints}
            initial={{ mapping: imp.mapping, mode: imp.mode, match: imp.match, external_source: imp.external_source, send_confirmations: imp.send_confirmations }}
            matchOptions={matchChoices(imp.object, definitions)}
            training={isTrainingImport(imp.object) ? trainingImportRules[imp.object] : null}
            noun={many}
            canCreateProperty={staff.role === 'admin' && propertyObjectOf[imp.object] !== null}
            checkedRows={imp.status === 'checked' ? Number(imp.dry_summary?.rows ?? 0) : null}
          />
          <section className="space-y-2" aria-labelledby="preview-title">
            <h2 id="preview-title" className="text-lg font-semibold">
              Preview: the first rows as they will be stored
            </h2>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full min-w-max text-sm" data-testid="import-preview">
                <thead className="bg-slate-50 text-left text-slate-700">
                  <tr>
                    {preview.fields.map((f) => (
                      <th key={f} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                        {f}
                      </th>
                    ))}
                    <th scope="col" className="px-3 py-2 font-medium">
                      Note
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.rows.map((row, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the sample's rows have no identity but their place
                    <tr key={i} className={row.refused ? 'text-slate-500' : undefined}>
                      {row.cells.map((c, j) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns in mapping order
                        <td key={j} className="max-w-72 truncate px-3 py-2" title={c}>
                          {c}
                        </td>
                      ))}
                      <td className={`px-3 py-2 whitespace-normal ${row.refused ? 'text-red-800' : 'text-amber-900'}`}>{row.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}

      {['done', 'cancelled', 'failed', 'reverting', 'reverted'].includes(imp.status) ? (
        <section className="space-y-2" aria-labelledby="result-title">
          <h2 id="result-title" className="text-lg font-semibold">
            {imp.status === 'cancelled' ? 'Cancelled: what was written before' : 'What the import did'}
            {imp.finished_at ? <span className="ms-2 text-sm font-normal text-slate-600">{formatDateTime(imp.finished_at)}</span> : null}
          </h2>
          {imp.error ? <p className="text-sm text-red-700">{imp.error}</p> : null}
          {ranFor(imp) ? <p className="text-sm text-slate-700">{ranFor(imp)}</p> : null}
          <ImportSummary summary={imp.summary} dry={false} testId="import-summary" />
          <div className="flex flex-wrap items-center gap-2">
            {refusedCount > 0 ? (
              <a href={`/api/imports/${imp.id}/refused`} download className="inline-flex min-h-10 items-center rounded-md bg-accent px-3 text-sm font-medium text-on-accent hover:bg-accent-strong">
                Download the {refusedCount.toLocaleString('en-GB')} refused rows (CSV)
              </a>
            ) : null}
            {revertible ? <RevertImport importId={imp.id} fileName={imp.file_name} training={isTrainingImport(imp.object)} /> : null}
            {revertible && imp.revertible_until ? <span className="text-sm text-slate-600">Revertible until {formatDateTime(imp.revertible_until)}</span> : null}
          </div>
        </section>
      ) : null}

      {imp.status === 'reverted' && revert ? (
        <section className="space-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="revert-summary">
          <h2 className="text-lg font-semibold">Reverted {imp.reverted_at ? formatDateTime(imp.reverted_at) : ''}</h2>
          {training ? (
            <p>
              {(revert.removed ?? 0).toLocaleString('en-GB')} created {many} {imp.object === 'exam_results' ? '' : 'and people made for them '}removed; {(revert.restored ?? 0).toLocaleString('en-GB')} updated {many}{' '}
              restored.
            </p>
          ) : (
            <p>
              {(revert.removed ?? 0).toLocaleString('en-GB')} created {many} moved to the trash; {(revert.restored ?? 0).toLocaleString('en-GB')} updated {many} restored.
            </p>
          )}
          {revert.kept_edited ? (
            <p>
              {revert.kept_edited.toLocaleString('en-GB')} created {training ? `${many} or people` : many} were kept: someone edited them since the import
              {training ? ', or a person holds another booking or certificate' : ''}.
            </p>
          ) : null}
          {revert.conflicts ? (
            <div>
              <p>{revert.conflicts.toLocaleString('en-GB')} updated {many} keep some newer values: they were edited since the import.</p>
              <ul className="list-disc ps-5">
                {(revert.conflicted ?? []).slice(0, 20).map((c) => (
                  <li key={c.row}>
                    Row {c.row}: {c.fields.join(', ')}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
