'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { previewSegmentCountAction, saveSegmentAction } from '@/app/actions/marketing';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { type SegmentInput, segmentInputSchema, segmentLeadStatuses, segmentLifecycleStages } from '@/lib/marketing/segment.schema';

type Option = { id: string; name: string };
export type SegmentProperty = { key: string; label: string; audience: 'contacts' | 'leads'; options: { value: string; label: string }[] };
export type SegmentBuilderProps = {
  segmentId: string | null;
  initial: SegmentInput;
  options: { tags: Option[]; accounts: Option[]; courses: Option[]; properties: SegmentProperty[] };
  canEdit: boolean;
};

const label = (value: string) => value.replace('_', ' ').replace(/^./, (c) => c.toUpperCase());

/** A group of checkboxes bound to one array field, inside a fieldset with a legend. */
function Checkboxes({ legend, name, values, register }: { legend: string; name: string; values: { value: string; label: string }[]; register: (name: never) => object }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {values.map((v) => (
          <label key={v.value} className="inline-flex min-h-8 items-center gap-2 text-sm">
            <input type="checkbox" value={v.value} {...register(name as never)} />
            {v.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const LISTS = ['lifecycleStages', 'leadStatuses', 'tagIds', 'accountIds', 'courseIds'];

/**
 * The form's raw values as the filter schema expects them: unchecked groups (false) and
 * empty lists dropped, a lone checked box as a one-item list, and conditions of the other
 * audience left out — so the saved filter (and the count) only has what was chosen.
 */
function cleanFilter(filter: SegmentInput['filter'], audience: SegmentInput['audience']): SegmentInput['filter'] {
  const out: Record<string, unknown> = {};
  const contacts = audience === 'contacts';
  for (const [key, raw] of Object.entries(filter ?? {})) {
    const value: unknown = LISTS.includes(key) && typeof raw === 'string' ? [raw] : raw;
    if (value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0) || Number.isNaN(value)) continue;
    if (!contacts && ['lifecycleStages', 'accountIds', 'courseIds', 'certificationExpiringWithinDays'].includes(key)) continue;
    if (contacts && key === 'leadStatuses') continue;
    if (key === 'properties') {
      const chosen = Object.entries((value as Record<string, string | undefined>) ?? {}).filter(([, v]) => v);
      if (chosen.length) out.properties = Object.fromEntries(chosen);
      continue;
    }
    out[key] = value;
  }
  return out as SegmentInput['filter'];
}

export function SegmentBuilder({ segmentId, initial, options, canEdit }: SegmentBuilderProps) {
  const router = useRouter();
  const countId = useId();
  const [failure, setFailure] = useState<string | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const [withoutConsent, setWithoutConsent] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  // Validated with the server's schema, after the same clean-up the server receives.
  const form = useForm<SegmentInput>({
    resolver: (values, context, options) => zodResolver(segmentInputSchema)({ ...values, filter: cleanFilter(values.filter, values.audience) }, context, options),
    defaultValues: initial,
  });
  const audience = useWatch({ control: form.control, name: 'audience' });
  const filter = useWatch({ control: form.control, name: 'filter' });
  const key = JSON.stringify(cleanFilter(filter ?? {}, audience));

  // The live count: asked again 300 ms after the last change, under the user's own RLS.
  useEffect(() => {
    let current = true;
    setCounting(true);
    const timer = setTimeout(async () => {
      const result = await previewSegmentCountAction({ audience, filter: JSON.parse(key) });
      if (!current) return;
      setCounting(false);
      setCount(result.ok ? result.data.count : null);
      setWithoutConsent(result.ok ? result.data.withoutConsent : null);
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [audience, key]);

  const onSubmit = form.handleSubmit(
    async (values) => {
      setFailure(null);
      const result = await saveSegmentAction(segmentId, values);
      if (result.ok) router.push('/marketing/segments');
      else setFailure(result.message + (Object.keys(result.fieldErrors).length ? ` ${Object.values(result.fieldErrors).flat().join(' ')}` : ''));
    },
    (errors) => {
      const conditions = Object.values(errors.filter ?? {}).map((e) => (e as { message?: string })?.message).filter(Boolean);
      if (conditions.length) setFailure(`Some conditions need attention: ${conditions.join(' ')}`);
    },
  );

  const numberOrUndefined = (value: unknown) => (value === '' || value === null || value === undefined ? undefined : Number(value));
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5 rounded-lg border border-slate-200 bg-white p-4" data-testid="segment-builder" aria-describedby={countId}>
      {failure ? <Alert>{failure}</Alert> : null}
      <p id={countId} aria-live="polite" className="rounded-md bg-slate-100 px-3 py-2 text-sm font-medium" data-testid="segment-count" data-count={count ?? ''}>
        {count === null ? 'Counting…' : `${count.toLocaleString('en-GB')} ${audience === 'contacts' ? 'contact' : 'lead'}${count === 1 ? '' : 's'} match${count === 1 ? 'es' : ''} right now`}
        {counting && count !== null ? ' (updating…)' : ''}
      </p>
      {count !== null && withoutConsent !== null ? (
        <p className="text-sm text-slate-700" data-testid="segment-consent">
          {count.toLocaleString('en-GB')} of {withoutConsent.toLocaleString('en-GB')} {audience === 'contacts' ? 'contacts' : 'leads'} matching the other conditions have marketing consent.
          People give it on your{' '}
          <Link href="/settings/forms" className="text-brand-700 underline">web forms</Link> (confirmed by email: double opt-in), in the
          learner portal’s preferences, to staff who record it on their page, or in an import’s consent column.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" error={errors.name?.message} {...form.register('name')} />
        <SelectField label="Audience" {...form.register('audience')}>
          <option value="contacts">Contacts</option>
          <option value="leads">Leads</option>
        </SelectField>
      </div>
      <TextField label="Description (optional)" error={errors.description?.message} {...form.register('description')} />
      {audience === 'contacts' ? (
        <>
          <Checkboxes legend="Lifecycle stage (any of)" name="filter.lifecycleStages" values={segmentLifecycleStages.map((s) => ({ value: s, label: label(s) }))} register={form.register as never} />
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label="Works at (any of; Ctrl/⌘-click for several)" multiple size={6} {...form.register('filter.accountIds')}>
              {options.accounts.map((a) => (
                <option key={a.id} value={a.id}>{a.name}</option>
              ))}
            </SelectField>
            <SelectField label="Booked on a course (any of)" multiple size={6} {...form.register('filter.courseIds')}>
              {options.courses.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </SelectField>
          </div>
          <TextField
            label="Certification expiring within (days)"
            type="number"
            min={1}
            max={730}
            inputMode="numeric"
            hint="Active certifications that expire between today and this many days from now."
            error={errors.filter?.certificationExpiringWithinDays?.message}
            {...form.register('filter.certificationExpiringWithinDays', { setValueAs: numberOrUndefined })}
          />
        </>
      ) : (
        <Checkboxes legend="Lead status (any of; converted leads only when chosen)" name="filter.leadStatuses" values={segmentLeadStatuses.map((s) => ({ value: s, label: label(s) }))} register={form.register as never} />
      )}
      {options.properties
        .filter((p) => p.audience === audience)
        .map((p) => (
          <SelectField key={p.key} label={`${p.label} is`} {...form.register(`filter.properties.${p.key}` as never)}>
            <option value="">Any</option>
            {p.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        ))}
      {options.tags.length ? <Checkboxes legend="Tagged (any of)" name="filter.tagIds" values={options.tags.map((t) => ({ value: t.id, label: t.name }))} register={form.register as never} /> : null}
      <label className="flex min-h-8 items-center gap-2 text-sm">
        <input type="checkbox" {...form.register('filter.marketingConsent', { setValueAs: (v: unknown) => (v ? true : undefined) })} />
        Only people who agreed to marketing email (campaigns skip everyone else anyway)
      </label>
      {canEdit ? (
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Saving…' : 'Save segment'}
        </Button>
      ) : (
        <p className="text-sm text-slate-700">Your role can look at segments but not change them.</p>
      )}
    </form>
  );
}
