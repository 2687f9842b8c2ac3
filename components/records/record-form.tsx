'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Controller, type Resolver, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { createRecordAction } from '@/app/actions/record-edits';
import { findDuplicatesAction } from '@/app/actions/search';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import type { BulkEntity } from '@/lib/crm/bulk.entities';
import type { Duplicate } from '@/lib/crm/duplicates';
import type { SearchKind } from '@/lib/crm/search';
import { type Picked, RecordPicker } from './record-picker';

export type FieldSpec = { name: string; label: string; hint?: string } & (
  | { kind: 'text' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'textarea' }
  | { kind: 'select'; options: [value: string, label: string][] }
  | { kind: 'checkbox' }
  | { kind: 'record'; recordKind: SearchKind; initial?: Picked }
);

type Props = {
  entity: BulkEntity;
  /** The service's own create schema: the form checks exactly what the server will. */
  schema: z.ZodType;
  fields: FieldSpec[];
  defaults?: Record<string, unknown>;
  submitLabel: string;
  /** Warn while typing when this field matches an existing record. */
  duplicates?: { field: string; kind: 'contact' | 'lead' | 'account'; noun: string };
};

/** Creates a record with react-hook-form and the service's zod schema, then opens it. */
export function RecordForm({ entity, schema, fields, defaults = {}, submitLabel, duplicates }: Props) {
  const router = useRouter();
  const toast = useToast();
  const initial = Object.fromEntries(fields.map((f) => [f.name, f.kind === 'record' ? (f.initial?.id ?? '') : f.kind === 'checkbox' ? false : (defaults[f.name] ?? '')]));
  // raw: the form checks with the schema but sends what was typed; the server parses it again
  // (its transforms, e.g. '' → null, are not meant to be applied twice).
  const form = useForm<Record<string, unknown>>({ resolver: zodResolver(schema as never, undefined, { raw: true }) as unknown as Resolver<Record<string, unknown>>, defaultValues: { ...initial, ...defaults } });
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
    const result = await createRecordAction(entity, values);
    if (result.ok) return router.push(`/${entity}/${result.data.id}`);
    for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field, { message: messages[0] });
    toast({ tone: 'error', message: result.message });
  });

  const error = (name: string) => errors[name]?.message as string | undefined;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid={`new-${entity}-form`}>
      <div className="grid gap-4 sm:grid-cols-2">
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
              <TextField label={field.label} type={field.kind} hint={field.hint} error={error(field.name)} step={field.kind === 'number' ? 'any' : undefined} {...form.register(field.name)} />
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
