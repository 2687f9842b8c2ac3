'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { columnAsPropertyAction, saveImportSettingsAction, startImportAction } from '@/app/actions/imports';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';

type Props = {
  importId: string;
  headers: string[];
  sample: string[][];
  fields: { key: string; label: string; hint?: string }[];
  skippedHints: Record<string, string>;
  initial: { mapping: Record<string, string>; mode: string; match: string; external_source: string | null; send_confirmations: boolean };
  matchOptions: [string, string][];
  /** A training import: how its rows are found (said, not chosen), and the email it may send. */
  training: { explanation: string; confirmation: string } | null;
  /** What the rows become, in the plural: "contacts", "bookings". */
  noun: string;
  canCreateProperty: boolean;
  /** Rows the dry run found, to name the real run's button. */
  checkedRows: number | null;
};

/**
 * The mapping step: each column of the file with its first values and the field it goes to;
 * how records are matched and what the import may do. Every change is saved at once (the
 * preview below follows); the dry run comes first, then the real run.
 */
export function MappingForm({ importId, headers, sample, fields, skippedHints, initial, matchOptions, training, noun, canCreateProperty, checkedRows }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [settings, setSettings] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const input = (next = settings) => ({ id: importId, ...next, external_source: next.external_source ?? '' });
  const save = (next: typeof settings) => {
    setSettings(next);
    start(async () => {
      const result = await saveImportSettingsAction(input(next));
      setError(result.ok ? null : result.message);
      if (result.ok) router.refresh();
    });
  };
  const run = (dry: boolean) =>
    start(async () => {
      const result = await startImportAction(input(), dry);
      if (result.ok) {
        toast({ tone: 'info', message: dry ? 'Dry run started: nothing is written.' : 'Import started.' });
        router.refresh();
      } else setError(result.message);
    });
  const used = new Set(Object.values(settings.mapping));

  return (
    <div className="space-y-4">
      <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3">
        <SelectField label="The import may" value={settings.mode} onChange={(e) => save({ ...settings, mode: e.target.value })}>
          <option value="upsert">Create new {noun} and update matching ones</option>
          <option value="create">Only create new {noun}</option>
          <option value="update">Only update matching {noun}</option>
        </SelectField>
        {training ? (
          <div className="space-y-2 text-sm sm:col-span-2">
            <p className="text-slate-700">{training.explanation}</p>
            <label className="flex items-start gap-2">
              <input
                type="checkbox"
                className="mt-1 size-4"
                checked={settings.send_confirmations}
                disabled={pending}
                onChange={(e) => save({ ...settings, send_confirmations: e.target.checked })}
              />
              <span>{training.confirmation}</span>
            </label>
          </div>
        ) : (
          <>
            <SelectField label="Match records on" value={settings.match} onChange={(e) => save({ ...settings, match: e.target.value })}>
              {matchOptions.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Source system of the ids"
              hint="Ids are stored as source:id, like hubspot:100001."
              defaultValue={settings.external_source ?? ''}
              placeholder="hubspot"
              onBlur={(e) => e.target.value !== (settings.external_source ?? '') && save({ ...settings, external_source: e.target.value || null })}
            />
          </>
        )}
      </div>

      <div className="rounded-lg border border-slate-200 bg-white">
        <div className="hidden grid-cols-[minmax(8rem,14rem)_minmax(0,1fr)_minmax(14rem,20rem)] gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-700 sm:grid" aria-hidden="true">
          <span>Column in the file</span>
          <span>First values</span>
          <span>Goes to</span>
        </div>
        <ul className="divide-y divide-slate-100" aria-label="Columns of the file and the fields they go to">
          {headers.map((header, index) => {
            const key = settings.mapping[String(index)] ?? '';
            const hint = fields.find((f) => f.key === key)?.hint ?? (key ? undefined : skippedHints[String(index)]);
            const values =
              sample
                .map((row) => row[index] ?? '')
                .filter(Boolean)
                .slice(0, 3)
                .join(' · ') || '—';
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a column is its place in the file (headers may repeat)
              <li key={index} className="grid gap-1 px-3 py-2 text-sm sm:grid-cols-[minmax(8rem,14rem)_minmax(0,1fr)_minmax(14rem,20rem)] sm:items-start sm:gap-3" data-testid="mapping-row">
                <span className="font-medium break-words">{header}</span>
                <span className="line-clamp-2 break-words text-slate-600">{values}</span>
                <div>
                  <label className="sr-only" htmlFor={`map-${index}`}>
                    Field for the column {header}
                  </label>
                  <select
                    id={`map-${index}`}
                    className="block w-full min-h-10 rounded-md border border-slate-300 bg-white px-2 text-sm"
                    value={key}
                    disabled={pending}
                    onChange={(e) => {
                      const mapping = { ...settings.mapping };
                      if (e.target.value) mapping[String(index)] = e.target.value;
                      else delete mapping[String(index)];
                      save({ ...settings, mapping });
                    }}
                  >
                    <option value="">Don’t import</option>
                    {fields.map((f) => (
                      <option key={f.key} value={f.key} disabled={used.has(f.key) && f.key !== key}>
                        {f.label}
                      </option>
                    ))}
                  </select>
                  {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
                  {!key && canCreateProperty ? (
                    <button
                      type="button"
                      className="mt-1 min-h-8 text-start text-xs font-medium text-brand-700 underline"
                      disabled={pending}
                      onClick={() =>
                        start(async () => {
                          const result = await columnAsPropertyAction(importId, index);
                          if (result.ok) {
                            toast({ tone: 'info', message: `"${header}" is now a custom property.` });
                            router.refresh();
                          } else setError(result.message);
                        })
                      }
                    >
                      Make “{header}” a new property
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      </div>

      {error ? <Alert>{error}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant={checkedRows === null ? 'primary' : 'secondary'} disabled={pending} onClick={() => run(true)}>
          {checkedRows === null ? 'Check the file (dry run)' : 'Check again'}
        </Button>
        {checkedRows !== null ? (
          <Button type="button" disabled={pending} onClick={() => run(false)}>
            Import {checkedRows.toLocaleString('en-GB')} rows
          </Button>
        ) : null}
      </div>
    </div>
  );
}
