'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { type Resolver, useFieldArray, useForm } from 'react-hook-form';
import { createPropertyAction, updatePropertyAction } from '@/app/actions/settings';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import {
  keyFromLabel,
  type OptionColor,
  optionColors,
  type PropertyDefinition,
  propertyCreateSchema,
  propertyTypeLabels,
  propertyTypes,
  uniqueTypes,
} from '@/lib/crm/custom-properties.schema';
import type { PropertyObject, PropertyType } from '@/lib/db/types';

/** The dot beside an option, in its colour (the same palette the database accepts). */
export const optionDot: Record<OptionColor, string> = {
  slate: 'bg-slate-500',
  blue: 'bg-blue-600',
  green: 'bg-green-600',
  amber: 'bg-amber-500',
  red: 'bg-red-600',
  purple: 'bg-purple-600',
  pink: 'bg-pink-600',
  teal: 'bg-teal-600',
};

type OptionDraft = { value?: string; label: string; color: OptionColor };
type Draft = { object: PropertyObject; label: string; key: string; type: PropertyType; required: boolean; is_unique: boolean; help_text: string; currency: string; options: OptionDraft[] };

const isSelect = (type: PropertyType) => type === 'single_select' || type === 'multi_select';

/** Options of a select: a label and a colour each, in order; added and removed in place. */
function OptionsEditor({ options, onChange, error }: { options: OptionDraft[]; onChange: (next: OptionDraft[]) => void; error?: string }) {
  const id = useId();
  const set = (index: number, patch: Partial<OptionDraft>) => onChange(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  return (
    <fieldset className="space-y-2 sm:col-span-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">Options</legend>
      {options.map((option, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: options have no identity until saved
        <div key={index} className="flex flex-wrap items-end gap-2">
          <span className={`mb-3 inline-block size-3 rounded-full ${optionDot[option.color]}`} aria-hidden="true" />
          <div className="grow">
            <label htmlFor={`${id}-label-${index}`} className="sr-only">
              Option {index + 1}
            </label>
            <input id={`${id}-label-${index}`} value={option.label} placeholder={`Option ${index + 1}`} onChange={(e) => set(index, { label: e.target.value })} className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm" />
          </div>
          <div>
            <label htmlFor={`${id}-color-${index}`} className="sr-only">
              Colour of option {index + 1}
            </label>
            <select id={`${id}-color-${index}`} value={option.color} onChange={(e) => set(index, { color: e.target.value as OptionColor })} className="block min-h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
              {optionColors.map((c) => (
                <option key={c} value={c}>
                  {c[0]?.toUpperCase()}
                  {c.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" size="sm" className="mb-1" onClick={() => onChange(options.filter((_, i) => i !== index))} aria-label={`Remove option ${option.label || index + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => onChange([...options, { label: '', color: optionColors[options.length % optionColors.length] as OptionColor }])}>
        Add option
      </Button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A new custom property of one kind of record. */
export function NewPropertyForm({ object, noun }: { object: PropertyObject; noun: string }) {
  const router = useRouter();
  const toast = useToast();
  const form = useForm<Draft>({
    resolver: zodResolver(propertyCreateSchema as never, undefined, { raw: true }) as unknown as Resolver<Draft>,
    defaultValues: { object, label: '', key: '', type: 'text', required: false, is_unique: false, help_text: '', currency: '', options: [] },
  });
  const options = useFieldArray({ control: form.control, name: 'options' });
  const { errors, isSubmitting } = form.formState;
  const type = form.watch('type');
  const label = form.watch('label');
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await createPropertyAction({ ...values, options: isSelect(values.type) ? values.options : [] });
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors)) form.setError(field as keyof Draft, { message: messages[0] });
      return toast({ tone: 'error', message: result.message });
    }
    toast({ tone: 'info', message: `“${values.label}” added to ${noun}.` });
    form.reset({ object, label: '', key: '', type: values.type, required: false, is_unique: false, help_text: '', currency: '', options: [] });
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="new-property-form">
      <h2 className="font-semibold">Add a property to {noun}</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" error={errors.label?.message} {...form.register('label')} />
        <SelectField label="Type" error={errors.type?.message} {...form.register('type')}>
          {propertyTypes.map((t) => (
            <option key={t} value={t}>
              {propertyTypeLabels[t]}
            </option>
          ))}
        </SelectField>
        <TextField label="Key" hint={`Used in imports, exports and the API. Leave empty for ${label ? keyFromLabel(label) : 'one made from the name'}.`} error={errors.key?.message} {...form.register('key')} />
        <TextField label="Help text" hint="Shown beside the field when someone fills it in." error={errors.help_text?.message} {...form.register('help_text')} />
        {type === 'currency' ? <TextField label="Currency" hint="Three letters, like EUR or GBP." error={errors.currency?.message} {...form.register('currency')} /> : null}
        {isSelect(type) ? (
          <OptionsEditor
            options={options.fields.map(({ label: l, color }) => ({ label: l, color }))}
            onChange={(next) => options.replace(next)}
            error={(errors.options?.message ?? errors.options?.root?.message ?? errors.options?.find?.((o) => o)?.label?.message) as string | undefined}
          />
        ) : null}
        <label className="flex min-h-10 items-center gap-2 text-sm">
          <input type="checkbox" className="size-5" {...form.register('required')} />
          Required when someone creates a record
        </label>
        <label className="flex min-h-10 items-center gap-2 text-sm">
          <input type="checkbox" className="size-5" disabled={!uniqueTypes.includes(type)} {...form.register('is_unique')} />
          Unique: no two records may share a value
        </label>
        {errors.is_unique?.message ? (
          <p role="alert" className="text-sm text-red-700 sm:col-span-2">
            {errors.is_unique.message}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Adding…' : 'Add property'}
      </Button>
    </form>
  );
}

/** One property: rename, change help and options, required/unique, reorder, archive or restore. */
export function PropertyRow({ definition, first, last }: { definition: PropertyDefinition; first: boolean; last: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(definition.label);
  const [help, setHelp] = useState(definition.help_text ?? '');
  const [required, setRequired] = useState(definition.required);
  const [unique, setUnique] = useState(definition.is_unique);
  const [options, setOptions] = useState<OptionDraft[]>(definition.options);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const save = (patch: Record<string, unknown>, done: string) =>
    start(async () => {
      const result = await updatePropertyAction({ id: definition.id, ...patch });
      if (!result.ok) {
        setError(Object.values(result.fieldErrors)[0]?.[0] ?? result.message);
        return;
      }
      setError(null);
      setEditing(false);
      toast({ tone: 'info', message: done });
      router.refresh();
    });
  return (
    <li className="space-y-2 rounded-md border border-slate-200 bg-white p-3" data-testid={`property-${definition.key}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{definition.label}</span>
        <code className="text-xs text-slate-600">{definition.key}</code>
        <Badge tone="slate">{propertyTypeLabels[definition.type]}</Badge>
        {definition.required ? <Badge tone="amber">Required</Badge> : null}
        {definition.is_unique ? <Badge tone="blue">Unique</Badge> : null}
        {definition.archived ? <Badge tone="red">Archived</Badge> : null}
        <span className="grow" />
        {!definition.archived ? (
          <>
            <Button variant="secondary" size="sm" disabled={pending || first} onClick={() => save({ move: 'up' }, `${definition.label} moved up.`)} aria-label={`Move ${definition.label} up`}>
              Up
            </Button>
            <Button variant="secondary" size="sm" disabled={pending || last} onClick={() => save({ move: 'down' }, `${definition.label} moved down.`)} aria-label={`Move ${definition.label} down`}>
              Down
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setEditing((e) => !e)} aria-expanded={editing} aria-label={`${editing ? 'Close' : 'Edit'} ${definition.label}`}>
              {editing ? 'Close' : 'Edit'}
            </Button>
          </>
        ) : null}
        <Button
          variant="secondary"
          size="sm"
          disabled={pending}
          aria-label={`${definition.archived ? 'Restore' : 'Archive'} ${definition.label}`}
          onClick={() => save({ archived: !definition.archived }, definition.archived ? `${definition.label} restored.` : `${definition.label} archived; its values are kept.`)}
        >
          {definition.archived ? 'Restore' : 'Archive'}
        </Button>
      </div>
      {definition.options.length && !editing ? (
        <ul className="flex flex-wrap gap-2 text-xs" aria-label={`Options of ${definition.label}`}>
          {definition.options.map((o) => (
            <li key={o.value} className="inline-flex items-center gap-1 rounded-full border border-slate-200 px-2 py-0.5">
              <span className={`size-2 rounded-full ${optionDot[o.color]}`} aria-hidden="true" />
              {o.label}
            </li>
          ))}
        </ul>
      ) : null}
      {editing ? (
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            save({ label, help_text: help, required, is_unique: unique, ...(definition.options.length ? { options } : {}) }, `${label} saved.`);
          }}
        >
          <TextField label="Name" value={label} onChange={(e) => setLabel(e.target.value)} />
          <TextField label="Help text" value={help} onChange={(e) => setHelp(e.target.value)} />
          {definition.options.length ? <OptionsEditor options={options} onChange={setOptions} /> : null}
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" className="size-5" checked={required} onChange={(e) => setRequired(e.target.checked)} />
            Required
          </label>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" className="size-5" checked={unique} disabled={!uniqueTypes.includes(definition.type)} onChange={(e) => setUnique(e.target.checked)} />
            Unique
          </label>
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              Save property
            </Button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
