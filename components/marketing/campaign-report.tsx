import Link from 'next/link';
import type { CampaignReport } from '@/lib/marketing/campaign-report';
import { EngagementChart } from './engagement-chart-lazy';

const n = (value: number) => value.toLocaleString('en-GB');
const rate = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—');

function AbResult({ ab }: { ab: NonNullable<CampaignReport['ab']> }) {
  const metricOf = (g: (typeof ab.groups)[number]) => (ab.metric === 'clicks' ? g.clicked : g.opened);
  return (
    <div className="space-y-2" data-testid="ab-result">
      <h3 className="text-base font-semibold">A/B test of the subject line</h3>
      <p className="text-sm" data-testid="ab-status">
        {ab.winner
          ? `Subject ${ab.winner.toUpperCase()} won on ${ab.metric === 'clicks' ? 'click' : 'open'} rate and went to the other ${n(ab.rest)} people.`
          : ab.decideAfter
            ? `Testing: the winner is picked after ${ab.decideAfter.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}, then sent to the other ${n(ab.rest)} people.`
            : 'Testing: the test group is being sent.'}
      </p>
      <table className="w-full max-w-2xl text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-1 font-medium">Subject</th>
            <th scope="col" className="py-1 text-right font-medium">Sent</th>
            <th scope="col" className="py-1 text-right font-medium">Opened</th>
            <th scope="col" className="py-1 text-right font-medium">Clicked</th>
            <th scope="col" className="py-1 text-right font-medium">{ab.metric === 'clicks' ? 'Click rate' : 'Open rate'}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {ab.groups.map((g) => (
            <tr key={g.group} data-testid={`ab-${g.group}`}>
              <th scope="row" className="py-1 text-left font-normal">
                <span className="font-semibold">{g.group.toUpperCase()}</span> {g.subject ?? '(the template’s subject)'}
                {ab.winner === g.group ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-semibold text-emerald-900">Winner</span> : null}
              </th>
              <td className="py-1 text-right tabular-nums">{n(g.sent)}</td>
              <td className="py-1 text-right tabular-nums">{n(g.opened)}</td>
              <td className="py-1 text-right tabular-nums">{n(g.clicked)}</td>
              <td className="py-1 text-right tabular-nums">{rate(metricOf(g), g.sent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The campaign report: outcomes with their rates, clicks per link, and opens and clicks by hour. */
const outcomeOf: Record<string, string> = { delivered: 'delivered', opened: 'opened', clicked: 'clicked', 'hard-bounced': 'bounced', complained: 'complained' };

export function CampaignReportView({ report, campaignId }: { report: CampaignReport; campaignId: string }) {
  const rows: [string, number, string, string][] = [
    ['Sent', report.sent, '', 'sent'],
    ['Delivered', report.delivered, rate(report.delivered, report.sent), 'delivered'],
    ['Opened (people)', report.openedUnique, rate(report.openedUnique, report.delivered), 'opened'],
    ['Opens (total)', report.opensTotal, '', 'opens'],
    ['Clicked (people)', report.clickedUnique, rate(report.clickedUnique, report.delivered), 'clicked'],
    ['Clicks (total)', report.clicksTotal, '', 'clicks'],
    ['Bounced: hard', report.hardBounced, rate(report.hardBounced, report.sent), 'hard-bounced'],
    ['Bounced: soft', report.softBounced, rate(report.softBounced, report.sent), 'soft-bounced'],
    ['Marked as spam', report.complained, rate(report.complained, report.delivered), 'complained'],
    ['Unsubscribed', report.unsubscribed, rate(report.unsubscribed, report.delivered), 'unsubscribed'],
  ];
  return (
    <section aria-labelledby="report-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="campaign-report">
      <h2 id="report-heading" className="text-lg font-semibold">Report</h2>
      <table className="w-full max-w-xl text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-1 font-medium">Outcome</th>
            <th scope="col" className="py-1 text-right font-medium">People</th>
            <th scope="col" className="py-1 text-right font-medium">Rate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(([label, value, share, key]) => (
            <tr key={key}>
              <th scope="row" className="py-1 text-left font-normal">{label}</th>
              <td className="py-1 text-right tabular-nums" data-testid={`report-${key}`}>
                {outcomeOf[key] && value > 0 ? (
                  <Link href={`/marketing/campaigns/${campaignId}/recipients?outcome=${outcomeOf[key]}`} className="text-brand-700 underline" aria-label={`${n(value)}: see who (${label.toLowerCase()})`}>
                    {n(value)}
                  </Link>
                ) : (
                  n(value)
                )}
              </td>
              <td className="py-1 text-right tabular-nums text-slate-600">{share}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">
        Rates are of delivered messages (bounces: of sent). Opens are counted when a mail client loads the email’s images:
        Apple Mail Privacy Protection loads them for every message it receives, so opens overstate reading — clicks do not.
      </p>
      {report.ab ? <AbResult ab={report.ab} /> : null}
      <h3 className="text-base font-semibold">Clicks per link</h3>
      {report.links.length ? (
        <table className="w-full text-sm" data-testid="report-links">
          <thead>
            <tr className="text-left text-slate-600">
              <th scope="col" className="py-1 font-medium">Link</th>
              <th scope="col" className="py-1 text-right font-medium">Clicks</th>
              <th scope="col" className="py-1 text-right font-medium">People</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.links.map((link) => (
              <tr key={link.url}>
                <td className="max-w-0 truncate py-1" title={link.url}>{link.url}</td>
                <td className="py-1 text-right tabular-nums">{n(link.clicks)}</td>
                <td className="py-1 text-right tabular-nums">{n(link.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">No clicks yet. They appear here as the provider reports them.</p>
      )}
      <h3 className="text-base font-semibold">Opens and clicks by hour</h3>
      {report.timeline.length ? <EngagementChart points={report.timeline} /> : <p className="text-sm text-slate-600">Nothing opened yet.</p>}
    </section>
  );
}
