import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CampaignForm } from '@/components/marketing/campaign-form';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { segmentChoices } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { templateChoices } from '@/lib/marketing/template-props';

export const metadata: Metadata = { title: 'New campaign' };

export default async function NewCampaignPage() {
  const staff = await requireStaff();
  if (!canBuildMarketing(staff.role)) redirect('/marketing/campaigns');
  const segments = await segmentChoices(staff);
  const templates = templateChoices();
  return (
    <div className="space-y-4">
      <PageHeader title="New campaign" subtitle="Saved as a draft: you choose when it goes out on the next page." />
      {segments.length === 0 ? (
        <EmptyState title="There is no segment to send to yet." action={<LinkButton href="/marketing/segments/new">Build a segment</LinkButton>} />
      ) : (
        <CampaignForm
          campaignId={null}
          initial={{ name: '', segment_id: segments[0]?.id ?? '', template: templates[0]?.name ?? '', props: templates[0]?.defaultProps ?? '{}' }}
          segments={segments}
          templates={templates}
        />
      )}
    </div>
  );
}
