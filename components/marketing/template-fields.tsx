'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { SelectField, TextAreaField, TextField } from '@/components/ui/field';
import type { FieldSpec } from '@/lib/marketing/template-fields';
import { RichTextEditor } from './rich-text-editor';

type Props = Record<string, unknown>;
export type SessionChoice = { id: string; label: string; value: Record<string, unknown> };

/** Field errors from the server are keyed `props.a.b`; the message for one path. */
const errorAt = (errors: Record<string, string[]>, path: string[]) => errors[['props', ...path].join('.')]?.join(' ');

/** datetime-local shows the browser's local time; props hold an exact instant (ISO with offset). */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** An image: uploaded here (stored by the app, lib/media/store.ts) or any https address. */
function ImageField({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (next: unknown) => void }) {
  const id = useId();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <TextField label={`${label} — web address`} type="url" value={value} error={error} hint="Upload a picture below, or paste the https address of one." onChange={(e) => onChange(e.target.value || undefined)} />
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Upload a picture (PNG, JPEG, GIF or WebP, up to 1 MB)
      </label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        className="block text-sm"
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          setStatus('Uploading…');
          const response = await fetch('/api/media', { method: 'PUT', body: file }).catch(() => null);
          const body = (await response?.json().catch(() => null)) as { url?: string; message?: string } | null;
          if (response?.ok && body?.url) {
            onChange(body.url);
            setStatus('Uploaded.');
          } else setStatus(body?.message ?? 'The upload failed. Try again.');
        }}
      />
      <p role="status" className="text-sm text-slate-700" data-testid="image-upload-status">
        {status}
      </p>
    </div>
  );
}

function Field({ spec, value, onChange, path, errors, sessions }: { spec: FieldSpec; value: unknown; onChange: (next: unknown) => void; path: string[]; errors: Record<string, string[]>; sessions: SessionChoice[] }) {
  const id = useId();
  const error = errorAt(errors, path);
  const label = spec.required ? spec.label : `${spec.label} (optional)`;
  const text = typeof value === 'string' ? value : '';
  const count = 'max' in spec && spec.max ? `${text.length} / ${spec.max}` : undefined;
  switch (spec.kind) {
    case 'image':
      return <ImageField label={label} value={text} error={error} onChange={onChange} />;
    case 'text':
    case 'url':
    case 'email':
      return (
        <TextField
          label={label}
          type={spec.kind === 'text' ? 'text' : spec.kind === 'email' ? 'email' : 'url'}
          value={text}
          maxLength={'max' in spec ? spec.max : undefined}
          hint={spec.kind === 'url' ? 'A full web address, starting https://' : count}
          error={error}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      );
    case 'textarea':
      return <TextAreaField label={label} value={text} maxLength={spec.max} hint={count} error={error} onChange={(e) => onChange(e.target.value || undefined)} />;
    case 'richText':
      return <RichTextEditor label={label} value={text} error={error} onChange={(html) => onChange(html)} />;
    case 'date':
      return <TextField label={label} type="date" value={text.slice(0, 10)} error={error} onChange={(e) => onChange(e.target.value || undefined)} />;
    case 'datetime':
      return (
        <TextField
          label={label}
          type="datetime-local"
          value={toLocalInput(value)}
          hint="In your browser’s time zone."
          error={error}
          onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : undefined)}
        />
      );
    case 'number':
      return (
        <TextField
          label={label}
          type="number"
          inputMode={spec.integer ? 'numeric' : 'decimal'}
          step={spec.integer ? 1 : 'any'}
          value={typeof value === 'number' ? String(value) : ''}
          error={error}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'boolean':
      return (
        <label htmlFor={id} className="flex min-h-10 items-center gap-2 text-sm">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {spec.label}
          {error ? <span className="text-red-700" role="alert">{error}</span> : null}
        </label>
      );
    case 'select':
      return (
        <SelectField label={label} value={text} error={error} onChange={(e) => onChange(e.target.value || undefined)}>
          {spec.required ? null : <option value="">—</option>}
          {spec.options.map((o) => (
            <option key={o} value={o}>{o}</option>
          ))}
        </SelectField>
      );
    case 'lines': {
      const lines = Array.isArray(value) ? (value as string[]) : [];
      return (
        <TextAreaField
          label={label}
          hint={`One per line${spec.maxItems ? `, at most ${spec.maxItems}` : ''}.`}
          value={lines.join('\n')}
          error={error}
          onChange={(e) => {
            const next = e.target.value.split('\n');
            onChange(next.some((l) => l.trim()) ? next : undefined);
          }}
          onBlur={(e) => {
            const next = e.target.value.split('\n').map((l) => l.trim()).filter(Boolean);
            onChange(next.length ? next : undefined);
          }}
        />
      );
    }
    case 'group': {
      const group = value && typeof value === 'object' ? (value as Props) : undefined;
      return (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-800">{label}</legend>
          {spec.editor === 'session' && sessions.length ? (
            <SelectField
              label="Fill in from one of your sessions"
              value=""
              onChange={(e) => {
                const chosen = sessions.find((s) => s.id === e.target.value);
                if (chosen) onChange(chosen.value);
              }}
            >
              <option value="">Choose a session…</option>
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>{s.label}</option>
              ))}
            </SelectField>
          ) : null}
          {!spec.required && group ? (
            <Button variant="secondary" onClick={() => onChange(undefined)}>
              Remove {spec.label.toLowerCase()}
            </Button>
          ) : null}
          {!spec.required && !group ? (
            <Button variant="secondary" onClick={() => onChange({})}>
              Add {spec.label.toLowerCase()}
            </Button>
          ) : (
            <Fields fields={spec.fields} value={group ?? {}} onChange={onChange} path={path} errors={errors} sessions={sessions} />
          )}
          {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
        </fieldset>
      );
    }
    case 'repeat': {
      const items = Array.isArray(value) ? (value as Props[]) : [];
      return (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-800">{label}</legend>
          {items.map((item, index) => (
            // Items have no ids of their own; their position is their identity while editing.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div key={index} className="space-y-2 border-l-2 border-slate-200 pl-3">
              <p className="text-xs font-medium text-slate-600">{spec.label} {index + 1}</p>
              <Fields fields={spec.item} value={item} onChange={(next) => onChange(items.map((it, i) => (i === index ? (next as Props) : it)))} path={[...path, String(index)]} errors={errors} sessions={sessions} />
              {items.length > (spec.minItems ?? 0) ? (
                <Button variant="secondary" onClick={() => onChange(items.filter((_, i) => i !== index))}>
                  Remove {spec.label.toLowerCase()} {index + 1}
                </Button>
              ) : null}
            </div>
          ))}
          {items.length < (spec.maxItems ?? 20) ? (
            <Button variant="secondary" onClick={() => onChange([...items, {}])}>
              Add to {spec.label.toLowerCase()}
            </Button>
          ) : null}
          {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
        </fieldset>
      );
    }
    case 'json':
      return (
        <TextAreaField
          label={`${label} (JSON)`}
          defaultValue={JSON.stringify(value ?? null, null, 2)}
          error={error}
          onBlur={(e) => {
            try {
              onChange(JSON.parse(e.target.value));
            } catch {
              // left as typed; the server answers with the field error
            }
          }}
        />
      );
  }
}

/** The fields of one object (the template's props, or a group inside them). */
export function Fields({ fields, value, onChange, path = [], errors, sessions }: { fields: FieldSpec[]; value: Props; onChange: (next: Props) => void; path?: string[]; errors: Record<string, string[]>; sessions: SessionChoice[] }) {
  return (
    <div className="space-y-3">
      {fields.map((spec) => (
        <Field
          key={spec.key}
          spec={spec}
          value={value[spec.key]}
          path={[...path, spec.key]}
          errors={errors}
          sessions={sessions}
          onChange={(next) => {
            const copy = { ...value };
            if (next === undefined) delete copy[spec.key];
            else copy[spec.key] = next;
            onChange(copy);
          }}
        />
      ))}
    </div>
  );
}
