import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LeadForm } from '@/components/leads/lead-form';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';

export const metadata: Metadata = { title: 'New lead' };

export default async function NewLeadPage() {
  const staff = await requireStaff();
  if (!canWriteRecords(staff.role)) redirect('/leads');
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold">New lead</h1>
      <LeadForm />
    </div>
  );
}
