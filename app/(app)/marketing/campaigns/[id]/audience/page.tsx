import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { campaignAudiencePeople, exclusionReasons } from '@/lib/marketing/audience';
import { orNotFound } from '@/lib/page-data';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Left out of a campaign' };

/** The people behind one number of the audience panel: who will not receive the campaign, for one reason. */
export default async function CampaignAudiencePage({ params: route, searchParams }: { params: Promise<{ id: string }>; searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const { id } = await route;
  const query = await readSearchParams(searchParams);
  const result = await orNotFound(campaignAudiencePeople(staff, id, { reason: query.reason, page: query.page }));
  const { reason, page, total, people, pageSize, segment } = result;
  const personPath = segment.audience === 'contacts' ? '/contacts' : '/leads';
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) => `/marketing/campaigns/${id}/audience?reason=${reason}&page=${p}`;
  return (
    <div className="space-y-4">
      <PageHeader
        title={exclusionReasons[reason]}
        subtitle={`${total.toLocaleString('en-GB')} ${segment.audience} of “${segment.name}” will not receive this campaign for this reason.`}
        actions={<Link href={`/marketing/campaigns/${id}`} className="inline-flex min-h-10 items-center text-sm text-brand-700 underline">Back to the campaign</Link>}
      />
      {people.length === 0 ? (
        <EmptyState title="Nobody is left out for this reason." />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="audience-people">
          {people.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
              <Link href={`${personPath}/${p.id}`} className="font-medium text-brand-700 underline">
                {[p.first_name, p.last_name].filter(Boolean).join(' ') || '(no name)'}
              </Link>
              <span className="text-slate-600">{p.email ?? 'no email address'}</span>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {page > 1 ? <Link href={link(page - 1)} className="text-brand-700 underline">Previous</Link> : null}
          <span>Page {page} of {pages}</span>
          {page < pages ? <Link href={link(page + 1)} className="text-brand-700 underline">Next</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
