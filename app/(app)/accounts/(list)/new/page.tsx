import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NewAccountForm } from '@/components/accounts/new-account-form';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { listMembers, ownerOptions } from '@/lib/crm/members';

export const metadata: Metadata = { title: 'New account' };

export default async function NewAccountPage() {
  const staff = await requireStaff();
  if (!canWriteRecords(staff.role)) redirect('/accounts');
  const [members, definitions] = await Promise.all([listMembers(staff), listPropertyDefinitions(staff, 'account')]);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">New account</h1>
      <NewAccountForm
        custom={{ definitions, members }} owners={ownerOptions(staff.role, staff.userId, members)} me={staff.userId} />
    </div>
  );
}
