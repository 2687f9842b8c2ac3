import type { Metadata } from 'next';
import { SegmentBuilder } from '@/components/marketing/segment-builder';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { segmentBuilderOptions } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';

export const metadata: Metadata = { title: 'New segment' };

export default async function NewSegmentPage() {
  const staff = await requireStaff();
  const options = await segmentBuilderOptions(staff);
  return (
    <div className="space-y-4">
      <PageHeader title="New segment" subtitle="Every condition you set must hold. Only people with an email address are counted." />
      <SegmentBuilder
        segmentId={null}
        initial={{ name: '', description: '', audience: 'contacts', filter: {} }}
        options={{ tags: options.tags, accounts: options.accounts, courses: options.courses.map((c) => ({ id: c.id, name: c.title })), properties: options.properties }}
        canEdit={canBuildMarketing(staff.role)}
      />
    </div>
  );
}
