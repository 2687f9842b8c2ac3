import type { Metadata } from 'next';
import Link from 'next/link';
import { EnrollForm } from '@/components/contacts/enroll-form';
import { EnrollmentActions } from '@/components/contacts/enrollment-actions';
import { SequenceEnroll } from '@/components/contacts/sequence-enroll';
import { LiveRefresh } from '@/components/live/live-refresh';
import { ActivityLogForm } from '@/components/records/activity-log-form';
import { activityItems, Timeline, type TimelineItem } from '@/components/records/timeline';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { requireStaff } from '@/lib/auth/current-staff';
import { listActivities } from '@/lib/crm/activities';
import { getContact } from '@/lib/crm/contacts';
import { listUpcomingSessions } from '@/lib/crm/training';
import { canBuildMarketing } from '@/lib/marketing/roles';
import { listSequences } from '@/lib/marketing/sequences';
import { formatDate, formatDateTime, formatMoney, personName } from '@/lib/format';
import { orNotFound } from '@/lib/page-data';

export const metadata: Metadata = { title: 'Contact' };

const canWork = (role: string) => role === 'admin' || role === 'manager' || role === 'sales';

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const { id } = await params;
  const detail = await orNotFound(getContact(staff, id));
  const { contact, opportunities, enrollments, examResults, certifications, emails, consents } = detail;
  const writable = canWork(staff.role);
  const [activities, sessions, sequences] = await Promise.all([
    listActivities(staff, { contact_id: contact.id }),
    writable ? listUpcomingSessions(staff) : Promise.resolve([]),
    canBuildMarketing(staff.role) ? listSequences(staff) : Promise.resolve([]),
  ]);

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
    <div className="space-y-6">
        <LiveRefresh watch={[{ table: 'contacts', ids: [contact.id] }, { table: 'activities' }, { table: 'enrollments' }, { table: 'certifications' }]} />
      <p className="text-sm">
        <Link href="/contacts" className="text-brand-700 underline">Contacts</Link> / {name}
      </p>
      <PageHeader
        title={name}
        subtitle={[contact.job_title, contact.account_name].filter(Boolean).join(' at ') || undefined}
        actions={<Badge tone="blue">{contact.lifecycle_stage}</Badge>}
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="story-heading" className="space-y-3">
          <h2 id="story-heading" className="text-lg font-semibold">Timeline</h2>
          {writable ? <ActivityLogForm target={{ contact_id: contact.id }} /> : null}
          <Timeline items={items} />
        </section>
        <aside className="space-y-4">
          <dl className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <div><dt className="font-medium">Email</dt><dd>{contact.email ?? '—'}</dd></div>
            <div><dt className="font-medium">Phone</dt><dd>{contact.phone ?? '—'}</dd></div>
            <div>
              <dt className="font-medium">Account</dt>
              <dd>{contact.account_id ? <Link href={`/accounts/${contact.account_id}`} className="text-brand-700 underline">{contact.account_name}</Link> : '—'}</dd>
            </div>
          </dl>
          <SequenceEnroll contactId={contact.id} sequences={sequences.filter((s) => s.is_active).map((s) => ({ id: s.id, name: s.name }))} />
          {writable ? (
            <EnrollForm
              contactId={contact.id}
              sessions={sessions.map((s) => ({ id: s.id, label: `${s.title} · ${formatDate(s.starts_at)}`, full: Number(s.seats_taken) >= s.capacity }))}
            />
          ) : null}
          <section aria-labelledby="training-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="contact-training">
            <h2 id="training-heading" className="font-semibold">Training</h2>
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
                    {writable ? (
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
          </section>
          <section aria-labelledby="certs-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="certs-heading" className="font-semibold">Certifications</h2>
            {certifications.length === 0 ? <p className="text-sm text-slate-700">No certificates yet.</p> : null}
            <ul className="space-y-1 text-sm" data-testid="contact-certifications">
              {certifications.map((c) => (
                <li key={c.id}>
                  <span className="font-medium">{c.title}</span> · {c.certificate_number} · <span className="capitalize">{c.status}</span>
                  {c.expires_at ? ` · until ${formatDate(c.expires_at)}` : ''}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="opps-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="opps-heading" className="font-semibold">Opportunities</h2>
            {opportunities.length === 0 ? <p className="text-sm text-slate-700">None.</p> : null}
            <ul className="space-y-1 text-sm">
              {opportunities.map((o) => (
                <li key={o.id}>
                  <Link href={`/opportunities/${o.id}`} className="text-brand-700 underline">{o.name}</Link> · {formatMoney(o.amount, o.currency)} · {o.status}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
