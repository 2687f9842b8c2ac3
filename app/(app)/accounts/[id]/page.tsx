import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { DuplicateNotice, MergeUndo } from '@/components/records/merge-notices';
import { AssociationPanel } from '@/components/records/association-panel';
import { customPropertySpecs, accountProperties } from '@/components/records/property-specs';
import { RecordLayout, RecordSection } from '@/components/records/record-layout';
import { activityItems, Timeline } from '@/components/records/timeline';
import { TrashRecordButton } from '@/components/records/trash-record-button';
import { Badge } from '@/components/ui/badge';
import { LinkButton } from '@/components/ui/link-button';
import { canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { ACCOUNT_OVERVIEW_LIMIT, getAccount, getAccountOverview } from '@/lib/crm/accounts';
import { listActivities } from '@/lib/crm/activities';
import { canMerge, duplicateReasonLabels, duplicatesOf, mergesInto, undoableMerge } from '@/lib/crm/merges';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { formatDate, formatMoney, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';

export const metadata: Metadata = { title: 'Account' };

const shownOf = (shown: number, total: number, noun: string) => (total > shown ? `Showing the first ${shown.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} ${noun}.` : undefined);

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const account = await orNotFound(getAccount(staff, id));
  // An account merged into another: its links lead to the one that was kept.
  if (account.deleted_at && account.merged_into) redirect(`/accounts/${account.merged_into}`);
  const merges = canMerge(staff.role);
  const [overview, activities, members, definitions, twins, mergedHere] = await Promise.all([
    getAccountOverview(staff, account.id),
    listActivities(staff, { account_id: account.id }),
    listMembers(staff),
    listPropertyDefinitions(staff, 'account'),
    account.deleted_at ? Promise.resolve([]) : duplicatesOf(staff, 'accounts', account.id),
    merges ? mergesInto(staff, 'accounts', account.id) : Promise.resolve([]),
  ]);
  const undoable = undoableMerge(mergedHere);
  const writable = canWriteRecords(staff.role);
  const editable = writable && !account.deleted_at;
  return (
    <RecordLayout
      list={{ href: '/accounts', label: 'Accounts' }}
      title={account.name}
      noun="account"
      subtitle={[account.industry, account.domain].filter(Boolean).join(' · ') || undefined}
      status={account.is_training_client ? <Badge tone="green">Training client</Badge> : null}
      trashed={Boolean(account.deleted_at)}
      notice={
        <>
          {undoable ? <MergeUndo mergeId={undoable.id} names={undoable.merged_names} noun="account" /> : null}
          <DuplicateNotice object="accounts" recordId={account.id} twins={twins.map((t) => ({ id: t.id, name: t.name, reason: duplicateReasonLabels.accounts[t.reason] ?? t.reason }))} canMerge={merges} />
        </>
      }
      actions={
        <>
          {editable ? <LinkButton href={`/contacts/new?account_id=${account.id}`} variant="secondary">New contact</LinkButton> : null}
          {editable ? <LinkButton href={`/opportunities/new?account_id=${account.id}`} variant="secondary">New opportunity</LinkButton> : null}
          {writable ? <TrashRecordButton entity="accounts" recordId={account.id} noun="Account" trashed={Boolean(account.deleted_at)} seesTrash={canSeeTrash(staff.role)} /> : null}
        </>
      }
      properties={{ entity: 'accounts', recordId: account.id, version: account.updated_at, specs: [...accountProperties(account, ownerOptions(staff.role, staff.userId, members), members), ...customPropertySpecs(definitions, account.custom, members)], canEdit: editable }}
      aside={
        <>
          <LiveRefresh watch={[{ table: 'accounts', ids: [account.id] }, { table: 'contacts' }, { table: 'opportunities' }, { table: 'activities' }]} />
          <AssociationPanel
            heading="Contacts"
            link="contact_account"
            mode="many"
            recordId={account.id}
            pick="contact"
            items={overview.contacts.map((c) => ({ id: c.id, href: `/contacts/${c.id}`, title: personName(c), detail: c.job_title }))}
            canEdit={editable}
            emptyText="No contacts at this account yet."
            newRecord={editable ? { href: `/contacts/new?account_id=${account.id}`, label: 'New contact' } : undefined}
            total={overview.contactCount}
            footnote={shownOf(overview.contacts.length, overview.contactCount, 'contacts')}
          />
          <AssociationPanel
            heading="Opportunities"
            link="opportunity_account"
            mode="many"
            recordId={account.id}
            pick="opportunity"
            items={overview.opportunities.map((o) => ({ id: o.id, href: `/opportunities/${o.id}`, title: o.name, detail: `${formatMoney(o.amount, o.currency)} · ${o.status}` }))}
            canEdit={editable}
            emptyText="No opportunities with this account yet."
            newRecord={editable ? { href: `/opportunities/new?account_id=${account.id}`, label: 'New opportunity' } : undefined}
            footnote={overview.opportunities.length >= ACCOUNT_OVERVIEW_LIMIT ? `Showing the latest ${ACCOUNT_OVERVIEW_LIMIT}.` : undefined}
          />
        </>
      }
    >
      <dl className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="font-medium">Revenue won</dt>
          <dd data-testid="revenue-won">{overview.revenueWon.length ? overview.revenueWon.map((r) => formatMoney(r.amount, r.currency)).join(' · ') : '—'}</dd>
        </div>
        <div>
          <dt className="font-medium">Contacts</dt>
          <dd>{overview.contactCount.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt className="font-medium">Seats paid</dt>
          <dd>{overview.seatCount.toLocaleString('en-GB')}</dd>
        </div>
      </dl>
      <RecordSection heading="Enrollments paid by this account">
        <ul className="space-y-1 text-sm">
          {overview.enrollments.map((e) => (
            <li key={e.id}>
              {personName(e)} · {e.title} · {formatDate(e.starts_at)} · <span className="capitalize">{e.status.replace('_', ' ')}</span>
            </li>
          ))}
          {overview.enrollments.length === 0 ? <li className="text-slate-700">No seats paid by this account.</li> : null}
        </ul>
      </RecordSection>
      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        {editable ? <ActivityLogForm target={{ account_id: account.id }} /> : null}
        <Timeline items={activityItems(activities)} />
      </section>
    </RecordLayout>
  );
}
