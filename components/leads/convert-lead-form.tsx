'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { convertLeadAction } from '@/app/actions/leads';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Pipeline = { id: string; name: string; stages: { id: string; name: string; is_won: boolean; is_lost: boolean }[] };
type Candidate = { id: string; name: string };

type Props = {
  lead: { id: string; updated_at: Date; name: string; company_name: string | null; email: string | null };
  contactMatches: Candidate[];
  accountMatches: Candidate[];
  pipelines: Pipeline[];
};

/**
 * Converting a lead, with a preview of exactly what will be created or linked before anything
 * is written. The service does it all in one transaction.
 */
export function ConvertLeadForm({ lead, contactMatches, accountMatches, pipelines }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [contactId, setContactId] = useState(contactMatches[0]?.id ?? '');
  const [accountChoice, setAccountChoice] = useState(accountMatches[0]?.id ?? (lead.company_name ? 'create' : 'none'));
  const [accountName, setAccountName] = useState(lead.company_name ?? '');
  const [withOpportunity, setWithOpportunity] = useState(true);
  const firstPipeline = pipelines[0];
  const [pipelineId, setPipelineId] = useState(firstPipeline?.id ?? '');
  const stages = (pipelines.find((p) => p.id === pipelineId)?.stages ?? []).filter((s) => !s.is_won && !s.is_lost);
  const [stageId, setStageId] = useState(stages[0]?.id ?? '');
  const [opportunityName, setOpportunityName] = useState(`${lead.company_name ?? lead.name} – training`);
  const [amount, setAmount] = useState('0');

  const account =
    accountChoice === 'none' ? { mode: 'none' } : accountChoice === 'create' ? { mode: 'create', name: accountName } : { mode: 'existing', account_id: accountChoice };
  const preview = [
    contactId ? `Link to the existing contact ${contactMatches.find((c) => c.id === contactId)?.name}` : `Create the contact ${lead.name}${lead.email ? ` (${lead.email})` : ''}`,
    accountChoice === 'none' ? 'No account' : accountChoice === 'create' ? `Create the account “${accountName}”` : `Link to the account ${accountMatches.find((a) => a.id === accountChoice)?.name}`,
    withOpportunity ? `Open the opportunity “${opportunityName}”` : 'No opportunity',
    'Mark the lead converted',
  ];

  const submit = () =>
    start(async () => {
      setError(null);
      const result = await convertLeadAction({
        lead_id: lead.id,
        expected_updated_at: lead.updated_at,
        contact: contactId ? { mode: 'existing', contact_id: contactId } : { mode: 'create' },
        account,
        opportunity: withOpportunity ? { name: opportunityName, pipeline_id: pipelineId, stage_id: stageId, amount } : undefined,
      });
      if (!result.ok) return setError(result.message);
      router.push(result.data.opportunityId ? `/opportunities/${result.data.opportunityId}` : `/contacts/${result.data.contactId}`);
    });

  const control = 'block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm';
  return (
    <section aria-labelledby="convert-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="convert-form">
      <h2 id="convert-heading" className="font-semibold">Convert this lead</h2>
      {error ? <Alert>{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="convert-contact" className="block text-sm font-medium">Contact</label>
          <select id="convert-contact" className={control} value={contactId} onChange={(e) => setContactId(e.target.value)}>
            <option value="">Create a new contact</option>
            {contactMatches.map((c) => (
              <option key={c.id} value={c.id}>Existing: {c.name}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="convert-account" className="block text-sm font-medium">Account</label>
          <select id="convert-account" className={control} value={accountChoice} onChange={(e) => setAccountChoice(e.target.value)}>
            <option value="none">No account</option>
            <option value="create">Create a new account</option>
            {accountMatches.map((a) => (
              <option key={a.id} value={a.id}>Existing: {a.name}</option>
            ))}
          </select>
        </div>
        {accountChoice === 'create' ? (
          <div className="space-y-1 sm:col-span-2">
            <label htmlFor="convert-account-name" className="block text-sm font-medium">New account name</label>
            <input id="convert-account-name" className={control} value={accountName} onChange={(e) => setAccountName(e.target.value)} />
          </div>
        ) : null}
      </div>
      <label className="flex min-h-10 items-center gap-2 text-sm">
        <input type="checkbox" className="size-5" checked={withOpportunity} onChange={(e) => setWithOpportunity(e.target.checked)} />
        Also open an opportunity
      </label>
      {withOpportunity ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1 sm:col-span-2">
            <label htmlFor="convert-opportunity-name" className="block text-sm font-medium">Opportunity name</label>
            <input id="convert-opportunity-name" className={control} value={opportunityName} onChange={(e) => setOpportunityName(e.target.value)} />
          </div>
          <div className="space-y-1">
            <label htmlFor="convert-pipeline" className="block text-sm font-medium">Pipeline</label>
            <select id="convert-pipeline" className={control} value={pipelineId} onChange={(e) => { setPipelineId(e.target.value); setStageId(''); }}>
              {pipelines.map((p) => (<option key={p.id} value={p.id}>{p.name}</option>))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="convert-stage" className="block text-sm font-medium">Stage</label>
            <select id="convert-stage" className={control} value={stageId} onChange={(e) => setStageId(e.target.value)}>
              <option value="">Choose a stage</option>
              {stages.map((s) => (<option key={s.id} value={s.id}>{s.name}</option>))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="convert-amount" className="block text-sm font-medium">Amount (EUR)</label>
            <input id="convert-amount" type="number" min={0} step="0.01" className={control} value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
        </div>
      ) : null}
      <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="convert-preview">
        <p className="font-medium">What will happen</p>
        <ul className="mt-1 list-disc pl-5">
          {preview.map((line) => (<li key={line}>{line}</li>))}
        </ul>
      </div>
      <Button onClick={submit} disabled={pending}>
        {pending ? 'Converting…' : 'Convert lead'}
      </Button>
    </section>
  );
}
