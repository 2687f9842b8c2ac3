import { BulkMerge } from '@/components/contacts/bulk-merge';
import { LiveRefresh } from '@/components/live/live-refresh';
import type { StaffSession } from '@/lib/auth/current-staff';
import { latestBulkMerge } from '@/lib/crm/bulk-merges';

/** The bulk merge panel with the organisation's latest run, re-read live as the worker steps it. */
export async function BulkMergeSection({ staff }: { staff: StaffSession }) {
  const latest = await latestBulkMerge(staff);
  return (
    <>
      <BulkMerge latest={latest} />
      <LiveRefresh watch={[{ table: 'bulk_merges' }]} testId="bulk-merge-live" />
    </>
  );
}
