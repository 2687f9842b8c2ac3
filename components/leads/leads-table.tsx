'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { bulkLeadsAction } from '@/app/actions/leads';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { LeadBulkInput } from '@/lib/crm/bulk.schema';
import type { LeadListRow } from '@/lib/crm/leads';
import { leadStatusLabels } from '@/lib/crm/leads.labels';
import type { Member } from '@/lib/crm/members';
import { formatDate, personName } from '@/lib/format';

type Props = { rows: LeadListRow[]; members: Member[]; tags: { id: string; name: string }[]; canWrite: boolean; canTrash: boolean };

/** The leads grid with row selection and bulk actions: count, confirmation, result summary, undo. */
export function LeadsTable({ rows, members, tags, canWrite, canTrash }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState<{ label: string; action: LeadBulkInput['action'] } | null>(null);

  const toggle = (id: string) => setSelected((all) => { const next = new Set(all); next.has(id) ? next.delete(id) : next.add(id); return next; });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const run = (action: LeadBulkInput['action'], ids: string[]) =>
    start(async () => {
      const result = await bulkLeadsAction({ ids, action });
      if (!result.ok) return toast({ tone: 'error', message: result.message });
      const { changed, refused } = result.data;
      const summary = `${changed.length} lead${changed.length === 1 ? '' : 's'} changed${refused.length ? `, ${refused.length} refused: ${[...new Set(refused.map((r) => r.reason))].join(' ')}` : ''}.`;
      toast({
        tone: refused.length && !changed.length ? 'error' : 'info',
        message: summary,
        action: action.kind === 'trash' && changed.length ? { label: 'Undo', onClick: () => run({ kind: 'restore' }, changed) } : undefined,
      });
      setSelected(new Set());
      router.refresh();
    });

  const ask = (label: string, action: LeadBulkInput['action']) => setConfirming({ label, action });

  return (
    <div className="space-y-3">
      {canWrite && selected.size > 0 ? (
        <div className="flex flex-wrap items-end gap-3 rounded-lg border border-brand-600 bg-blue-50 p-3 text-sm" data-testid="bulk-toolbar">
          <p className="font-medium" aria-live="polite">{selected.size} selected</p>
          <div>
            <label htmlFor="bulk-owner" className="block text-xs font-medium">Assign to</label>
            <select id="bulk-owner" defaultValue="" onChange={(e) => e.target.value && ask(`Assign ${selected.size} leads to ${e.target.selectedOptions[0]?.text}`, { kind: 'assign', owner_id: e.target.value === 'none' ? null : e.target.value })} className="min-h-10 rounded-md border border-slate-300 bg-white px-2">
              <option value="">Choose…</option>
              <option value="none">Nobody (unassign)</option>
              {members.map((m) => <option key={m.user_id} value={m.user_id}>{m.display_name}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="bulk-status" className="block text-xs font-medium">Set status</label>
            <select id="bulk-status" defaultValue="" onChange={(e) => e.target.value && ask(`Set ${selected.size} leads to ${e.target.selectedOptions[0]?.text}`, { kind: 'status', status: e.target.value as 'new' })} className="min-h-10 rounded-md border border-slate-300 bg-white px-2">
              <option value="">Choose…</option>
              {(['new', 'working', 'qualified'] as const).map((s) => <option key={s} value={s}>{leadStatusLabels[s]}</option>)}
            </select>
          </div>
          {tags.length ? (
            <div>
              <label htmlFor="bulk-tag" className="block text-xs font-medium">Tag</label>
              <select id="bulk-tag" defaultValue="" onChange={(e) => { const [op, tagId] = e.target.value.split(':'); if (tagId) ask(`${op === 'add' ? 'Tag' : 'Untag'} ${selected.size} leads: ${e.target.selectedOptions[0]?.text}`, { kind: 'tag', tag_id: tagId, remove: op === 'remove' }); }} className="min-h-10 rounded-md border border-slate-300 bg-white px-2">
                <option value="">Choose…</option>
                {tags.map((t) => <option key={`add-${t.id}`} value={`add:${t.id}`}>Add “{t.name}”</option>)}
                {tags.map((t) => <option key={`remove-${t.id}`} value={`remove:${t.id}`}>Remove “{t.name}”</option>)}
              </select>
            </div>
          ) : null}
          {canTrash ? <Button variant="danger" onClick={() => ask(`Move ${selected.size} leads to the trash`, { kind: 'trash' })}>Move to trash</Button> : null}
          <Button variant="secondary" onClick={() => setSelected(new Set())}>Clear selection</Button>
        </div>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-labelledby="bulk-confirm" className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <p id="bulk-confirm" className="grow font-medium">{confirming.label}?</p>
          <Button disabled={pending} onClick={() => { run(confirming.action, [...selected]); setConfirming(null); }}>Confirm</Button>
          <Button variant="secondary" onClick={() => setConfirming(null)}>Cancel</Button>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="leads-table">
          <caption className="sr-only">Leads</caption>
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              {canWrite ? (
                <th scope="col" className="w-10 px-3 py-2">
                  <input type="checkbox" className="size-5" aria-label="Select all leads on this page" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))} />
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Company</th>
              <th scope="col" className="hidden px-3 py-2 font-medium xl:table-cell">Email</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Score</th>
              <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">Owner</th>
              <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((lead) => (
              <tr key={lead.id} data-testid="lead-row" className={selected.has(lead.id) ? 'bg-blue-50' : undefined}>
                {canWrite ? (
                  <td className="px-3 py-2">
                    <input type="checkbox" className="size-5" aria-label={`Select ${personName(lead)}`} checked={selected.has(lead.id)} onChange={() => toggle(lead.id)} />
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <Link href={`/leads/${lead.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">{personName(lead)}</Link>
                  {lead.company_name ? <span className="block text-xs text-slate-600 md:hidden">{lead.company_name}</span> : null}
                </td>
                <td className="hidden px-3 py-2 md:table-cell">{lead.company_name ?? '—'}</td>
                <td className="hidden px-3 py-2 xl:table-cell">{lead.email ?? '—'}</td>
                <td className="px-3 py-2">{leadStatusLabels[lead.status]}</td>
                <td className="px-3 py-2 text-right tabular-nums">{lead.score}</td>
                <td className="hidden px-3 py-2 lg:table-cell">{lead.owner_name ?? 'Unassigned'}</td>
                <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell"><time dateTime={new Date(lead.created_at).toISOString()}>{formatDate(lead.created_at)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
