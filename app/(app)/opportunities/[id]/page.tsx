import type { Metadata } from 'next';
import { LiveRefresh } from '@/components/live/live-refresh';
import { StageControl } from '@/components/opportunities/stage-control';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { AssociationPanel } from '@/components/records/association-panel';
import { customPropertySpecs, opportunityProperties } from '@/components/records/property-specs';
import { RecordLayout, RecordSection } from '@/components/records/record-layout';
import { activityItems, Timeline } from '@/components/records/timeline';
import { TrashRecordButton } from '@/components/records/trash-record-button';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listActivities } from '@/lib/crm/activities';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { getOpportunity, listPipelines } from '@/lib/crm/opportunities';
import { formatDate, formatMoney, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';

export const metadata: Metadata = { title: 'Opportunity' };

export default async function OpportunityPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const opportunity = await orNotFound(getOpportunity(staff, id));
  const [pipelines, activities, members, definitions] = await Promise.all([listPipelines(staff), listActivities(staff, { opportunity_id: opportunity.id }), listMembers(staff), listPropertyDefinitions(staff, 'opportunity')]);
  const pipeline = pipelines.find((p) => p.id === opportunity.pipeline_id);
  const stage = pipeline?.stages.find((s) => s.id === opportunity.stage_id);
  const writable = canWriteRecords(staff.role);
  const editable = writable && !opportunity.deleted_at;
  const contactName = personName({ first_name: opportunity.contact_first_name, last_name: opportunity.contact_last_name, email: opportunity.contact_email });
  return (
    <RecordLayout
      list={{ href: `/opportunities?pipeline=${opportunity.pipeline_id}`, label: 'Opportunities' }}
      title={opportunity.name}
      noun="opportunity"
      subtitle={`${formatMoney(opportunity.amount, opportunity.currency)} · ${pipeline?.name ?? ''} · ${stage?.name ?? ''}`}
      status={<Badge tone={opportunity.status === 'won' ? 'green' : opportunity.status === 'lost' ? 'red' : 'blue'}>{opportunity.status}</Badge>}
      trashed={Boolean(opportunity.deleted_at)}
      actions={writable ? <TrashRecordButton entity="opportunities" recordId={opportunity.id} noun="Opportunity" trashed={Boolean(opportunity.deleted_at)} seesTrash={canSeeTrash(staff.role)} /> : null}
      properties={{ entity: 'opportunities', recordId: opportunity.id, version: opportunity.updated_at, specs: [...opportunityProperties(opportunity, ownerOptions(staff.role, staff.userId, members), members), ...customPropertySpecs(definitions, opportunity.custom, members)], canEdit: editable }}
      aside={
        <>
          <LiveRefresh watch={[{ table: 'opportunities', ids: [opportunity.id] }, { table: 'activities' }]} />
          {pipeline ? (
            <RecordSection heading="Pipeline">
              <p className="text-sm text-slate-700">{pipeline.name}</p>
              <StageControl opportunityId={opportunity.id} stages={pipeline.stages} stageId={opportunity.stage_id} canMove={editable} />
              {opportunity.closed_at ? <p className="text-sm text-slate-700">Closed {formatDate(opportunity.closed_at)}.</p> : null}
            </RecordSection>
          ) : null}
          <AssociationPanel
            heading="Account"
            link="opportunity_account"
            mode="one"
            recordId={opportunity.id}
            pick="account"
            items={opportunity.account_id ? [{ id: opportunity.account_id, href: `/accounts/${opportunity.account_id}`, title: opportunity.account_name ?? 'Account' }] : []}
            canEdit={editable}
            emptyText="Not linked to an account."
          />
          <AssociationPanel
            heading="Contact"
            link="opportunity_contact"
            mode="one"
            recordId={opportunity.id}
            pick="contact"
            items={opportunity.primary_contact_id ? [{ id: opportunity.primary_contact_id, href: `/contacts/${opportunity.primary_contact_id}`, title: contactName }] : []}
            canEdit={editable}
            emptyText="No primary contact."
          />
        </>
      }
    >
      {opportunity.status === 'lost' ? <Alert tone="info">Lost: {opportunity.lost_reason}</Alert> : null}
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        {editable ? <ActivityLogForm target={{ opportunity_id: opportunity.id }} /> : null}
        <Timeline items={activityItems(activities)} />
      </section>
    </RecordLayout>
  );
}
