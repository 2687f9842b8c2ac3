import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { DuplicateNotice, MergeUndo } from '@/components/records/merge-notices';
import { EnrollForm } from '@/components/contacts/enroll-form';
import { EnrollmentActions } from '@/components/contacts/enrollment-actions';
import { RevokeCertification } from '@/components/contacts/revoke-certification';
import { SequenceEnroll } from '@/components/contacts/sequence-enroll';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ScoreCard } from '@/components/scoring/score-card';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { AssociationPanel } from '@/components/records/association-panel';
import { InlineProperties } from '@/components/records/inline-properties';
import { customPropertySpecs, contactProperties } from '@/components/records/property-specs';
import { RecordLayout, RecordSection } from '@/components/records/record-layout';
import { activityItems, Timeline, type TimelineItem } from '@/components/records/timeline';
import { TrashRecordButton } from '@/components/records/trash-record-button';
import { Badge } from '@/components/ui/badge';
import { LinkButton } from '@/components/ui/link-button';
import { canSeeTrash, canWriteRecords, requireStaff } from '@/lib/auth/current-staff';
import { listActivities } from '@/lib/crm/activities';
import { personScore } from '@/lib/marketing/scoring';
import { getContact } from '@/lib/crm/contacts';
import { canMerge, duplicateReasonLabels, duplicatesOf, mergesInto, undoableMerge } from '@/lib/crm/merges';
import { listMembers, ownerOptions } from '@/lib/crm/members';
import { listUpcomingSessions } from '@/lib/crm/training';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { listSequences } from '@/lib/marketing/sequences';
import { formatDate, formatDateTime, formatMoney, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';
import { listPropertyDefinitions } from '@/lib/crm/custom-properties';

export const metadata: Metadata = { title: 'Contact' };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const detail = await orNotFound(getContact(staff, id));
  const { contact, opportunities, enrollments, examResults, certifications, emails, consents } = detail;
  // A contact merged into another: its links lead to the one that was kept.
  if (contact.deleted_at && contact.merged_into) redirect(`/contacts/${contact.merged_into}`);
  const writable = canWriteRecords(staff.role);
  const editable = writable && !contact.deleted_at;
  const merges = canMerge(staff.role);
  const [activities, sessions, sequences, members, definitions, enrollmentDefinitions, twins, mergedHere, score] = await Promise.all([
    listActivities(staff, { contact_id: contact.id }),
    editable ? listUpcomingSessions(staff) : Promise.resolve([]),
    canBuildMarketing(staff.role) && !contact.deleted_at ? listSequences(staff) : Promise.resolve([]),
    listMembers(staff),
    listPropertyDefinitions(staff, 'contact'),
    listPropertyDefinitions(staff, 'enrollment'),
    contact.deleted_at ? Promise.resolve([]) : duplicatesOf(staff, 'contacts', contact.id),
    merges ? mergesInto(staff, 'contacts', contact.id) : Promise.resolve([]),
    personScore(staff, 'contact', contact.id),
  ]);
  const undoable = undoableMerge(mergedHere);

  // The person's whole story in one timeline: activities, bookings, exams, certificates.
  const items: TimelineItem[] = [
    ...activityItems(activities),
    ...enrollments.map((e) => ({ id: e.id, at: e.created_at, kind: 'enrollment', title: `${e.title} — ${e.status.replace('_', ' ')}`, detail: `Session starts ${formatDateTime(e.starts_at)}` })),
    ...examResults.map((r) => ({ id: r.id, at: r.taken_at, kind: 'exam', title: `Exam attempt ${r.attempt}: ${r.score}% — ${r.passed ? 'passed' : 'not passed'}` })),
    ...emails.map((m) => ({ id: m.id, at: m.created_at, kind: 'email', title: m.subject ?? m.template, detail: `${m.category} email · ${m.status.replace('_', ' ')}` })),
    ...consents.map((c) => ({ id: c.id, at: c.occurred_at, kind: 'consent', title: `${c.granted ? 'Consented to' : 'Withdrew'} ${c.purpose.replace('_', ' ')}`, detail: `via ${c.source.replace('_', ' ')}` })),
    ...certifications.map((c) => ({ id: c.id, at: `${c.issued_at}T00:00:00Z`, kind: 'certification', title: `Certified: ${c.title}`, detail: `Certificate ${c.certificate_number}${c.expires_at ? `, valid until ${formatDate(c.expires_at)}` : ''}` })),
  ].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());

  const name = personName(contact);
  return (
    <RecordLayout
      list={{ href: '/contacts', label: 'Contacts' }}
      title={name}
      noun="contact"
      subtitle={[contact.job_title, contact.account_name].filter(Boolean).join(' at ') || undefined}
      status={<Badge tone="blue">{contact.lifecycle_stage}</Badge>}
      trashed={Boolean(contact.deleted_at)}
      notice={
        <>
          {undoable ? <MergeUndo mergeId={undoable.id} names={undoable.merged_names} noun="contact" /> : null}
          <DuplicateNotice
            object="contacts"
            recordId={contact.id}
            twins={twins.map((t) => ({ id: t.id, name: t.name || t.details[0] || 'Unnamed', reason: duplicateReasonLabels.contacts[t.reason] ?? t.reason }))}
            canMerge={merges}
          />
        </>
      }
      actions={
        <>
          {editable ? <LinkButton href={`/opportunities/new?contact_id=${contact.id}`} variant="secondary">New opportunity</LinkButton> : null}
          {writable ? <TrashRecordButton entity="contacts" recordId={contact.id} noun="Contact" trashed={Boolean(contact.deleted_at)} seesTrash={canSeeTrash(staff.role)} /> : null}
        </>
      }
      properties={{ entity: 'contacts', recordId: contact.id, version: contact.updated_at, specs: [...contactProperties(contact, ownerOptions(staff.role, staff.userId, members), members), ...customPropertySpecs(definitions, contact.custom, members)], canEdit: editable }}
      aside={
        <>
          <LiveRefresh watch={[{ table: 'contacts', ids: [contact.id] }, { table: 'opportunities' }, { table: 'activities' }, { table: 'enrollments' }, { table: 'certifications' }]} />
          <ScoreCard score={score} />
          <AssociationPanel
            heading="Account"
            link="contact_account"
            mode="one"
            recordId={contact.id}
            pick="account"
            items={contact.account_id ? [{ id: contact.account_id, href: `/accounts/${contact.account_id}`, title: contact.account_name ?? 'Account' }] : []}
            canEdit={editable}
            emptyText="Not linked to an account."
            newRecord={editable && !contact.account_id ? { href: '/accounts/new', label: 'New account' } : undefined}
          />
          <AssociationPanel
            heading="Opportunities"
            link="opportunity_contact"
            mode="many"
            recordId={contact.id}
            pick="opportunity"
            items={opportunities.map((o) => ({ id: o.id, href: `/opportunities/${o.id}`, title: o.name, detail: `${formatMoney(o.amount, o.currency)} · ${o.status}` }))}
            canEdit={editable}
            emptyText="No opportunities with this contact."
            newRecord={editable ? { href: `/opportunities/new?contact_id=${contact.id}`, label: 'New opportunity' } : undefined}
          />
          <SequenceEnroll contactId={contact.id} sequences={sequences.filter((s) => s.is_active).map((s) => ({ id: s.id, name: s.name }))} />
        </>
      }
    >
      {/* Training is what a trainee's record is for: beside the timeline, not under the links. */}
      <div className="grid gap-4 xl:grid-cols-2">
        <RecordSection heading="Training" testId="contact-training">
          {enrollments.length === 0 ? <p className="text-sm text-slate-700">Not enrolled on any course yet.</p> : null}
          <ul className="divide-y divide-slate-100">
            {enrollments.map((e) => {
              const passed = examResults.some((r) => r.enrollment_id === e.id && r.passed);
              const certified = certifications.some((c) => c.course_id === e.course_id && c.status !== 'revoked');
              return (
                <li key={e.id} className="py-2 text-sm">
                  <p className="font-medium">{e.title}</p>
                  <p className="text-slate-700">
                    {formatDate(e.starts_at)} · <span className="capitalize">{e.status.replace('_', ' ')}</span>
                    {passed ? ' · exam passed' : ''}
                  </p>
                  {enrollmentDefinitions.length > 0 ? (
                    <div className="mt-2" data-testid="enrollment-properties">
                      <InlineProperties entity="enrollments" recordId={e.id} version={e.updated_at.toISOString()} properties={customPropertySpecs(enrollmentDefinitions, e.custom, members)} canEdit={editable} />
                    </div>
                  ) : null}
                  {editable ? (
                    <EnrollmentActions
                      enrollmentId={e.id}
                      contactId={contact.id}
                      courseId={e.course_id}
                      status={e.status}
                      passed={passed}
                      certified={certified}
                      sessionStarts={e.starts_at.toISOString()}
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
        </RecordSection>
        <div className="space-y-4">
          <RecordSection heading="Certifications">
            {certifications.length === 0 ? <p className="text-sm text-slate-700">No certificates yet.</p> : null}
            <ul className="space-y-1 text-sm" data-testid="contact-certifications">
              {certifications.map((c) => (
                <li key={c.id}>
                  <span className="font-medium">{c.title}</span> · {c.certificate_number} · <span className="capitalize">{c.status}</span>
                  {c.expires_at ? ` · until ${formatDate(c.expires_at)}` : ''}
                  {editable && c.status !== 'revoked' ? (
                    <>
                      {' · '}
                      <RevokeCertification certificationId={c.id} number={c.certificate_number} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </RecordSection>
          {editable ? (
            <EnrollForm
              contactId={contact.id}
              definitions={enrollmentDefinitions}
              members={members}
              sessions={sessions.map((s) => ({ id: s.id, label: `${s.title} · ${formatDateTime(s.starts_at)} · ${s.location ?? s.delivery.replace('_', ' ')} · ${Number(s.seats_taken)}/${s.capacity} seats`, full: Number(s.seats_taken) >= s.capacity }))}
            />
          ) : null}
        </div>
      </div>
      <section aria-labelledby="story-heading" className="space-y-3">
        <h2 id="story-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        {editable ? <ActivityLogForm target={{ contact_id: contact.id }} /> : null}
        <Timeline items={items} />
      </section>
    </RecordLayout>
  );
}
