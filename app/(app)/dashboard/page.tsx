import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { PipelineChart } from '@/components/dashboard/pipeline-chart-lazy';
import { LiveRefresh } from '@/components/live/live-refresh';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { loadDashboard } from '@/lib/crm/dashboard';
import { leadStatusLabels } from '@/lib/crm/leads.schema';
import { formatDate, formatDateTime, formatMoney, personName } from '@/lib/format';

export const metadata: Metadata = { title: 'Dashboard' };

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const headingId = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={testId}>
      <h2 id={headingId} className="mb-3 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

const linkFor = (row: { contact_id: string | null; lead_id: string | null; opportunity_id?: string | null; account_id?: string | null }) =>
  row.contact_id ? `/contacts/${row.contact_id}` : row.lead_id ? `/leads/${row.lead_id}` : row.opportunity_id ? `/opportunities/${row.opportunity_id}` : row.account_id ? `/accounts/${row.account_id}` : '/tasks';

export default async function DashboardPage() {
  const staff = await requireStaff();
  const d = await loadDashboard(staff);
  const now = Date.now();
  const overdue = d.tasks.filter((t) => t.due_at && t.due_at.getTime() < now).length;
  return (
    <div className="space-y-6">
      <LiveRefresh watch={[{ table: 'activities' }, { table: 'opportunities' }, { table: 'leads' }, { table: 'certifications' }]} />
      <PageHeader title={`Good to see you, ${staff.name.split(' ')[0]}`} subtitle={`${staff.orgName} · ${staff.role}`} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="My open tasks" testId="dashboard-tasks">
          <p className="mb-2 text-sm">{overdue > 0 ? <strong className="text-red-800">{overdue} overdue</strong> : 'Nothing overdue.'}</p>
          <ul className="space-y-1 text-sm">
            {d.tasks.map((t) => (
              <li key={t.id}>
                <Link href={linkFor(t)} className="text-brand-700 underline">{t.subject}</Link>
                {t.due_at ? <span className={t.due_at.getTime() < now ? ' text-red-800' : ' text-slate-700'}> · due {formatDateTime(t.due_at)}</span> : null}
              </li>
            ))}
            {d.tasks.length === 0 ? <li className="text-slate-700">No open tasks.</li> : null}
          </ul>
          <Link href="/tasks" className="mt-2 inline-block text-sm text-brand-700 underline">All my tasks</Link>
        </Panel>
        <Panel title="My open opportunities">
          <ul className="space-y-1 text-sm">
            {d.myOpportunities.map((o) => (
              <li key={o.id}><Link href={`/opportunities/${o.id}`} className="text-brand-700 underline">{o.name}</Link> · {formatMoney(o.amount, o.currency)} · closes {formatDate(o.expected_close_date)}</li>
            ))}
            {d.myOpportunities.length === 0 ? <li className="text-slate-700">No open opportunities of yours.</li> : null}
          </ul>
        </Panel>
        <Panel title="Pipeline value by stage" testId="dashboard-pipeline">
          <PipelineChart stages={d.pipelineByStage.map((s) => ({ name: s.name, total: Number(s.total), weighted: Number(s.weighted) }))} currency="EUR" />
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">Total and weighted value of the default pipeline per stage</caption>
            <thead className="text-left text-slate-700"><tr><th scope="col">Stage</th><th scope="col" className="text-right">Deals</th><th scope="col" className="text-right">Total</th><th scope="col" className="text-right">Weighted</th></tr></thead>
            <tbody>
              {d.pipelineByStage.map((s) => (
                <tr key={s.id}>
                  <td className="py-1">{s.name}</td>
                  <td className="text-right tabular-nums">{s.deals}</td>
                  <td className="text-right tabular-nums">{formatMoney(s.total, 'EUR')}</td>
                  <td className="text-right tabular-nums">{formatMoney(s.weighted, 'EUR')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
        <Panel title="Leads by status and source">
          <div className="grid grid-cols-2 gap-4 text-sm">
            <ul>{d.leadsByStatus.map((l) => <li key={l.status}>{leadStatusLabels[l.status]}: <strong>{l.count}</strong></li>)}</ul>
            <ul>{d.leadsBySource.map((l) => <li key={l.source} className="capitalize">{l.source.replace('_', ' ')}: <strong>{l.count}</strong></li>)}</ul>
          </div>
        </Panel>
        <Panel title="Certifications expiring in 90 days" testId="dashboard-expiring">
          <ul className="space-y-1 text-sm">
            {d.expiring.map((c) => (
              <li key={c.id}><Link href={`/contacts/${c.contact_id}`} className="text-brand-700 underline">{personName(c)}</Link> · {c.title} · {formatDate(c.expires_at)}</li>
            ))}
            {d.expiring.length === 0 ? <li className="text-slate-700">None in the next 90 days.</li> : null}
          </ul>
        </Panel>
        <Panel title="Recent activity">
          <ul className="space-y-1 text-sm">
            {d.recent.map((a) => (
              <li key={a.id}><span className="capitalize">{a.kind}</span>: <Link href={linkFor(a)} className="text-brand-700 underline">{a.subject}</Link> · {a.owner_name ?? 'someone'} · {formatDateTime(a.occurred_at)}</li>
            ))}
            {d.recent.length === 0 ? <li className="text-slate-700">Nothing yet.</li> : null}
          </ul>
        </Panel>
      </div>
    </div>
  );
}
