import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { NewOpportunityForm } from '@/components/opportunities/new-opportunity-form';
import { EmptyState } from '@/components/ui/empty-state';
import { canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { listPipelines } from '@/lib/crm/opportunities';
import { getOrganization } from '@/lib/crm/organization';
import { prefillRelated } from '@/lib/crm/prefill';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'New opportunity' };

export default async function NewOpportunityPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  if (!canWriteRecords(staff.role)) redirect('/opportunities');
  const params = await readSearchParams(searchParams);
  const [members, pipelines, organization, related, definitions] = await Promise.all([
    listMembers(staff),
    listPipelines(staff),
    getOrganization(staff),
    prefillRelated(staff, params),
    listPropertyDefinitions(staff, 'opportunity'),
  ]);
  if (pipelines.length === 0) return <EmptyState title="No pipeline yet." action="An admin or manager can create one in Settings → Pipelines." />;
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">New opportunity</h1>
      <NewOpportunityForm
        custom={{ definitions, members }}
        owners={ownerOptions(staff.role, staff.userId, members)}
        me={staff.userId}
        pipelines={pipelines}
        initialPipelineId={(pipelines.find((p) => p.id === params.pipeline) ?? pipelines[0])?.id ?? ""}
        currency={organization.default_currency}
        account={related.account}
        contact={related.contact}
      />
    </div>
  );
}
