'use client';

import { createColumnHelper, type RowSelectionState, rowSelectionFeature, tableFeatures, useTable } from '@tanstack/react-table';
import { type ReactNode, useMemo } from 'react';

/** TanStack Table with row selection; a column's meta carries its (responsive) classes. */
const features = tableFeatures({ rowSelectionFeature, columnMeta: {} as { className?: string; align?: 'right' } });
const column = createColumnHelper<typeof features, { id: string }>();

export type GridColumn<T> = {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** e.g. `hidden md:table-cell` to drop a column on narrow screens. */
  className?: string;
  align?: 'right';
};

export type GridSelection<T> = {
  selected: RowSelectionState;
  onChange: (next: RowSelectionState) => void;
  /** The accessible name of a row's checkbox, e.g. "Select Ada Lovelace". */
  rowLabel: (row: T) => string;
  /** The accessible name of the header checkbox, e.g. "Select all leads on this page". */
  allLabel: string;
};

type Props<T extends { id: string }> = {
  rows: T[];
  columns: GridColumn<T>[];
  caption: string;
  testId?: string;
  rowTestId?: string;
  /** Without it the grid has no checkboxes (people who may not change the rows). */
  selection?: GridSelection<T>;
};

const cellClass = (meta: { className?: string; align?: 'right' } | undefined, extra = '') =>
  `px-3 py-2 ${meta?.align === 'right' ? 'text-right tabular-nums' : ''} ${meta?.className ?? ''} ${extra}`;

/**
 * The grid of every CRM list: a server-paginated page of rows (the server sorts and filters;
 * the URL holds both), rendered through TanStack Table so selection, column definitions and
 * rendering are one component instead of one table per page.
 */
export function DataGrid<T extends { id: string }>({ rows, columns, caption, testId, rowTestId, selection }: Props<T>) {
  // Rebuilt when the columns or the checkbox labels change, not on every selection change:
  // the checkboxes read their state from the table.
  const selectable = Boolean(selection);
  const rowLabel = selection?.rowLabel;
  const allLabel = selection?.allLabel;
  const defs = useMemo(() => {
    const body = columns.map((c) =>
      column.display({ id: c.id, header: c.header, cell: ({ row }) => c.cell(row.original as T), meta: { className: c.className, align: c.align } }),
    );
    if (!selectable || !rowLabel) return body;
    const pick = column.display({
      id: 'select',
      header: ({ table }) => (
        <input
          type="checkbox"
          className="size-5"
          aria-label={allLabel}
          checked={table.getIsAllRowsSelected()}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input type="checkbox" className="size-5" aria-label={rowLabel(row.original as T)} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
      ),
      meta: { className: 'w-10' },
    });
    return [pick, ...body];
  }, [columns, selectable, rowLabel, allLabel]);

  const selected = selection?.selected ?? {};
  const table = useTable({
    features,
    columns: defs,
    data: rows,
    getRowId: (row) => row.id,
    enableRowSelection: Boolean(selection),
    state: { rowSelection: selected },
    onRowSelectionChange: (updater) => selection?.onChange(typeof updater === 'function' ? updater(selected) : updater),
  });

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      {/* On a phone the rows become cards ("card-list" in globals.css); the roles keep the table's semantics there. */}
      {/* biome-ignore lint/a11y/noRedundantRoles: the roles keep table semantics when the phone layout makes these elements blocks */}
      <table role="table" className="card-list min-w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-left text-slate-700">
          {table.getHeaderGroups().map((group) => (
            // biome-ignore lint/a11y/noRedundantRoles: the roles keep table semantics when the phone layout makes these elements blocks
            <tr key={group.id} role="row">
              {group.headers.map((header) => (
                // biome-ignore lint/a11y/noRedundantRoles: the roles keep table semantics when the phone layout makes these elements blocks
                <th key={header.id} role="columnheader" scope="col" className={cellClass(header.column.columnDef.meta, 'font-medium')}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            // biome-ignore lint/a11y/noRedundantRoles: the roles keep table semantics when the phone layout makes these elements blocks
            <tr key={row.id} role="row" data-testid={rowTestId} className={row.getIsSelected() ? 'bg-blue-50' : undefined}>
              {row.getAllCells().map((cell, index) => (
                // biome-ignore lint/a11y/noRedundantRoles: the roles keep table semantics when the phone layout makes these elements blocks
                <td key={cell.id} role="cell" data-label={index === 0 || cell.column.id === 'select' || cell.column.id === columns[0]?.id ? '' : String(cell.column.columnDef.header ?? '')} className={cellClass(cell.column.columnDef.meta)}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
