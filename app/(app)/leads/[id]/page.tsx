import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ConvertLeadForm } from '@/components/leads/convert-lead-form';
import { DisqualifyLead } from '@/components/leads/disqualify-lead';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { DuplicateNotice, MergeUndo } from '@/components/records/merge-notices';
import { customPropertySpecs, leadProperties } from '@/components/records/property-specs';
import { ScoreCard } from '@/components/scoring/score-card';
import { RecordLayout } from '@/components/records/record-layout';
import { activityItems, Timeline } from '@/components/records/timeline';
import { TrashRecordButton } from '@/components/records/trash-record-button';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listAccounts } from '@/lib/crm/accounts';
import { listActivities } from '@/lib/crm/activities';
import { listContacts } from '@/lib/crm/contacts';
import { personScore } from '@/lib/marketing/scoring';
import { getLead } from '@/lib/crm/leads';
import { leadStatusLabels } from '@/lib/crm/leads.schema';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { canMerge, duplicateReasonLabels, duplicatesOf, mergesInto, undoableMerge } from '@/lib/crm/merges';
import { listPipelines } from '@/lib/crm/opportunities';
import { personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';

export const metadata: Metadata = { title: 'Lead' };

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const lead = await orNotFound(getLead(staff, id));
  // A lead merged into another: its links lead to the one that was kept.
  if (lead.deleted_at && lead.merged_into) redirect(`/leads/${lead.merged_into}`);
  const merges = canMerge(staff.role);
  const writable = canWriteRecords(staff.role);
  // A converted or disqualified lead is history: it is read, not worked.
  const open = lead.status !== 'converted' && lead.status !== 'disqualified' && !lead.deleted_at;
  const editable = writable && open;
  const [activities, members, definitions, pipelines, contactMatches, accountMatches, twins, mergedHere, score] = await Promise.all([
    listActivities(staff, { lead_id: lead.id }),
    listMembers(staff),
    listPropertyDefinitions(staff, 'lead'),
    editable ? listPipelines(staff) : Promise.resolve([]),
    editable && lead.email ? listContacts(staff, { q: lead.email, limit: 5 }) : Promise.resolve({ rows: [] }),
    editable && lead.company_name ? listAccounts(staff, { q: lead.company_name, limit: 5 }) : Promise.resolve({ rows: [] }),
    lead.deleted_at || lead.status === 'converted' ? Promise.resolve([]) : duplicatesOf(staff, 'leads', lead.id),
    merges ? mergesInto(staff, 'leads', lead.id) : Promise.resolve([]),
    personScore(staff, 'lead', lead.id),
  ]);
  // Converted since, the lead's merge stays (the database refuses its undo).
  const undoable = lead.status === 'converted' ? undefined : undoableMerge(mergedHere);
  const name = personName(lead);

  return (
    <RecordLayout
      list={{ href: '/leads', label: 'Leads' }}
      title={name}
      noun="lead"
      subtitle={[lead.job_title, lead.company_name].filter(Boolean).join(' at ') || undefined}
      status={<Badge tone={lead.status === 'disqualified' ? 'red' : lead.status === 'converted' ? 'green' : 'blue'}>{leadStatusLabels[lead.status]}</Badge>}
      trashed={Boolean(lead.deleted_at)}
      notice={
        <>
          {undoable ? <MergeUndo mergeId={undoable.id} names={undoable.merged_names} noun="lead" /> : null}
          <DuplicateNotice object="leads" recordId={lead.id} twins={twins.map((t) => ({ id: t.id, name: t.name || t.details[0] || 'Unnamed', reason: duplicateReasonLabels.leads[t.reason] ?? t.reason }))} canMerge={merges} />
        </>
      }
      actions={
        <>
          {editable ? <DisqualifyLead leadId={lead.id} /> : null}
          {writable ? <TrashRecordButton entity="leads" recordId={lead.id} noun="Lead" trashed={Boolean(lead.deleted_at)} seesTrash={canSeeTrash(staff.role)} /> : null}
        </>
      }
      properties={{ entity: 'leads', recordId: lead.id, version: lead.updated_at, specs: [...leadProperties(lead, ownerOptions(staff.role, staff.userId, members), members), ...customPropertySpecs(definitions, lead.custom, members)], canEdit: editable }}
      aside={
        <>
          <LiveRefresh watch={[{ table: 'leads', ids: [lead.id] }, { table: 'activities' }]} />
          <ScoreCard score={score} fallback={lead.score} />
        </>
      }
    >
      {lead.status === 'disqualified' ? <Alert tone="info">Disqualified: {lead.disqualified_reason}</Alert> : null}
      {lead.status === 'converted' && lead.converted_contact_id ? (
        <Alert tone="success">
          Converted.{' '}
          <Link href={`/contacts/${lead.converted_contact_id}`} className="underline">
            Open the contact
          </Link>
          {lead.converted_opportunity_id ? (
            <>
              {' · '}
              <Link href={`/opportunities/${lead.converted_opportunity_id}`} className="underline">
                Open the opportunity
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {editable ? (
        <ConvertLeadForm
          lead={{ id: lead.id, updated_at: lead.updated_at, name, company_name: lead.company_name, email: lead.email }}
          contactMatches={contactMatches.rows.map((c) => ({ id: c.id, name: `${personName(c)}${c.email ? ` (${c.email})` : ''}` }))}
          accountMatches={accountMatches.rows.map((a) => ({ id: a.id, name: a.name }))}
          pipelines={pipelines}
        />
      ) : null}
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        {writable && !lead.deleted_at ? <ActivityLogForm target={{ lead_id: lead.id }} /> : null}
        <Timeline items={activityItems(activities)} />
      </section>
    </RecordLayout>
  );
}
