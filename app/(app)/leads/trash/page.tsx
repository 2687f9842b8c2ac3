import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RestoreLeadButton } from '@/components/leads/restore-button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listTrashedLeads } from '@/lib/crm/leads';
import { formatDateTime, personName } from '@/lib/format';

export const metadata: Metadata = { title: 'Lead trash' };

export default async function LeadTrashPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin' && staff.role !== 'manager') redirect('/leads');
  const leads = await listTrashedLeads(staff, 100);
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/leads" className="text-brand-700 underline">Leads</Link> / Trash</p>
      <PageHeader title="Lead trash" subtitle="Deleted leads stay here until an admin empties the trash; restore brings them back as they were." />
      {leads.length === 0 ? <EmptyState title="The trash is empty." /> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="trash">
        {leads.map((lead) => (
          <li key={lead.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
            <span className="grow font-medium">{personName(lead)}{lead.company_name ? ` · ${lead.company_name}` : ''}</span>
            <span className="text-slate-700">deleted {formatDateTime(lead.deleted_at)}</span>
            <RestoreLeadButton leadId={lead.id} name={personName(lead)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
