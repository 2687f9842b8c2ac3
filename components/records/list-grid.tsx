'use client';

import { DataGrid, type GridColumn } from '@/components/ui/data-grid';
import type { ExportList } from '@/lib/exports/list-export.schema';
import { exportListNouns } from '@/lib/exports/list-export.schema';
import { ExportMenu } from './export-menu';

/**
 * A list without bulk actions (the activity log, bookings, certificates, a campaign's
 * recipients): its grid, and Export with the columns it shows.
 */
export function ListGrid<T extends { id: string }>({ list, rows, columns, canExport, scope }: { list: ExportList; rows: T[]; columns: GridColumn<T>[]; canExport: boolean; scope?: Record<string, string> }) {
  const [one, many] = exportListNouns[list];
  const slug = (noun: string) => noun.replace(/ /g, '-');
  return (
    <div className="space-y-3">
      {canExport ? (
        <div className="flex flex-wrap gap-2">
          <ExportMenu list={list} shownColumns={columns.map((c) => c.id)} scope={scope} />
        </div>
      ) : null}
      <DataGrid rows={rows} columns={columns} caption={many[0]?.toUpperCase() + many.slice(1)} testId={`${slug(many)}-table`} rowTestId={`${slug(one)}-row`} />
    </div>
  );
}
