'use client';

import Link from 'next/link';
import type { RowSelectionState } from '@tanstack/react-table';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, useTransition } from 'react';
import { bulkAction } from '@/app/actions/records';
import { Button } from '@/components/ui/button';
import { DataGrid, type GridColumn } from '@/components/ui/data-grid';
import { ExportMenu } from './export-menu';
import { useToast } from '@/components/ui/toast';
import { type BulkEntity, bulkEntities } from '@/lib/crm/bulk.entities';
import type { BulkAction } from '@/lib/crm/bulk.schema';
import { displayValue, type PropertyDefinition } from '@/lib/crm/custom-properties.labels';
import type { Member } from '@/lib/crm/members';

export type RecordGridProps<T extends { id: string }> = {
  entity: BulkEntity;
  rows: T[];
  columns: GridColumn<T>[];
  /** The accessible name of a row (its checkbox reads "Select <name>"). */
  nameOf: (row: T) => string;
  members: Member[];
  tags: { id: string; name: string }[];
  /** May change rows at all (shows the checkboxes); RLS still decides row by row. */
  canWrite: boolean;
  canTrash: boolean;
  /** Statuses a bulk "Set status" may choose, when the list has one. */
  statuses?: { value: string; label: string }[];
  /** The list's custom properties: columns the column chooser can show (hidden until chosen). */
  customProperties?: PropertyDefinition[];
  /** May export the list (every role but viewer; the database decides). */
  canExport?: boolean;
};

/** The columns a person chose for a list, kept in this browser. */
function useColumnChoice(entity: BulkEntity) {
  const storageKey = `cohort:columns:${entity}`;
  const [choice, setChoice] = useState<Record<string, boolean>>({});
  useEffect(() => {
    try {
      setChoice(JSON.parse(window.localStorage.getItem(storageKey) ?? '{}') as Record<string, boolean>);
    } catch {
      setChoice({});
    }
  }, [storageKey]);
  const toggle = (id: string, shown: boolean) =>
    setChoice((current) => {
      const next = { ...current, [id]: shown };
      window.localStorage.setItem(storageKey, JSON.stringify(next));
      return next;
    });
  return { choice, toggle };
}

function customColumn<T>(def: PropertyDefinition, members: Member[]): GridColumn<T> {
  return {
    id: `custom.${def.key}`,
    header: def.label,
    align: def.type === 'number' || def.type === 'currency' ? 'right' : undefined,
    cell: (row) => displayValue(def, (row as { custom?: Record<string, unknown> }).custom?.[def.key], (id) => members.find((m) => m.user_id === id)?.display_name) || '—',
  };
}

const select = 'min-h-10 rounded-md border border-slate-300 bg-white px-2';

/**
 * A list's grid with row selection and bulk actions: assign, status, tag, trash — each with
 * the count, a confirmation, a summary of what changed and what was refused and why, and
 * Undo after a trash.
 */
export function RecordGrid<T extends { id: string }>({ entity, rows, columns, nameOf, members, tags, canWrite, canTrash, statuses, customProperties = [], canExport = false }: RecordGridProps<T>) {
  const router = useRouter();
  const toast = useToast();
  const { one, many } = bulkEntities[entity];
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState<{ label: string; action: BulkAction } | null>(null);
  const ids = Object.keys(selection).filter((id) => selection[id]);
  const count = `${ids.length} ${ids.length === 1 ? one : many}`;

  const run = (action: BulkAction, targets: string[]) =>
    start(async () => {
      const result = await bulkAction(entity, { ids: targets, action });
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      const { changed, refused } = result.data;
      const reasons = [...new Set(refused.map((r) => r.reason))].join(' ');
      toast({
        tone: refused.length && !changed.length ? 'error' : 'info',
        message: `${changed.length} ${changed.length === 1 ? one : many} changed${refused.length ? `, ${refused.length} refused: ${reasons}` : ''}.`,
        action: action.kind === 'trash' && changed.length ? { label: 'Undo', onClick: () => run({ kind: 'restore' }, changed) } : undefined,
      });
      setSelection({});
      router.refresh();
    });

  const ask = (label: string, action: BulkAction) => setConfirming({ label, action });
  // Every column but the first (the name) can be hidden; custom properties start hidden.
  const { choice, toggle } = useColumnChoice(entity);
  const available = useMemo(() => [...columns, ...customProperties.filter((d) => !d.archived).map((d) => customColumn<T>(d, members))], [columns, customProperties, members]);
  // A custom property the list is sorted by shows too (unless hidden on purpose): the order then explains itself.
  const sort = useSearchParams().get('sort');
  const sortedBy = sort?.startsWith('cp_') ? `custom.${sort.slice(3)}` : null;
  const shownByDefault = (id: string) => !id.startsWith('custom.') || id === sortedBy;
  const shown = (column: GridColumn<T>, index: number) => index === 0 || (choice[column.id] ?? shownByDefault(column.id));
  const visible = useMemo(() => available.filter((c, i) => i === 0 || (choice[c.id] ?? (!c.id.startsWith('custom.') || c.id === sortedBy))), [available, choice, sortedBy]);
  // The label function stays the same between renders, so the grid builds its columns once.
  const rowLabel = useCallback((row: T) => `Select ${nameOf(row)}`, [nameOf]);
  const gridSelection = canWrite ? { selected: selection, onChange: setSelection, rowLabel, allLabel: `Select all ${many} on this page` } : undefined;

  return (
    <div className="space-y-3">
      {canWrite && ids.length > 0 ? (
        <div className="flex flex-wrap items-end gap-3 rounded-lg border border-brand-600 bg-blue-50 p-3 text-sm" data-testid="bulk-toolbar">
          <p className="font-medium" aria-live="polite">{ids.length} selected</p>
          <div>
            <label htmlFor="bulk-owner" className="block text-xs font-medium">Assign to</label>
            <select id="bulk-owner" value="" onChange={(e) => e.target.value && ask(`Assign ${count} to ${e.target.selectedOptions[0]?.text}`, { kind: 'assign', owner_id: e.target.value === 'none' ? null : e.target.value })} className={select}>
              <option value="">Choose…</option>
              <option value="none">Nobody (unassign)</option>
              {members.map((m) => <option key={m.user_id} value={m.user_id}>{m.display_name}</option>)}
            </select>
          </div>
          {statuses?.length ? (
            <div>
              <label htmlFor="bulk-status" className="block text-xs font-medium">Set status</label>
              <select id="bulk-status" value="" onChange={(e) => e.target.value && ask(`Set ${count} to ${e.target.selectedOptions[0]?.text}`, { kind: 'status', status: e.target.value as 'new' })} className={select}>
                <option value="">Choose…</option>
                {statuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
              </select>
            </div>
          ) : null}
          {tags.length ? (
            <div>
              <label htmlFor="bulk-tag" className="block text-xs font-medium">Tag</label>
              <select
                id="bulk-tag"
                value=""
                onChange={(e) => {
                  const [op, tagId] = e.target.value.split(':');
                  if (tagId) ask(`${op === 'add' ? 'Tag' : 'Untag'} ${count}: ${e.target.selectedOptions[0]?.text}`, { kind: 'tag', tag_id: tagId, remove: op === 'remove' });
                }}
                className={select}
              >
                <option value="">Choose…</option>
                {tags.map((t) => <option key={`add-${t.id}`} value={`add:${t.id}`}>Add “{t.name}”</option>)}
                {tags.map((t) => <option key={`remove-${t.id}`} value={`remove:${t.id}`}>Remove “{t.name}”</option>)}
              </select>
            </div>
          ) : null}
          {canTrash ? <Button variant="danger" onClick={() => ask(`Move ${count} to the trash`, { kind: 'trash' })}>Move to trash</Button> : null}
          <Button variant="secondary" onClick={() => setSelection({})}>Clear selection</Button>
        </div>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-labelledby="bulk-confirm" className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <p id="bulk-confirm" className="grow font-medium">{confirming.label}?</p>
          <Button disabled={pending} onClick={() => { run(confirming.action, ids); setConfirming(null); }}>Confirm</Button>
          <Button variant="secondary" onClick={() => setConfirming(null)}>Cancel</Button>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
      <details className="relative inline-block text-sm" data-testid="column-chooser">
        <summary className="inline-flex min-h-10 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3">Columns</summary>
        <fieldset className="absolute z-20 mt-1 w-64 space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
          <legend className="sr-only">Columns to show</legend>
          {available.slice(1).map((column, i) => (
            <label key={column.id} className="flex min-h-8 items-center gap-2">
              <input type="checkbox" className="size-4" checked={shown(column, i + 1)} onChange={(e) => toggle(column.id, e.target.checked)} />
              {column.header}
            </label>
          ))}
        </fieldset>
      </details>
      {canExport ? <ExportMenu list={entity} shownColumns={visible.map((c) => c.id)} /> : null}
      {canWrite ? (
        <Link href={`/imports?object=${entity}`} className="inline-flex min-h-10 items-center rounded-md border border-slate-300 bg-white px-3 text-sm">
          Import
        </Link>
      ) : null}
      </div>
      <DataGrid
        rows={rows}
        columns={visible}
        caption={many[0]?.toUpperCase() + many.slice(1)}
        testId={`${many}-table`}
        rowTestId={`${one}-row`}
        selection={gridSelection}
      />
    </div>
  );
}
