import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NewLeadForm } from '@/components/leads/new-lead-form';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { listMembers, ownerOptions } from '@/lib/crm/members';

export const metadata: Metadata = { title: 'New lead' };

export default async function NewLeadPage() {
  const staff = await requireStaff();
  if (!canWriteRecords(staff.role)) redirect('/leads');
  const [members, definitions] = await Promise.all([listMembers(staff), listPropertyDefinitions(staff, 'lead')]);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">New lead</h1>
      <NewLeadForm
        custom={{ definitions, members }} owners={ownerOptions(staff.role, staff.userId, members)} me={staff.userId} />
    </div>
  );
}
