import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/live/live-refresh';
import { RecipientsGrid } from '@/components/marketing/recipients-grid';
import { ListTotal } from '@/components/records/list-total';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { FilterSelect, SearchForm } from '@/components/ui/search-form';
import { canExport, requireStaff } from '@/lib/auth/current-staff';
import { recipientOutcomeLabels, recipientStatusLabels } from '@/lib/marketing/campaign-recipients.schema';
import { countRecipients, listRecipients } from '@/lib/marketing/campaign-recipients';
import { getCampaign } from '@/lib/marketing/campaigns';
import { orNotFound, orProblem } from '@/lib/page-data';
import { activeFilterCount, type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Campaign recipients' };

/** Who a campaign went to (or will), and what became of each: by status, searched by name or email. */
export default async function RecipientsPage({ params: route, searchParams }: { params: Promise<{ id: string }>; searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  const { id } = await route;
  const { campaign } = await orNotFound(getCampaign(staff, id));
  const filters = await readSearchParams(searchParams);
  // The campaign comes from the address, never from the query (an export's filters keep it).
  const params = { ...filters, campaign_id: campaign.id };
  const { data: page, problem } = await orProblem(listRecipients(staff, params));
  const basePath = `/marketing/campaigns/${campaign.id}/recipients`;
  return (
    <div className="space-y-4">
      <LiveRefresh watch={[{ table: 'campaigns', ids: [campaign.id] }]} />
      <PageHeader
        title={`Recipients of “${campaign.name}”`}
        subtitle={`${campaign.recipients_total.toLocaleString('en-GB')} recipients · ${campaign.sent_count.toLocaleString('en-GB')} sent · ${campaign.suppressed_count.toLocaleString('en-GB')} suppressed · ${campaign.failed_count.toLocaleString('en-GB')} failed`}
        actions={<Link href={`/marketing/campaigns/${campaign.id}`} className="inline-flex min-h-10 items-center text-sm text-brand-700 underline">Back to the campaign</Link>}
      />
      <SearchForm active={activeFilterCount(filters)} action={basePath} label="Search recipients" placeholder="Name or email" q={filters.q}>
        <FilterSelect name="status" label="Status" value={filters.status} options={[['', 'Any status'], ...Object.entries(recipientStatusLabels)]} />
        <FilterSelect name="outcome" label="Outcome" value={filters.outcome} options={[['', 'Any outcome'], ...Object.entries(recipientOutcomeLabels)]} />
      </SearchForm>
      {problem ? <Alert>{problem}</Alert> : null}
      <ListTotal total={countRecipients(staff, params)} noun={['recipient', 'recipients']} />
      {page && page.rows.length === 0 ? <EmptyState title={activeFilterCount(filters) || filters.q ? 'No recipients match these filters.' : 'No recipients yet.'} action={filters.q ? undefined : 'Recipients are added from the segment when the campaign starts sending.'} /> : null}
      {page && page.rows.length > 0 ? <RecipientsGrid campaignId={campaign.id} rows={page.rows} canExport={canExport(staff)} /> : null}
      <Pager basePath={basePath} params={filters} nextCursor={page?.nextCursor ?? null} />
    </div>
  );
}
