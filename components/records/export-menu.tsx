'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { requestExportAction } from '@/app/actions/exports';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { ExportFormat, ExportList } from '@/lib/exports/list-export.schema';

/**
 * "Export": the list as it is shown — every page of it, with its filters, search and sort —
 * as a CSV file or an Excel workbook, with the columns shown or all of them. The worker writes it; the bell says
 * when it is ready, and Your exports has it for 7 days.
 */
export function ExportMenu({ list, shownColumns, scope = {} }: { list: ExportList; shownColumns: string[]; scope?: Record<string, string> }) {
  const params = useSearchParams();
  const router = useRouter();
  const toast = useToast();
  const id = useId();
  const [columns, setColumns] = useState<'shown' | 'all'>('shown');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [pending, start] = useTransition();
  const submit = () =>
    start(async () => {
      // Empty fields of the filter form say nothing. `scope`: what the page's address holds rather than its query (a campaign's recipients are of that campaign).
      const query = new URLSearchParams([...params.entries()].filter(([key, value]) => value !== '' && key !== 'cursor' && !(key in scope)).concat(Object.entries(scope))).toString();
      const result = await requestExportAction({ list, query, format, columns: columns === 'all' ? 'all' : shownColumns });
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      toast({ tone: 'info', message: 'Export started. The bell tells you when the file is ready.', action: { label: 'Your exports', onClick: () => router.push('/exports') } });
    });
  return (
    <details className="relative inline-block text-sm" data-testid="export-list">
      <summary className="inline-flex min-h-10 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3">Export</summary>
      <div className="absolute z-20 mt-1 w-72 space-y-3 max-sm:fixed max-sm:inset-x-4 max-sm:w-auto rounded-md border border-slate-200 bg-white p-3 shadow-lg">
        <fieldset className="space-y-1">
          <legend className="font-medium">Export this list</legend>
          <p className="text-xs text-slate-600">Every page, with the filters, search and sort you see.</p>
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="sr-only">File type</legend>
          <label className="flex min-h-8 items-center gap-2">
            <input type="radio" name={`${id}-format`} className="size-4" checked={format === 'csv'} onChange={() => setFormat('csv')} />
            CSV
          </label>
          <label className="flex min-h-8 items-center gap-2">
            <input type="radio" name={`${id}-format`} className="size-4" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} />
            Excel workbook (.xlsx)
          </label>
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="sr-only">Columns</legend>
          <label className="flex min-h-8 items-center gap-2">
            <input type="radio" name={`${id}-columns`} className="size-4" checked={columns === 'shown'} onChange={() => setColumns('shown')} />
            The columns shown
          </label>
          <label className="flex min-h-8 items-center gap-2">
            <input type="radio" name={`${id}-columns`} className="size-4" checked={columns === 'all'} onChange={() => setColumns('all')} />
            All columns
          </label>
        </fieldset>
        <div className="flex items-center justify-between gap-2">
          <Button onClick={submit} disabled={pending}>
            {pending ? 'Starting…' : format === 'xlsx' ? 'Export Excel' : 'Export CSV'}
          </Button>
          <Link href="/exports" className="text-brand-700 underline">
            Your exports
          </Link>
        </div>
      </div>
    </details>
  );
}
