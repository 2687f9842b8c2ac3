'use client';

import { useState } from 'react';
import { type FieldSpec, RecordForm, type RecordFormProps } from '@/components/records/record-form';
import type { Picked } from '@/components/records/record-picker';
import { SelectField } from '@/components/ui/field';
import { opportunityCreateSchema } from '@/lib/crm/opportunities.schema';

type Pipeline = { id: string; name: string; stages: { id: string; name: string; is_won: boolean; is_lost: boolean }[] };

/** A new opportunity in a pipeline, possibly for a given contact and account (from their pages). */
export function NewOpportunityForm(props: { custom: RecordFormProps['custom']; owners: [string, string][]; me: string; pipelines: Pipeline[]; initialPipelineId: string; currency: string; account: Picked; contact: Picked }) {
  const { owners, me, pipelines, initialPipelineId, currency, account, contact, custom } = props;
  const [pipelineId, setPipelineId] = useState(initialPipelineId);
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  const openStages = (pipeline?.stages ?? []).filter((s) => !s.is_won && !s.is_lost);
  const fields: FieldSpec[] = [
    { name: 'name', label: 'Opportunity name', kind: 'text' },
    { name: 'stage_id', label: 'Stage', kind: 'select', options: openStages.map((s) => [s.id, s.name]) },
    { name: 'amount', label: 'Amount', kind: 'number' },
    { name: 'currency', label: 'Currency', kind: 'text', hint: 'Three letters, like EUR or GBP' },
    { name: 'expected_close_date', label: 'Close date', kind: 'date' },
    { name: 'owner_id', label: 'Owner', kind: 'select', options: owners },
    { name: 'account_id', label: 'Account', kind: 'record', recordKind: 'account', initial: account },
    { name: 'primary_contact_id', label: 'Contact', kind: 'record', recordKind: 'contact', initial: contact },
  ];
  return (
    <div className="space-y-4">
      {pipelines.length > 1 ? (
        <SelectField label="Pipeline" value={pipelineId} onChange={(e) => setPipelineId(e.target.value)}>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <RecordForm
        key={pipelineId}
        entity="opportunities"
        schema={opportunityCreateSchema}
        fields={fields}
        defaults={{ pipeline_id: pipelineId, stage_id: openStages[0]?.id ?? '', currency, owner_id: me, amount: '' }}
        custom={custom}
        submitLabel="Create opportunity"
      />
    </div>
  );
}
