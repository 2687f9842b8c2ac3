import type { Metadata } from 'next';
import Link from 'next/link';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { activityItems, Timeline } from '@/components/records/timeline';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { getAccount, getAccountOverview } from '@/lib/crm/accounts';
import { listActivities } from '@/lib/crm/activities';
import { formatDate, formatMoney, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const account = await orNotFound(getAccount(staff, id));
  const [overview, activities] = await Promise.all([getAccountOverview(staff, account.id), listActivities(staff, { account_id: account.id })]);
  const writable = staff.role === 'admin' || staff.role === 'manager' || staff.role === 'sales';
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/accounts" className="text-brand-700 underline">Accounts</Link> / {account.name}
      </p>
      <PageHeader title={account.name} subtitle={[account.industry, account.domain].filter(Boolean).join(' · ') || undefined} />
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="font-medium">Revenue won</dt>
          <dd data-testid="revenue-won">{overview.revenueWon.length ? overview.revenueWon.map((r) => formatMoney(r.amount, r.currency)).join(' · ') : '—'}</dd>
        </div>
        <div><dt className="font-medium">Contacts</dt><dd>{overview.contactCount.toLocaleString('en-GB')}</dd></div>
        <div><dt className="font-medium">Seats paid</dt><dd>{overview.seatCount.toLocaleString('en-GB')}</dd></div>
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="people-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="people-heading" className="mb-2 font-semibold">Contacts</h2>
          <ul className="space-y-1 text-sm">
            {overview.contacts.map((c) => (
              <li key={c.id}><Link href={`/contacts/${c.id}`} className="text-brand-700 underline">{personName(c)}</Link>{c.job_title ? ` · ${c.job_title}` : ''}</li>
            ))}
            {overview.contacts.length === 0 ? <li className="text-slate-700">No contacts yet.</li> : null}
          </ul>
        </section>
        <section aria-labelledby="deals-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="deals-heading" className="mb-2 font-semibold">Opportunities</h2>
          <ul className="space-y-1 text-sm">
            {overview.opportunities.map((o) => (
              <li key={o.id}><Link href={`/opportunities/${o.id}`} className="text-brand-700 underline">{o.name}</Link> · {formatMoney(o.amount, o.currency)} · {o.status}</li>
            ))}
            {overview.opportunities.length === 0 ? <li className="text-slate-700">No opportunities yet.</li> : null}
          </ul>
        </section>
        <section aria-labelledby="seats-heading" className="rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
          <h2 id="seats-heading" className="mb-2 font-semibold">Enrollments paid by this account</h2>
          <ul className="space-y-1 text-sm">
            {overview.enrollments.map((e) => (
              <li key={e.id}>{personName(e)} · {e.title} · {formatDate(e.starts_at)} · <span className="capitalize">{e.status.replace('_', ' ')}</span></li>
            ))}
            {overview.enrollments.length === 0 ? <li className="text-slate-700">No seats paid by this account.</li> : null}
          </ul>
        </section>
      </div>
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">Timeline</h2>
        {writable ? <ActivityLogForm target={{ account_id: account.id }} /> : null}
        <Timeline items={activityItems(activities)} />
      </section>
    </div>
  );
}
