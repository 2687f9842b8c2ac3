import type { Metadata } from 'next';
import Link from 'next/link';
import { UploadForm } from '@/components/imports/upload-form';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { canImportTrainingRecords, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { formatDateTime } from '@/lib/format';
import { isTrainingImport, objectChoiceLabels, objectLabels } from '@/lib/imports/fields';
import { importObjects, listMyImports } from '@/lib/imports/imports';
import { importStatusLabels } from '@/lib/imports/status';

export const metadata: Metadata = { title: 'Imports' };

/** Start an import, and the person's past imports with how each ended. */
export default async function ImportsPage({ searchParams }: { searchParams: Promise<{ object?: string }> }) {
  const staff = await requireStaff();
  const { object } = await searchParams;
  const imports = await listMyImports(staff);
  const objects = importObjects.filter((o) => !isTrainingImport(o) || canImportTrainingRecords(staff.role)).map((o): [string, string] => [o, objectChoiceLabels[o]]);
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader title="Imports" subtitle="Bring contacts, leads, accounts or training records (attendee sheets, exam results, certificate registers) in from HubSpot, Salesforce, Twenty or any spreadsheet. You check a dry run before anything is written, and can revert an import for 30 days." />
      {canWriteRecords(staff.role) ? (
        <UploadForm objects={objects} initialObject={importObjects.includes(object as never) ? (object as string) : 'contacts'} />
      ) : (
        <p className="text-sm text-slate-700">Your role does not create records, so it cannot import them. Ask an admin or a manager.</p>
      )}
      <h2 className="text-lg font-semibold">Your imports</h2>
      {imports.length === 0 ? <EmptyState title="No imports yet." action="Upload a file above to start one." /> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="imports">
        {imports.map((imp) => {
          const [label, tone] = importStatusLabels[imp.status];
          return (
            <li key={imp.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <div className="min-w-0 grow">
                <Link href={`/imports/${imp.id}`} className="font-medium text-brand-700 underline break-all">
                  {imp.file_name}
                </Link>
                <p className="text-slate-700">
                  {objectLabels[imp.object][1]} · {formatDateTime(imp.created_at)}
                  {imp.rows_total !== null ? ` · ${imp.rows_total.toLocaleString('en-GB')} rows` : ''}
                </p>
              </div>
              <Badge tone={tone}>{label}</Badge>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
