import type { Metadata } from 'next';
import { DeleteSegmentButton } from '@/components/marketing/delete-segment-button';
import { SegmentBuilder } from '@/components/marketing/segment-builder';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { segmentBuilderOptions } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { getSegment } from '@/lib/marketing/segments';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Segment' };

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const segment = await orNotFound(getSegment(staff, id));
  const options = await segmentBuilderOptions(staff);
  const canEdit = canBuildMarketing(staff.role);
  return (
    <div className="space-y-4">
      <PageHeader title={segment.name} subtitle={segment.description ?? undefined} actions={canEdit ? <DeleteSegmentButton segmentId={segment.id} /> : null} />
      <SegmentBuilder
        segmentId={segment.id}
        initial={{ name: segment.name, description: segment.description ?? '', audience: segment.audience, filter: segment.filter }}
        options={{ tags: options.tags, accounts: options.accounts, courses: options.courses.map((c) => ({ id: c.id, name: c.title })), properties: options.properties }}
        canEdit={canEdit}
      />
    </div>
  );
}
