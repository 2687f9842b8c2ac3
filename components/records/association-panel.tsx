'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { linkRecordAction } from '@/app/actions/record-edits';
import { RecordPicker } from '@/components/records/record-picker';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { Association } from '@/lib/crm/associations';
import type { SearchKind } from '@/lib/crm/search';

export type LinkedItem = { id: string; href: string; title: string; detail?: string | null };

type Props = {
  heading: string;
  link: Association;
  /** "many": the listed records point at this one (an account's contacts); "one": this record points at the listed one (a contact's account). */
  mode: 'many' | 'one';
  recordId: string;
  pick: SearchKind;
  items: LinkedItem[];
  canEdit: boolean;
  emptyText: string;
  newRecord?: { href: string; label: string };
  /** How many there are in all, when the list shows only the first of them. */
  total?: number;
  /** Shown under the list when it holds only the first of more (e.g. "Showing 200 of 1,204"). */
  footnote?: string;
};

/**
 * Records linked to this one, with the links added (an existing record, or a new one) and
 * removed where they are shown. A removal can be undone from its toast.
 */
export function AssociationPanel({ heading, link, mode, recordId, pick, items, canEdit, emptyText, newRecord, total, footnote }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [pending, start] = useTransition();
  const headingId = `${link}-${mode}-heading`;
  const noun = heading.toLowerCase().replace(/s$/, '');

  const setLink = (other: string, linked: boolean) =>
    mode === 'many'
      ? linkRecordAction({ link, record_id: other, target_id: linked ? recordId : null })
      : linkRecordAction({ link, record_id: recordId, target_id: linked ? other : null });

  const add = (picked: { id: string; title: string } | null) => {
    if (!picked) return;
    start(async () => {
      const result = await setLink(picked.id, true);
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      setAdding(false);
      toast({ tone: 'info', message: `${picked.title} linked.` });
      router.refresh();
    });
  };
  const remove = (item: LinkedItem) =>
    start(async () => {
      const result = await setLink(item.id, false);
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      router.refresh();
      toast({
        tone: 'info',
        message: `${item.title} unlinked.`,
        action: { label: 'Undo', onClick: () => void setLink(item.id, true).then(() => router.refresh()) },
      });
    });

  const full = mode === 'one' && items.length > 0;
  return (
    <section aria-labelledby={headingId} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid={`links-${link}-${mode}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="font-semibold">
          {heading}
          {mode === 'many' ? ' ' : null}
          {mode === 'many' ? <span className="font-normal text-slate-600">({(total ?? items.length).toLocaleString('en-GB')})</span> : null}
        </h2>
        {canEdit ? (
          <div className="flex gap-2">
            {!adding ? (
              <Button variant="secondary" size="sm" onClick={() => setAdding(true)} disabled={pending}>
                {full ? 'Change' : `Add ${mode === 'many' ? 'existing' : noun}`}
              </Button>
            ) : null}
            {newRecord ? (
              <Link href={newRecord.href} className="inline-flex min-h-8 items-center rounded-md px-2 text-sm text-brand-700 underline">
                {newRecord.label}
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      {adding ? (
        <div className="flex items-end gap-2">
          <div className="grow">
            <RecordPicker kind={pick} label={`Find a ${pick} to link`} value={null} onChange={add} />
          </div>
          <Button variant="secondary" size="sm" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </div>
      ) : null}
      {items.length === 0 ? <p className="text-sm text-slate-700">{emptyText}</p> : null}
      <ul className="divide-y divide-slate-100 text-sm">
        {items.map((item) => (
          <li key={item.id} className="flex items-center justify-between gap-2 py-1.5">
            <span className="min-w-0">
              <Link href={item.href} className="text-brand-700 underline">
                {item.title}
              </Link>
              {item.detail ? <span className="text-slate-600"> · {item.detail}</span> : null}
            </span>
            {canEdit ? (
              <button
                type="button"
                className="shrink-0 rounded px-2 py-1 text-sm text-slate-700 underline hover:bg-slate-100"
                onClick={() => remove(item)}
                disabled={pending}
                aria-label={`Unlink ${item.title}`}
              >
                Unlink
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {footnote ? <p className="text-xs text-slate-600">{footnote}</p> : null}
    </section>
  );
}
