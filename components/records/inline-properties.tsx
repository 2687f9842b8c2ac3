'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { updateRecordAction } from '@/app/actions/record-edits';
import { updateEnrollmentAction } from '@/app/actions/training';
import type { BulkEntity } from '@/lib/crm/bulk.entities';
import { formatAmount, formatDate, formatDateTimeUtc } from '@/lib/format';

export type PropertyValue = string | number | boolean | string[] | null;
export type PropertyInput =
  | { kind: 'text' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'datetime' | 'textarea' }
  | { kind: 'select' | 'multiselect'; options: [value: string, label: string][] }
  | { kind: 'checkbox' };

/** Custom properties are edited as `custom.<key>` and saved as { custom: { <key>: value } }. */
const CUSTOM = 'custom.';
/** One property of a record: shown as its value, edited in place when `input` is given. */
export type PropertySpec = { key: string; label: string; value: PropertyValue; input: PropertyInput | null; hint?: string; currency?: string };

function display(spec: PropertySpec, value: PropertyValue): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  if (Array.isArray(value)) {
    const options = spec.input?.kind === 'multiselect' ? spec.input.options : [];
    return value.map((v) => options.find(([o]) => o === v)?.[1] ?? v).join(', ');
  }
  if (spec.input?.kind === 'datetime') return formatDateTimeUtc(String(value));
  if (spec.currency && typeof value !== 'boolean' && Number.isFinite(Number(value))) return formatAmount(Number(value), spec.currency);
  if (spec.input?.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return formatDate(String(value));
  if (spec.input?.kind === 'select') return spec.input.options.find(([v]) => v === String(value))?.[1] ?? String(value);
  if (spec.input?.kind === 'checkbox') return value ? 'Yes' : 'No';
  return String(value);
}

type Draft = string | boolean | string[];

/** What the input holds, as the service expects it ('' clears a field). */
function toSaved(input: PropertyInput, raw: Draft): PropertyValue {
  if (input.kind === 'checkbox') return Boolean(raw);
  if (Array.isArray(raw)) return raw;
  // A datetime-local input has no zone: it is the user's local time, saved as an instant.
  if (input.kind === 'datetime') return raw ? new Date(String(raw)).toISOString() : '';
  return String(raw);
}

/** An instant as a datetime-local input shows it, in the user's time zone. */
function toLocalInput(value: PropertyValue): string {
  if (typeof value !== 'string' || !value) return '';
  const at = new Date(value);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

const same = (a: PropertyValue, b: PropertyValue) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const blank = (v: PropertyValue) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Enrollments have no record page: their custom values are edited in the contact's training list. */
type Props = { entity: BulkEntity | 'enrollments'; recordId: string; version: string; properties: PropertySpec[]; canEdit: boolean };

/**
 * A record's properties, each edited where it is shown: click (or Enter on) a value, change it,
 * Enter saves, Esc cancels. The new value shows at once and is rolled back if the server
 * refuses it — with the reason, or, when someone saved the record meanwhile, the offer to reload.
 */
export function InlineProperties({ entity, recordId, version: initialVersion, properties, canEdit }: Props) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, PropertyValue>>(() => Object.fromEntries(properties.map((p) => [p.key, p.value])));
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ key: string; text: string; stale: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [, start] = useTransition();
  // A live refresh (someone else saved) brings new values and a new version. A refresh that
  // was rendered before the person's latest save arrives late with an older version: it is
  // ignored, or the next edit would be refused as stale against the person's own save.
  const newest = useRef(initialVersion);
  useEffect(() => {
    if (new Date(initialVersion).getTime() < new Date(newest.current).getTime()) return;
    newest.current = initialVersion;
    setValues(Object.fromEntries(properties.map((p) => [p.key, p.value])));
  }, [initialVersion, properties]);
  // Saves go one after another, each against the version the one before it left: a second
  // field edited while the first is still saving is not refused as stale against the
  // person's own save (the values show at once, so people do edit that fast).
  const saving = useRef<Promise<void>>(Promise.resolve());

  const save = (spec: PropertySpec, value: PropertyValue) => {
    setEditing(null);
    const previous = values[spec.key] ?? null;
    if (same(value, previous) || (blank(value) && blank(previous))) return;
    setValues((current) => ({ ...current, [spec.key]: blank(value) ? null : value }));
    setProblem(null);
    setAnnouncement(`Saving ${spec.label}…`);
    saving.current = saving.current.then(async () => {
      const change = spec.key.startsWith(CUSTOM) ? { custom: { [spec.key.slice(CUSTOM.length)]: value } } : { [spec.key]: value };
      const edit = { id: recordId, expected_updated_at: newest.current, ...change };
      const result = entity === 'enrollments' ? await updateEnrollmentAction(edit) : await updateRecordAction(entity, edit);
      if (result.ok) {
        newest.current = result.data.updatedAt;
        setAnnouncement(`${spec.label} saved.`);
        start(() => router.refresh());
        return;
      }
      setValues((current) => ({ ...current, [spec.key]: previous }));
      const text = result.fieldErrors[spec.key]?.[0] ?? result.message;
      setProblem({ key: spec.key, text, stale: result.kind === 'conflict' });
      setAnnouncement(`${spec.label} not saved: ${text}`);
    }).catch(() => {
      // The request itself failed (the connection): this save is undone, and the next ones still go.
      const text = 'The change could not be sent. Check the connection and try again.';
      setValues((current) => ({ ...current, [spec.key]: previous }));
      setProblem({ key: spec.key, text, stale: false });
      setAnnouncement(`${spec.label} not saved: ${text}`);
    });
  };

  return (
    <div data-testid="record-properties">
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <dl className="divide-y divide-slate-100">
        {properties.map((spec) => (
          <div key={spec.key} className="grid grid-cols-[8rem_minmax(0,1fr)] items-start gap-2 py-2 text-sm" data-testid={`property-${spec.key}`}>
            <dt className="pt-2 font-medium text-slate-700">{spec.label}</dt>
            <dd className="min-w-0">
              {editing === spec.key && spec.input ? (
                <PropertyEditor spec={spec} value={values[spec.key] ?? null} onSave={(v) => save(spec, v)} onCancel={() => setEditing(null)} />
              ) : canEdit && spec.input ? (
                <button
                  type="button"
                  onClick={() => setEditing(spec.key)}
                  aria-label={`Edit ${spec.label}: ${display(spec, values[spec.key] ?? null)}`}
                  className="block min-h-9 w-full rounded-md px-2 py-2 text-left break-words hover:bg-slate-100 focus-visible:bg-slate-100"
                >
                  {display(spec, values[spec.key] ?? null)}
                </button>
              ) : (
                <span className="block px-2 py-2 break-words">{display(spec, values[spec.key] ?? null)}</span>
              )}
              {problem?.key === spec.key ? (
                <p role="alert" className="px-2 text-sm text-red-700">
                  {problem.text}{' '}
                  {problem.stale ? (
                    <button type="button" className="underline" onClick={() => window.location.reload()}>
                      Reload
                    </button>
                  ) : null}
                </p>
              ) : null}
              {spec.hint && editing === spec.key ? <p className="px-2 text-xs text-slate-600">{spec.hint}</p> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function PropertyEditor({ spec, value, onSave, onCancel }: { spec: PropertySpec; value: PropertyValue; onSave: (value: PropertyValue) => void; onCancel: () => void }) {
  const input = spec.input as PropertyInput;
  const [draft, setDraft] = useState<Draft>(
    input.kind === 'checkbox' ? Boolean(value) : input.kind === 'multiselect' ? (Array.isArray(value) ? value : []) : input.kind === 'datetime' ? toLocalInput(value) : value === null ? '' : String(value),
  );
  const ref = useRef<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(null);
  const cancelled = useRef(false);
  useEffect(() => ref.current?.focus(), []);
  const commit = () => {
    if (!cancelled.current) onSave(toSaved(input, draft));
  };
  const keys = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      cancelled.current = true;
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && (input.kind !== 'textarea' || event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      cancelled.current = true; // the save below; the blur that follows must not save twice
      onSave(toSaved(input, draft));
    }
  };
  const common = { ref, 'aria-label': spec.label, onKeyDown: keys, onBlur: commit, className: 'block min-h-9 w-full rounded-md border border-brand-600 bg-white px-2 text-sm' };
  if (input.kind === 'select') {
    return (
      <select {...common} value={String(draft)} onChange={(e) => setDraft(e.target.value)}>
        {input.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  if (input.kind === 'multiselect') {
    const chosen = Array.isArray(draft) ? draft : [];
    return (
      <fieldset
        className="space-y-1 rounded-md border border-brand-600 bg-white p-2"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      >
        <legend className="sr-only">{spec.label}</legend>
        {input.options.map(([v, label], index) => (
          <label key={v} className="flex min-h-8 items-center gap-2">
            <input
              ref={index === 0 ? ref : undefined}
              type="checkbox"
              className="size-4"
              checked={chosen.includes(v)}
              onChange={(e) => setDraft(e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v))}
            />
            {label}
          </label>
        ))}
        <div className="flex gap-2 pt-1">
          <button type="button" className="rounded-md bg-accent px-3 py-1 text-sm text-on-accent" onClick={() => onSave(chosen)}>
            Save
          </button>
          <button type="button" className="rounded-md border border-slate-300 px-3 py-1 text-sm" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    );
  }
  if (input.kind === 'checkbox') {
    return (
      <label className="flex min-h-9 items-center gap-2 px-2">
        <input {...common} className="size-5" type="checkbox" checked={Boolean(draft)} onChange={(e) => setDraft(e.target.checked)} />
        {spec.label}
      </label>
    );
  }
  if (input.kind === 'textarea') return <textarea {...common} rows={3} value={String(draft)} onChange={(e) => setDraft(e.target.value)} />;
  return <input {...common} type={input.kind === 'datetime' ? 'datetime-local' : input.kind} value={String(draft)} onChange={(e) => setDraft(e.target.value)} step={input.kind === 'number' ? 'any' : undefined} />;
}
