import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RestoreButton } from '@/components/records/restore-button';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { canSeeTrash, requireStaff } from '@/lib/auth/current-staff';
import { type BulkEntity, bulkEntities } from '@/lib/crm/bulk.entities';
import { listTrash } from '@/lib/crm/trash';
import { formatDateTime } from '@/lib/format';
import { orProblem } from '@/lib/page-data';

const capitalised = (word: string) => word[0]?.toUpperCase() + word.slice(1);

/** The trash of one list (admins and managers): what was deleted, when, and Restore. */
export async function TrashPage({ entity }: { entity: BulkEntity }) {
  const staff = await requireStaff();
  if (!canSeeTrash(staff.role)) redirect(`/${entity}`);
  const { one, many } = bulkEntities[entity];
  const { data: rows, problem } = await orProblem(listTrash(staff, entity, 100));
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href={`/${entity}`} className="text-brand-700 underline">{capitalised(many)}</Link> / Trash</p>
      <PageHeader title={`${capitalised(one)} trash`} subtitle={`Deleted ${many} stay here until an admin empties the trash; restore brings them back as they were.`} />
      {problem ? <Alert>{problem}</Alert> : null}
      {rows && rows.length === 0 ? <EmptyState title="The trash is empty." /> : null}
      {rows?.length ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="trash">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <span className="grow font-medium">{row.label}{row.detail ? ` · ${row.detail}` : ''}</span>
              <span className="text-slate-700">deleted {formatDateTime(row.deleted_at)}</span>
              <RestoreButton entity={entity} id={row.id} name={row.label} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
