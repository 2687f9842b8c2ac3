import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { CampaignControls } from '@/components/marketing/campaign-controls';
import { AudiencePanel } from '@/components/marketing/audience-panel';
import { CampaignEditor } from '@/components/marketing/campaign-editor';
import { CampaignReportView } from '@/components/marketing/campaign-report';
import { CampaignProgress } from '@/components/marketing/campaign-progress';
import { campaignStatusTone as statusTone } from '@/components/marketing/campaign-status';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { formatDateTime } from '@/lib/format';
import { getCampaign } from '@/lib/marketing/campaigns';
import { segmentChoices } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { emailTemplates } from '@/supabase/functions/_shared/emails/index';
import { inUserTransaction } from '@/lib/crm/session';
import { campaignAudience } from '@/lib/marketing/audience';
import { campaignReport } from '@/lib/marketing/campaign-report';
import { isCampaignTemplate, sessionChoices } from '@/lib/marketing/campaign-content';
import { templateFields } from '@/lib/marketing/template-fields';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Campaign' };


export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const { campaign, failures } = await orNotFound(getCampaign(staff, id));
  const canEdit = canBuildMarketing(staff.role);
  const title = isCampaignTemplate(campaign.template) ? emailTemplates[campaign.template].title : campaign.template;
  if (campaign.status === 'draft') {
    const audience = await campaignAudience(staff, campaign.id);
    return (
      <div className="space-y-5">
        <PageHeader
          title={campaign.name}
          subtitle={`Draft · ${title} · to “${campaign.segment_name}” (${campaign.audience})`}
          actions={<span data-testid="campaign-status"><Badge tone={statusTone[campaign.status]}>{campaign.status}</Badge></span>}
        />
        <LiveRefresh watch={[{ table: 'campaigns', ids: [campaign.id] }]} />
        <AudiencePanel campaignId={campaign.id} summary={audience} />
        {canEdit && isCampaignTemplate(campaign.template) ? (
          <CampaignEditor
            campaignId={campaign.id}
            memberEmail={staff.email}
            initial={{
              name: campaign.name,
              segment_id: campaign.segment_id,
              template: campaign.template,
              subject: campaign.subject ?? '',
              preheader: campaign.preheader ?? '',
              ab:
                campaign.ab_subject_b && campaign.ab_test_percent && campaign.ab_metric && campaign.ab_wait_minutes !== null
                  ? { subject_b: campaign.ab_subject_b, percent: campaign.ab_test_percent, metric: campaign.ab_metric as 'opens' | 'clicks', wait_hours: Math.max(1, Math.round(campaign.ab_wait_minutes / 60)) }
                  : null,
              props: campaign.props as Record<string, unknown>,
            }}
            segments={await segmentChoices(staff)}
            fields={templateFields(campaign.template)}
            sessions={await inUserTransaction(staff, (tx) => sessionChoices(tx, staff.orgId))}
            templateTitle={title}
          />
        ) : (
          <p className="text-sm text-slate-600">Only admins, managers and marketing edit and send campaigns.</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <PageHeader
        title={campaign.name}
        subtitle={`${title} to the segment “${campaign.segment_name}” (${campaign.audience})${campaign.subject ? ` · subject “${campaign.subject}”` : ''}`}
        actions={<span data-testid="campaign-status"><Badge tone={statusTone[campaign.status]}>{campaign.status}</Badge></span>}
      />
      <LiveRefresh watch={[{ table: 'campaigns', ids: [campaign.id] }]} />
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3">
        <div><dt className="font-medium">Scheduled</dt><dd>{formatDateTime(campaign.scheduled_at)}</dd></div>
        <div><dt className="font-medium">Started</dt><dd>{formatDateTime(campaign.started_at)}</dd></div>
        <div><dt className="font-medium">{campaign.status === 'cancelled' ? 'Cancelled' : 'Completed'}</dt><dd>{formatDateTime(campaign.status === 'cancelled' ? campaign.cancelled_at : campaign.completed_at)}</dd></div>
      </dl>
      <CampaignProgress counts={campaign} fannedOut={campaign.fanout_done_at !== null} />
      {campaign.started_at ? <CampaignReportView campaignId={campaign.id} report={await campaignReport(staff, campaign.id)} /> : null}
      {campaign.recipients_total > 0 ? (
        <p className="text-sm">
          <Link href={`/marketing/campaigns/${campaign.id}/recipients`} className="font-medium text-brand-700 underline">
            See all {campaign.recipients_total.toLocaleString('en-GB')} recipients
          </Link>{' '}
          — each one’s status, searchable and exportable.
        </p>
      ) : null}
      {campaign.last_error ? (
        <Alert>
          <span data-testid="campaign-error">{campaign.last_error}</span>
        </Alert>
      ) : null}
      {canEdit ? <CampaignControls campaignId={campaign.id} status={campaign.status} /> : null}
      {failures.length ? (
        <section aria-labelledby="failures-heading" className="space-y-2">
          <h2 id="failures-heading" className="text-lg font-semibold">Latest failures</h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="campaign-failures">
            {failures.map((f) => (
              <li key={f.id} className="px-4 py-2">
                <span className="font-medium">{f.email ?? 'Unknown address'}</span> · {formatDateTime(f.updated_at)} — {f.last_error}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
