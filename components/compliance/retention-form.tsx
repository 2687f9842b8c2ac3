'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { saveRetentionPolicyAction } from '@/app/actions/compliance';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

type Policy = { kind: string; label: string; keep_months: number | null; legal_basis: string | null; enabled: boolean };

/** One kind of data: how many months it is kept and on what legal basis. */
export function RetentionPolicyForm({ policy, canEdit }: { policy: Policy; canEdit: boolean }) {
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const input = 'block min-h-10 w-full rounded-md border border-slate-300 px-3 text-sm';
  return (
    <form
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[1fr_8rem_2fr_auto]"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        start(async () => {
          const result = await saveRetentionPolicyAction({ kind: policy.kind, keep_months: data.get('keep_months'), legal_basis: data.get('legal_basis'), enabled: data.get('enabled') === 'on' });
          toast(result.ok ? { tone: 'info', message: `${policy.label}: retention saved.` } : { tone: 'error', message: result.message });
          router.refresh();
        });
      }}
    >
      <fieldset className="contents" disabled={!canEdit || pending}>
        <div>
          <p className="text-sm font-medium">{policy.label}</p>
          <label className="mt-2 flex items-center gap-2 text-sm"><input type="checkbox" name="enabled" className="size-5" defaultChecked={policy.enabled} />Apply daily</label>
        </div>
        <div>
          <label htmlFor={`keep-${policy.kind}`} className="block text-sm font-medium">Keep (months)</label>
          <input id={`keep-${policy.kind}`} name="keep_months" type="number" min={1} max={240} defaultValue={policy.keep_months ?? ''} className={input} />
        </div>
        <div>
          <label htmlFor={`basis-${policy.kind}`} className="block text-sm font-medium">Legal basis</label>
          <input id={`basis-${policy.kind}`} name="legal_basis" defaultValue={policy.legal_basis ?? ''} placeholder="e.g. Art. 6(1)(f) legitimate interest; 24 months covers the sales cycle" className={input} />
        </div>
        {canEdit ? <div className="self-end"><Button type="submit">Save</Button></div> : null}
      </fieldset>
    </form>
  );
}
