import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { OrganizationForm } from '@/components/settings/organization-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { getOrganization } from '@/lib/crm/organization';
import { portalLinks } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Organisation' };

export default async function OrganizationPage() {
  const staff = await requireStaff();
  if (staff.role !== 'admin') redirect('/dashboard');
  const org = await getOrganization(staff);
  return (
    <div className="space-y-6">
      <PageHeader title="Organisation profile" subtitle="Name, logo, colour and postal address used across the app and in every email." />
      <OrganizationForm org={org} catalogueUrl={portalLinks.catalogue(org.id)} />
    </div>
  );
}
