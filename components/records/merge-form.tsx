'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { mergeAccountsAction, mergeContactsAction, mergeLeadsAction } from '@/app/actions/merges';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export type MergeColumn = {
  id: string;
  name: string;
  added: string;
  /** Field → the value as shown. */
  shown: Record<string, string>;
  brings: string;
};

/** What is merged, and how the form names it. */
const objects = {
  contacts: { one: 'contact', many: 'contacts', action: mergeContactsAction, moves: 'activities, emails, consents, bookings, exam results, certificates, deals, tags, custom values and history' },
  accounts: { one: 'account', many: 'accounts', action: mergeAccountsAction, moves: 'contacts, deals, activities, paid bookings, converted leads, tags and custom values' },
  leads: { one: 'lead', many: 'leads', action: mergeLeadsAction, moves: 'activities, emails, consents, campaign and sequence places, tags, custom values and history' },
} as const;

type Props = {
  object: keyof typeof objects;
  columns: MergeColumn[];
  fields: { key: string; label: string }[];
  /** The value kept for each field unless one is picked, per survivor (lib/crm/merges.ts defaultMergeChoice). */
  defaults: Record<string, Record<string, string>>;
};

/**
 * The side-by-side merge: which record survives, and for each field whose value it keeps
 * (one radio group per field, named by the field). Everything the others have moves to it.
 */
export function MergeForm({ object, columns, fields, defaults }: Props) {
  const noun = objects[object];
  const router = useRouter();
  const toast = useToast();
  const [survivor, setSurvivor] = useState(columns[0]?.id ?? '');
  const [choice, setChoice] = useState<Record<string, string>>(defaults[columns[0]?.id ?? ''] ?? {});
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const others = columns.filter((c) => c.id !== survivor);

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const result = await noun.action({ survivor, merged: others.map((c) => c.id), choice });
          if (!result.ok) {
            setError(result.message);
            return;
          }
          toast({ tone: 'info', message: `Merged ${others.length + 1} ${noun.many}. The ${noun.one}'s page can undo it for 30 days.` });
          router.push(`/${object}/${survivor}`);
        });
      }}
    >
      {/* relative: the screen-reader-only labels of columns scrolled out of view stay inside the scroller instead of widening the page */}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-max text-sm">
          <caption className="sr-only">The {noun.many} to merge, side by side</caption>
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium text-slate-700">
                Field
              </th>
              {columns.map((c) => (
                <th key={c.id} scope="col" className="px-3 py-2 align-top font-medium">
                  <span className="block">{c.name}</span>
                  <span className="block text-xs font-normal text-slate-600">Added {c.added}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            <tr className="bg-brand-50/40">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                Keep this {noun.one}
              </th>
              {columns.map((c) => (
                <td key={c.id} className="px-3 py-2">
                  <label className="flex min-h-8 items-center gap-2">
                    <input
                      type="radio"
                      name="survivor"
                      className="size-4"
                      checked={survivor === c.id}
                      onChange={() => {
                        setSurvivor(c.id);
                        setChoice(defaults[c.id] ?? {});
                      }}
                    />
                    <span>{survivor === c.id ? 'Kept' : 'Keep'}</span>
                    <span className="sr-only">{c.name}</span>
                  </label>
                </td>
              ))}
            </tr>
            {fields.map((field) => (
              <tr key={field.key}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {field.label}
                </th>
                {columns.map((c) => (
                  <td key={c.id} className="px-3 py-2">
                    <label className="flex min-h-8 items-center gap-2">
                      <input
                        type="radio"
                        name={`field-${field.key}`}
                        className="size-4"
                        aria-label={`${field.label}: ${c.shown[field.key] || 'empty'} (${c.name})`}
                        checked={choice[field.key] === c.id}
                        onChange={() => setChoice({ ...choice, [field.key]: c.id })}
                      />
                      <span className={c.shown[field.key] ? 'break-words' : 'text-slate-500'}>{c.shown[field.key] || '—'}</span>
                    </label>
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                Brings along
              </th>
              {columns.map((c) => (
                <td key={c.id} className="px-3 py-2 text-slate-700">
                  {c.brings}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-700">
        Everything the other {others.length === 1 ? `${noun.one} has` : `${others.length} ${noun.many} have`} — {noun.moves} — moves to the kept {noun.one}. The others go to the trash and their links lead to it. You
        can undo the merge for 30 days.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Merging…' : `Merge ${columns.length} ${noun.many}`}
      </Button>
    </form>
  );
}
