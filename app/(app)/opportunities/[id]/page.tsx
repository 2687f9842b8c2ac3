import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Board } from '@/components/opportunities/board';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { activityItems, Timeline } from '@/components/records/timeline';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listActivities } from '@/lib/crm/activities';
import { getOpportunity, listPipelines } from '@/lib/crm/opportunities';
import { formatDate, formatMoney } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Opportunity' };

export default async function OpportunityPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const opportunity = await orNotFound(getOpportunity(staff, id));
  const [pipelines, activities] = await Promise.all([listPipelines(staff), listActivities(staff, { opportunity_id: opportunity.id })]);
  const pipeline = pipelines.find((p) => p.id === opportunity.pipeline_id);
  const stage = pipeline?.stages.find((s) => s.id === opportunity.stage_id);
  const writable = staff.role === 'admin' || staff.role === 'manager' || staff.role === 'sales';
  return (
    <div className="space-y-6">
        <LiveRefresh watch={[{ table: 'opportunities', ids: [opportunity.id] }, { table: 'activities' }]} />
      <p className="text-sm">
        <Link href={`/opportunities?pipeline=${opportunity.pipeline_id}`} className="text-brand-700 underline">Opportunities</Link> / {opportunity.name}
      </p>
      <PageHeader
        title={opportunity.name}
        subtitle={`${formatMoney(opportunity.amount, opportunity.currency)} · ${pipeline?.name ?? ''} · ${stage?.name ?? ''}`}
        actions={<Badge tone={opportunity.status === 'won' ? 'green' : opportunity.status === 'lost' ? 'red' : 'blue'}>{opportunity.status}</Badge>}
      />
      {opportunity.status === 'lost' ? <Alert tone="info">Lost: {opportunity.lost_reason}</Alert> : null}
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4">
        <div><dt className="font-medium">Probability</dt><dd>{opportunity.probability ?? '—'}%</dd></div>
        <div><dt className="font-medium">Expected close</dt><dd>{formatDate(opportunity.expected_close_date)}</dd></div>
        <div><dt className="font-medium">Contact</dt><dd>{opportunity.primary_contact_id ? <Link className="text-brand-700 underline" href={`/contacts/${opportunity.primary_contact_id}`}>Open contact</Link> : '—'}</dd></div>
        <div><dt className="font-medium">Account</dt><dd>{opportunity.account_id ? <Link className="text-brand-700 underline" href={`/accounts/${opportunity.account_id}`}>Open account</Link> : '—'}</dd></div>
      </dl>
      {pipeline && writable ? (
        <section aria-labelledby="stage-heading" className="space-y-2">
          <h2 id="stage-heading" className="text-lg font-semibold">Stage</h2>
          <Board
            stages={pipeline.stages}
            initialCards={[{ id: opportunity.id, name: opportunity.name, amount: opportunity.amount, currency: opportunity.currency, stage_id: opportunity.stage_id, probability: opportunity.probability, account_name: null, owner_name: null }]}
            canMove
          />
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">Timeline</h2>
        {writable ? <ActivityLogForm target={{ opportunity_id: opportunity.id }} /> : null}
        <Timeline items={activityItems(activities)} />
      </section>
    </div>
  );
}
