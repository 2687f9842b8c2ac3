import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { OutboxList } from '@/components/email/outbox-list';
import { OutboxMessageView } from '@/components/email/outbox-message';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { requireStaff } from '@/lib/auth/current-staff';
import { CrmError } from '@/lib/crm/errors';
import { devInboxAvailable, getOutboxMessage, listOutbox } from '@/lib/email/outbox';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Dev inbox' };

/**
 * The local outbox: every email the send-email function wrote instead of sending (no
 * RESEND_API_KEY), newest first, and the selected one as sent — security mail with its links
 * withheld. Admins only, and only where no email provider is configured.
 */
export default async function DevInboxPage({ searchParams }: { searchParams: PageSearchParams }) {
  const staff = await requireStaff();
  if (!devInboxAvailable(staff.role)) notFound();
  const params = await readSearchParams(searchParams);
  let problem: string | null = null;
  let page: Awaited<ReturnType<typeof listOutbox>> = { rows: [], nextCursor: null };
  try {
    page = await listOutbox(staff, { cursor: params.cursor });
  } catch (error) {
    if (!(error instanceof CrmError)) throw error;
    problem = error.message;
  }
  const selectedId = params.message ?? page.rows[0]?.id;
  const selected = selectedId ? await getOutboxMessage(staff, selectedId) : null;
  const { message: _, ...listParams } = params;

  return (
    <div className="space-y-4">
      <PageHeader
        title="Dev inbox"
        subtitle="Emails written to the local outbox instead of being sent (no RESEND_API_KEY), as they would have gone out. Links that act for their recipient (password resets, invitations, confirmations) are withheld here."
      />
      {problem ? <Alert>{problem}</Alert> : null}
      {page.rows.length === 0 && !problem ? (
        <EmptyState title="The outbox is empty." action="Emails appear here when Cohort sends without a Resend API key." />
      ) : null}
      {page.rows.length > 0 ? (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
          <div className="space-y-3">
            <OutboxList rows={page.rows} selectedId={selected?.id} cursor={params.cursor} />
            <Pager basePath="/dev/inbox" params={listParams} nextCursor={page.nextCursor} />
          </div>
          {selected ? <OutboxMessageView message={selected} /> : <EmptyState title="This message is not in the outbox." />}
        </div>
      ) : null}
    </div>
  );
}
