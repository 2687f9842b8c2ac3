import type { CampaignReport } from '@/lib/marketing/campaign-report';
import { EngagementChart } from './engagement-chart-lazy';

const n = (value: number) => value.toLocaleString('en-GB');
const rate = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—');

/** The campaign report: outcomes with their rates, clicks per link, and opens and clicks by hour. */
export function CampaignReportView({ report }: { report: CampaignReport }) {
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
              <td className="py-1 text-right tabular-nums" data-testid={`report-${key}`}>{n(value)}</td>
              <td className="py-1 text-right tabular-nums text-slate-600">{share}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">
        Rates are of delivered messages (bounces: of sent). Opens are counted when a mail client loads the email’s images:
        Apple Mail Privacy Protection loads them for every message it receives, so opens overstate reading — clicks do not.
      </p>
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
