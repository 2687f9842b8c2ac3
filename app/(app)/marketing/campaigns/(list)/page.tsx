import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { Alert } from '@/components/ui/alert';
import { campaignStatusTone as statusTone } from '@/components/marketing/campaign-status';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { formatDateTime } from '@/lib/format';
import { listCampaigns, queuedOf } from '@/lib/marketing/campaigns';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { orProblem } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function CampaignsPage() {
  const staff = await requireStaff();
  const { data: campaigns, problem } = await orProblem(listCampaigns(staff));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Campaigns"
        subtitle="One email to a segment, sent in batches. Marketing email reaches only people with a current consent who are not suppressed."
        actions={canBuildMarketing(staff.role) ? <LinkButton href="/marketing/campaigns/new">New campaign</LinkButton> : null}
      />
      <LiveRefresh watch={[{ table: 'campaigns' }]} />
      {problem ? <Alert>{problem}</Alert> : null}
      {campaigns && campaigns.length === 0 ? <EmptyState title="No campaigns yet." action="Build a segment first, then a campaign to it." /> : null}
      {campaigns?.length ? (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm" data-testid="campaigns">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-4 py-2">Campaign</th>
              <th scope="col" className="px-4 py-2">Status</th>
              <th scope="col" className="px-4 py-2 text-right">Sent</th>
              <th scope="col" className="px-4 py-2 text-right">Queued</th>
              <th scope="col" className="px-4 py-2">Scheduled</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td className="px-4 py-2">
                  <Link href={`/marketing/campaigns/${c.id}`} className="font-medium text-brand-700 underline">{c.name}</Link>
                  <p className="text-slate-700">{c.template} → {c.segment_name}</p>
                </td>
                <td className="px-4 py-2"><Badge tone={statusTone[c.status]}>{c.status}</Badge></td>
                <td className="px-4 py-2 text-right tabular-nums">{c.sent_count.toLocaleString('en-GB')}</td>
                <td className="px-4 py-2 text-right tabular-nums">{queuedOf(c).toLocaleString('en-GB')}</td>
                <td className="px-4 py-2">{formatDateTime(c.scheduled_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
