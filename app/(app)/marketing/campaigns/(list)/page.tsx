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
import { emailTemplates } from '@/supabase/functions/_shared/emails/index';
import { isCampaignTemplate } from '@/lib/marketing/campaign-content';
import { listCampaigns, marketingListGrowth, queuedOf } from '@/lib/marketing/campaigns';
import { canBuildMarketing, canReadMarketing } from '@/lib/marketing/roles';
import { orProblem } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Campaigns' };

export default async function CampaignsPage() {
  const staff = await requireStaff();
  const { data: campaigns, problem } = await orProblem(listCampaigns(staff));
  const growth = canReadMarketing(staff.role) ? await marketingListGrowth(staff) : [];
  const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—');
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
              <th scope="col" className="px-4 py-2 text-right">Opened</th>
              <th scope="col" className="px-4 py-2 text-right">Clicked</th>
              <th scope="col" className="px-4 py-2 text-right">Queued</th>
              <th scope="col" className="px-4 py-2">Scheduled</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td className="px-4 py-2">
                  <Link href={`/marketing/campaigns/${c.id}`} className="font-medium text-brand-700 underline">{c.name}</Link>
                  <p className="text-slate-700">{isCampaignTemplate(c.template) ? emailTemplates[c.template].title : c.template} → {c.segment_name}</p>
                </td>
                <td className="px-4 py-2"><Badge tone={statusTone[c.status]}>{c.status}</Badge></td>
                <td className="px-4 py-2 text-right tabular-nums">{c.sent_count.toLocaleString('en-GB')}</td>
                <td className="px-4 py-2 text-right tabular-nums">{pct(c.engagement.opened, c.engagement.delivered)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{pct(c.engagement.clicked, c.engagement.delivered)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{queuedOf(c).toLocaleString('en-GB')}</td>
                <td className="px-4 py-2">{formatDateTime(c.scheduled_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {growth.length ? (
        <section aria-labelledby="growth-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="list-growth">
          <h2 id="growth-heading" className="text-lg font-semibold">Marketing list, month by month</h2>
          <p className="text-sm text-slate-600">Marketing consents given (forms, portal, staff, imports) and withdrawn (unsubscribes, preferences, erasures).</p>
          <table className="w-full max-w-lg text-sm">
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="py-1 font-medium">Month</th>
                <th scope="col" className="py-1 text-right font-medium">Joined</th>
                <th scope="col" className="py-1 text-right font-medium">Left</th>
                <th scope="col" className="py-1 text-right font-medium">Net</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {growth.map((g) => (
                <tr key={g.month}>
                  <th scope="row" className="py-1 text-left font-normal">{new Date(`${g.month}-15T12:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric' })}</th>
                  <td className="py-1 text-right tabular-nums">{g.granted.toLocaleString('en-GB')}</td>
                  <td className="py-1 text-right tabular-nums">{g.withdrawn.toLocaleString('en-GB')}</td>
                  <td className="py-1 text-right tabular-nums">{(g.granted - g.withdrawn).toLocaleString('en-GB')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
