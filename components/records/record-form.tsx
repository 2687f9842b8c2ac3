'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Controller, type Resolver, useForm } from 'react-hook-form';
import { z } from 'zod';
import { createRecordAction } from '@/app/actions/record-edits';
import { findDuplicatesAction } from '@/app/actions/search';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import type { ActionResult } from '@/lib/actions';
import type { BulkEntity } from '@/lib/crm/bulk.entities';
import { customValuesSchema, type PropertyDefinition } from '@/lib/crm/custom-properties.schema';
import type { Duplicate } from '@/lib/crm/duplicates';
import type { Member } from '@/lib/crm/members';
import type { SearchKind } from '@/lib/crm/search';
import { customInputFor } from './custom-inputs';
import { type Picked, RecordPicker } from './record-picker';

export type FieldSpec = { name: string; label: string; hint?: string } & (
  | { kind: 'text' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'datetime' | 'textarea' }
  | { kind: 'select' | 'multiselect'; options: [value: string, label: string][] }
  | { kind: 'checkbox' }
  | { kind: 'record'; recordKind: SearchKind; initial?: Picked }
);

export type RecordFormProps = Props;

/**
 * How a form saves. By default it creates the `entity` and opens the new record; an
 * enrollment (no page of its own) passes its own action and says what happened in place.
 */
type Submit = { action: (values: Record<string, unknown>) => Promise<ActionResult<unknown>>; onDone: (data: unknown) => void };

type Props = {
  entity: BulkEntity | 'enrollments';
  submit?: Submit;
  /** Two columns from tablet width (a page of its own), or one (a form in a side column). */
  stacked?: boolean;
  /** The service's own create schema: the form checks exactly what the server will. */
  schema: z.ZodType;
  fields: FieldSpec[];
  defaults?: Record<string, unknown>;
  submitLabel: string;
  /** Warn while typing when this field matches an existing record. */
  duplicates?: { field: string; kind: 'contact' | 'lead' | 'account'; noun: string };
  /** The organisation's custom properties of this kind of record, asked for after the record's own fields. */
  custom?: { definitions: PropertyDefinition[]; members: Pick<Member, 'user_id' | 'display_name'>[] };
};

/** The fields of the live custom properties, named custom.<key> (react-hook-form nests them under `custom`). */
function customFields(definitions: PropertyDefinition[], members: Pick<Member, 'user_id' | 'display_name'>[]): FieldSpec[] {
  return definitions
    .filter((d) => !d.archived)
    .map((d): FieldSpec => ({
      name: `custom.${d.key}`,
      label: d.required ? `${d.label} (required)` : d.label,
      hint: d.help_text ?? (d.currency ? `In ${d.currency}.` : undefined),
      ...customInputFor(d, members),
    }));
}

/** A schema that reports the issues of both schemas for the same value. */
const bothChecked = (a: z.ZodType, b: z.ZodType) =>
  z.unknown().superRefine((value, ctx) => {
    for (const schema of [a, b]) {
      const result = schema.safeParse(value);
      if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

/** A datetime-local value (no zone) as the instant it means where the user is. */
const asInstant = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? new Date(value).toISOString() : value);

/** Creates a record with react-hook-form and the service's zod schema, then opens it. */
export function RecordForm({ entity, submit, stacked = false, schema, fields: ownFields, defaults = {}, submitLabel, duplicates, custom }: Props) {
  const router = useRouter();
  const toast = useToast();
  const definitions = custom?.definitions ?? [];
  const fields = [...ownFields, ...customFields(definitions, custom?.members ?? [])];
  // The record's schema, and its custom values checked by the schema the server uses too.
  // (Checked side by side, not intersected: both hold `custom`, in different shapes. The form
  // sends what was typed — raw — so only the issues matter here.)
  const fullSchema = definitions.length ? bothChecked(schema, z.object({ custom: customValuesSchema(definitions, 'create') })) : schema;
  const initial = Object.fromEntries(
    ownFields.map((f) => [f.name, f.kind === 'record' ? (f.initial?.id ?? '') : f.kind === 'checkbox' ? false : (defaults[f.name] ?? '')]),
  );
  // Custom values start empty: what is left blank is not set (a yes/no left unticked is "no").
  if (definitions.length) initial.custom = {};
  // raw: the form checks with the schema but sends what was typed; the server parses it again
  // (its transforms, e.g. '' → null, are not meant to be applied twice).
  const form = useForm<Record<string, unknown>>({ resolver: zodResolver(fullSchema as never, undefined, { raw: true }) as unknown as Resolver<Record<string, unknown>>, defaultValues: { ...initial, ...defaults } });
  const { errors, isSubmitting } = form.formState;
  const [found, setFound] = useState<Duplicate[]>([]);
  const watched = duplicates ? String(form.watch(duplicates.field) ?? '') : '';

  useEffect(() => {
    if (!duplicates || !/^\S+@\S+\.\S+$|^[a-z0-9.-]+\.[a-z]{2,}$/i.test(watched.trim())) {
      setFound([]);
      return;
    }
    const timer = setTimeout(() => {
      // A hint, not a gate: if the check fails (or the form was just submitted) we show nothing.
      findDuplicatesAction({ kind: duplicates.kind, [duplicates.field === 'domain' ? 'domain' : 'email']: watched.trim() }).then(
        (result) => setFound(result.ok ? result.data : []),
        () => setFound([]),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [watched, duplicates]);

  const onSubmit = form.handleSubmit(async (values) => {
    const customValues = values.custom as Record<string, unknown> | undefined;
    const sent = customValues ? { ...values, custom: Object.fromEntries(Object.entries(customValues).map(([k, v]) => [k, asInstant(v)])) } : values;
    if (submit) {
      const result = await submit.action(sent);
      if (result.ok) {
        form.reset();
        return submit.onDone(result.data);
      }
      for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field, { message: messages[0] });
      return toast({ tone: 'error', message: result.message });
    }
    if (entity === 'enrollments') throw new Error('An enrollment form saves through its own action.');
    const result = await createRecordAction(entity, sent);
    if (result.ok) return router.push(`/${entity}/${result.data.id}`);
    for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field, { message: messages[0] });
    toast({ tone: 'error', message: result.message });
  });

  const error = (name: string) => {
    const [head, key] = name.split('.');
    const found = key ? (errors[head as string] as Record<string, { message?: string }> | undefined)?.[key] : errors[name];
    return (found?.message ?? (form.formState.errors[name] as { message?: string } | undefined)?.message) as string | undefined;
  };
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid={`new-${entity}-form`}>
      <div className={stacked ? 'grid gap-4' : 'grid gap-4 sm:grid-cols-2'}>
        {fields.map((field) => {
          const wide = field.kind === 'textarea' ? 'sm:col-span-2' : '';
          if (field.kind === 'select') {
            return (
              <div key={field.name} className={wide}>
                <SelectField label={field.label} hint={field.hint} error={error(field.name)} {...form.register(field.name)}>
                  {field.options.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </SelectField>
              </div>
            );
          }
          if (field.kind === 'multiselect') {
            return (
              <fieldset key={field.name} className="space-y-1 sm:col-span-2">
                <legend className="text-sm font-medium text-slate-800">{field.label}</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1">
                  {field.options.map(([value, label]) => (
                    <label key={value} className="flex min-h-8 items-center gap-2 text-sm">
                      <input type="checkbox" className="size-4" value={value} {...form.register(field.name, { setValueAs: (v) => (Array.isArray(v) ? v : v ? [v] : []) })} />
                      {label}
                    </label>
                  ))}
                </div>
                {field.hint ? <p className="text-xs text-slate-600">{field.hint}</p> : null}
                {error(field.name) ? (
                  <p role="alert" className="text-sm text-red-700">
                    {error(field.name)}
                  </p>
                ) : null}
              </fieldset>
            );
          }
          if (field.kind === 'checkbox') {
            return (
              <label key={field.name} className="flex min-h-10 items-center gap-2 self-end text-sm">
                <input type="checkbox" className="size-5" {...form.register(field.name)} />
                {field.label}
              </label>
            );
          }
          if (field.kind === 'record') {
            return (
              <Controller
                key={field.name}
                control={form.control}
                name={field.name}
                render={({ field: control }) => (
                  <RecordPickerField kind={field.recordKind} label={field.label} initial={field.initial ?? null} onChange={(picked) => control.onChange(picked?.id ?? '')} error={error(field.name)} />
                )}
              />
            );
          }
          if (field.kind === 'textarea') {
            return (
              <div key={field.name} className="space-y-1 sm:col-span-2">
                <label htmlFor={`field-${field.name}`} className="block text-sm font-medium text-slate-800">
                  {field.label}
                </label>
                <textarea id={`field-${field.name}`} rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" {...form.register(field.name)} />
              </div>
            );
          }
          return (
            <div key={field.name}>
              <TextField label={field.label} type={field.kind === 'datetime' ? 'datetime-local' : field.kind} hint={field.hint} error={error(field.name)} step={field.kind === 'number' ? 'any' : undefined} {...form.register(field.name)} />
              {duplicates?.field === field.name && found.length > 0 ? (
                <p role="status" className="mt-1 text-sm text-amber-800" data-testid="duplicate-warning">
                  A {duplicates.noun} with this {duplicates.field === 'domain' ? 'domain' : 'email'} exists:{' '}
                  {found.map((d, i) => (
                    <span key={d.id}>
                      {i > 0 ? ', ' : ''}
                      <Link href={d.href} className="underline">
                        open {d.title}
                      </Link>
                    </span>
                  ))}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : submitLabel}
      </Button>
    </form>
  );
}

function RecordPickerField({ kind, label, initial, onChange, error }: { kind: SearchKind; label: string; initial: Picked; onChange: (picked: Picked) => void; error?: string }) {
  const [picked, setPicked] = useState<Picked>(initial);
  return (
    <RecordPicker
      kind={kind}
      label={label}
      value={picked}
      error={error}
      onChange={(next) => {
        setPicked(next);
        onChange(next);
      }}
    />
  );
}
