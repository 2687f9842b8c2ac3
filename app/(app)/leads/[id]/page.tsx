import type { Metadata } from 'next';
import Link from 'next/link';
import { ConvertLeadForm } from '@/components/leads/convert-lead-form';
import { LeadActions } from '@/components/leads/lead-actions';
import { LeadForm } from '@/components/leads/lead-form';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { activityItems, Timeline } from '@/components/records/timeline';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listAccounts } from '@/lib/crm/accounts';
import { listActivities } from '@/lib/crm/activities';
import { listContacts } from '@/lib/crm/contacts';
import { getLead } from '@/lib/crm/leads';
import { leadStatusLabels } from '@/lib/crm/leads.schema';
import { listMembers } from '@/lib/crm/members';
import { listPipelines } from '@/lib/crm/opportunities';
import { personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Lead' };

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const lead = await orNotFound(getLead(staff, id));
  const writable = canWriteRecords(staff.role);
  const open = lead.status !== 'converted' && lead.status !== 'disqualified' && !lead.deleted_at;
  const [activities, members, pipelines, contactMatches, accountMatches] = await Promise.all([
    listActivities(staff, { lead_id: lead.id }),
    listMembers(staff),
    writable && open ? listPipelines(staff) : Promise.resolve([]),
    writable && open && lead.email ? listContacts(staff, { q: lead.email, limit: 5 }) : Promise.resolve({ rows: [] }),
    writable && open && lead.company_name ? listAccounts(staff, { q: lead.company_name, limit: 5 }) : Promise.resolve({ rows: [] }),
  ]);
  const name = personName(lead);

  return (
    <div className="space-y-6">
        <LiveRefresh watch={[{ table: 'leads', ids: [lead.id] }, { table: 'activities' }]} />
      <p className="text-sm">
        <Link href="/leads" className="text-brand-700 underline">
          Leads
        </Link>{' '}
        / {name}
      </p>
      <PageHeader
        title={name}
        subtitle={[lead.job_title, lead.company_name].filter(Boolean).join(' at ') || undefined}
        actions={<Badge tone={lead.status === 'disqualified' ? 'red' : lead.status === 'converted' ? 'green' : 'blue'}>{leadStatusLabels[lead.status]}</Badge>}
      />
      {lead.deleted_at ? <Alert tone="info">This lead is in the trash.</Alert> : null}
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
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          {writable && open ? (
            <section aria-labelledby="details-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <h2 id="details-heading" className="font-semibold">Details</h2>
              <LeadForm lead={lead} />
            </section>
          ) : null}
          {writable && open ? (
            <ConvertLeadForm
              lead={{ id: lead.id, updated_at: lead.updated_at, name, company_name: lead.company_name, email: lead.email }}
              contactMatches={contactMatches.rows.map((c) => ({ id: c.id, name: `${personName(c)}${c.email ? ` (${c.email})` : ''}` }))}
              accountMatches={accountMatches.rows.map((a) => ({ id: a.id, name: a.name }))}
              pipelines={pipelines}
            />
          ) : null}
          <section aria-labelledby="timeline-heading" className="space-y-3">
            <h2 id="timeline-heading" className="text-lg font-semibold">Timeline</h2>
            {writable ? <ActivityLogForm target={{ lead_id: lead.id }} /> : null}
            <Timeline items={activityItems(activities)} />
          </section>
        </div>
        <aside className="space-y-4">
          <dl className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <div><dt className="font-medium">Email</dt><dd>{lead.email ?? '—'}</dd></div>
            <div><dt className="font-medium">Phone</dt><dd>{lead.phone ?? '—'}</dd></div>
            <div><dt className="font-medium">Score</dt><dd>{lead.score}</dd></div>
          </dl>
          {writable && open ? <LeadActions leadId={lead.id} ownerId={lead.owner_id} members={members} canDisqualify /> : null}
        </aside>
      </div>
    </div>
  );
}
