import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NewContactForm } from '@/components/contacts/new-contact-form';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { prefillRelated } from '@/lib/crm/prefill';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'New contact' };

export default async function NewContactPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  if (!canWriteRecords(staff.role)) redirect('/contacts');
  const params = await readSearchParams(searchParams);
  const [members, related, definitions] = await Promise.all([listMembers(staff), prefillRelated(staff, params), listPropertyDefinitions(staff, 'contact')]);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">New contact</h1>
      <NewContactForm
        custom={{ definitions, members }} owners={ownerOptions(staff.role, staff.userId, members)} me={staff.userId} account={related.account} />
    </div>
  );
}
