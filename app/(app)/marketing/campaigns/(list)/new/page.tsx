import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { type GalleryTemplate, TemplateGallery } from '@/components/marketing/template-gallery';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { emailTemplates } from '@/supabase/functions/_shared/emails/index';
import { requireStaff } from '@/lib/auth/current-staff';
import { inUserTransaction } from '@/lib/crm/session';
import { renderEmail } from '@/supabase/functions/_shared/email/render';
import { organizationBrand, startingProps } from '@/lib/marketing/campaign-content';
import { segmentChoices } from '@/lib/marketing/options';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { marketingTemplateNames } from '@/lib/marketing/template-props';

export const metadata: Metadata = { title: 'New campaign' };

export default async function NewCampaignPage() {
  const staff = await requireStaff();
  if (!canBuildMarketing(staff.role)) redirect('/marketing/campaigns');
  const segments = await segmentChoices(staff);
  if (segments.length === 0) {
    return (
      <div className="space-y-4">
        <PageHeader title="New campaign" />
        <EmptyState title="There is no segment to send to yet." action={<LinkButton href="/marketing/segments/new">Build a segment</LinkButton>} />
      </div>
    );
  }
  // Each thumbnail is the template rendered with what a new draft would start from.
  const templates: GalleryTemplate[] = await inUserTransaction(staff, async (tx) => {
    const { brand } = await organizationBrand(tx, staff.orgId);
    const out: GalleryTemplate[] = [];
    for (const name of marketingTemplateNames) {
      const props = await startingProps(tx, staff.orgId, name);
      const rendered = await renderEmail(name, {
        ...props,
        brand,
        recipient: { firstName: 'there', email: 'someone@example.com' },
        unsubscribeUrl: 'https://preview.invalid/unsubscribe',
        preferencesUrl: 'https://preview.invalid/preferences',
      } as never).catch(() => null);
      out.push({ name, title: emailTemplates[name].title, description: emailTemplates[name].description, html: rendered?.html ?? '' });
    }
    return out;
  });
  return (
    <div className="space-y-4">
      <PageHeader title="New campaign" subtitle="Pick a template. It starts with your organisation’s own courses and brand; you edit everything on the next page." />
      <TemplateGallery templates={templates} />
    </div>
  );
}
