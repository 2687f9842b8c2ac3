import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { TemplatePreview } from '@/components/marketing/template-preview';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { emailTemplateNames, emailTemplates } from '@/supabase/functions/_shared/emails/index';
import { requireStaff } from '@/lib/auth/current-staff';
import { getOrganization } from '@/lib/crm/organization';
import { renderEmail } from '@/supabase/functions/_shared/email/render';
import { GMAIL_CLIP_BYTES } from '@/lib/marketing/campaign-editor';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Email templates' };


/**
 * The template gallery: every email Cohort sends, rendered with its preview props exactly as
 * send-email renders it, at desktop and phone width, HTML and text. For the people who design
 * and approve email (admins and marketing).
 */
export default async function TemplatesPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  if (staff.role !== 'admin' && staff.role !== 'marketing') redirect('/marketing/campaigns');
  const params = await readSearchParams(searchParams);
  const name = emailTemplateNames.find((n) => n === params.template) ?? emailTemplateNames[0];
  if (!name) return null;
  const template = emailTemplates[name];
  // The sample content, in the organisation's own brand: what its recipients would see.
  const org = await getOrganization(staff);
  const sample = template.previewProps as { brand?: Record<string, unknown> } & Record<string, unknown>;
  const props = sample.brand
    ? {
        ...sample,
        brand: {
          ...sample.brand,
          orgName: org.name.slice(0, 80),
          ...(org.brand_color ? { brandColor: org.brand_color } : {}),
          ...(org.postal_address ? { postalAddress: org.postal_address.slice(0, 300) } : {}),
          ...(org.logo_url?.startsWith('https://') ? { logoUrl: org.logo_url } : {}),
        },
      }
    : sample;
  const rendered = await renderEmail(name, props as never);
  const bytes = new TextEncoder().encode(rendered.html).length;
  return (
    <div className="space-y-4">
      <PageHeader title="Email templates" subtitle={`${emailTemplateNames.length} templates, each shown with sample content in ${org.name}’s brand.`} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <nav aria-label="Templates">
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="template-list">
            {emailTemplateNames.map((n) => (
              <li key={n}>
                <Link
                  href={`/marketing/templates?template=${n}`}
                  aria-current={n === name ? 'page' : undefined}
                  className="flex min-h-10 items-center justify-between gap-2 px-3 py-2 hover:bg-slate-50 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold"
                >
                  {emailTemplates[n].title}
                  <Badge tone={emailTemplates[n].category === 'marketing' ? 'amber' : 'blue'}>{emailTemplates[n].category}</Badge>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <article className="space-y-3" data-testid="template-preview">
          <h2 className="text-lg font-semibold">{template.title}</h2>
          <p className="text-sm text-slate-700">{template.description}</p>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <dt className="font-medium">Subject</dt>
            <dd>{rendered.subject}</dd>
            <dt className="font-medium">Category</dt>
            <dd>{template.category}{template.category === 'marketing' ? ' (consent required; one-click unsubscribe)' : ' (sent because of something the person did or holds)'}</dd>
            <dt className="font-medium">HTML size</dt>
            <dd>{(bytes / 1024).toFixed(1)} KB {bytes > GMAIL_CLIP_BYTES ? '(over Gmail’s 102 KB clipping limit)' : '(under Gmail’s 102 KB clipping limit)'}</dd>
            {rendered.attachments.length ? (
              <>
                <dt className="font-medium">Attachments</dt>
                <dd>{rendered.attachments.map((a) => a.filename).join(', ')}</dd>
              </>
            ) : null}
          </dl>
          <TemplatePreview name={template.title} html={rendered.html} text={rendered.text} />
        </article>
      </div>
    </div>
  );
}
