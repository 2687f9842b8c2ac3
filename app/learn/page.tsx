import type { Metadata } from 'next';
import Link from 'next/link';
import { LearnerSignInForm } from '@/components/learn/sign-in-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { formatDate, formatDateTime, formatDateTimeIn } from '@/lib/format';
import { holderStatus } from '@/lib/learn/certificates';
import { forwardPass, type LearnerSearchParams } from '@/lib/learn/page';
import { currentLearner } from '@/lib/learn/session';
import { requestMyDataAction } from '@/app/actions/learn';
import { LearnerConfirmForm } from '@/components/learn/confirm-form';
import { learnerProfile, myDataRequests, myPreferencesPath, myTraining } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'My training' };

const linkNotices: Record<string, string> = {
  expired: 'That link has expired or was already used. Enter your email address and we will send you a new one.',
  invalid: 'That link is not valid any more. Enter your email address and we will send you a new one.',
  signin: 'Please sign in to see this page.',
};

const dataNotices: Record<string, string> = {
  access: 'Your request for a copy of your data is with our data protection team. We answer by the date below.',
  erasure: 'Your request to erase your data is with our data protection team. We answer by the date below.',
};
const requestLabels: Record<string, string> = { access: 'A copy of my data', erasure: 'Erase my data', rectification: 'Correct my data', restriction: 'Restrict processing', objection: 'Objection' };
const requestStatus: Record<string, string> = { received: 'Received', verified: 'In progress', completed: 'Done', rejected: 'Declined' };

const statusLabels: Record<string, string> = {
  expiring: 'Expiring soon',
  enrolled: 'Booked',
  waitlisted: 'On the waiting list',
  attended: 'Attended',
  completed: 'Completed',
  no_show: 'Missed',
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

export default async function LearnerHomePage({ searchParams }: { searchParams: LearnerSearchParams }) {
  await forwardPass(learnerPaths.home(), searchParams);
  const learner = await currentLearner();
  const link = String((await searchParams).link ?? '');
  // A session from an email's link reaches one thing; signing in reaches everything.
  if (!learner || (learner.scope !== 'full' && link === 'signin')) {
    const notice = learner ? undefined : linkNotices[link];
    return (
      <PortalShell org={null} signedIn={false}>
        <div className="mx-auto max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <div className="space-y-2">
            <h1 className="text-2xl font-semibold">Sign in to your training</h1>
            <p className="text-sm text-slate-600">Your bookings and certificates, without a password: we email you a link that signs you in.</p>
          </div>
          {notice ? (
            <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
              {notice}
            </p>
          ) : null}
          <LearnerSignInForm />
        </div>
      </PortalShell>
    );
  }
  const [{ person, org }, training, requests, preferences] = await Promise.all([
    learnerProfile(learner),
    myTraining(learner),
    myDataRequests(learner),
    learner.scope === 'full' ? myPreferencesPath(learner) : null,
  ]);
  const done = dataNotices[String((await searchParams).done ?? '')];
  const zone = emailTimeZone();
  const partial = learner.scope !== 'full';
  return (
    <PortalShell org={org} signedIn>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Hello{person?.first_name ? `, ${person.first_name}` : ''}</h1>
        {partial ? (
          <p className="text-sm text-slate-600">
            You opened a link from an email, so this shows only what that email is about.{' '}
            <Link className="font-medium text-accent underline" href={`${learnerPaths.home()}?link=signin`}>
              Sign in
            </Link>{' '}
            to see all of your training.
          </p>
        ) : null}
      </div>
      <PortalSection title="Upcoming bookings" testId="upcoming-bookings">
        {training.upcoming.length ? (
          <ul className="divide-y divide-slate-200">
            {training.upcoming.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <div>
                  <Link href={learnerPaths.booking(b.id)} className="font-medium text-accent underline">
                    {b.course_title}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {formatDateTimeIn(b.starts_at, zone)} · {b.delivery === 'online' ? 'Online' : (b.location ?? 'Place to be confirmed')}
                  </p>
                </div>
                <span className="rounded-full bg-slate-100 px-2 py-1 text-xs font-medium text-slate-700">{statusLabels[b.status] ?? b.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No upcoming bookings.</p>
        )}
      </PortalSection>
      {training.past.length ? (
        <PortalSection title="Past training">
          <ul className="divide-y divide-slate-200">
            {training.past.map((b) => (
              <li key={b.id} className="flex flex-wrap justify-between gap-2 py-3 text-sm">
                <span>{b.course_title}</span>
                <span className="text-slate-600">
                  {formatDate(b.starts_at)} · {statusLabels[b.status] ?? b.status}
                </span>
              </li>
            ))}
          </ul>
        </PortalSection>
      ) : null}
      <PortalSection title="Certificates" testId="my-certificates">
        {training.certificates.length ? (
          <ul className="divide-y divide-slate-200">
            {training.certificates.map((z) => (
              <li key={z.id} className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm">
                <div>
                  <p className="font-medium">{z.course_title}</p>
                  <p className="text-slate-600">
                    No. {z.certificate_number} · issued {formatDate(z.issued_at)}
                    {z.expires_at ? ` · valid until ${formatDate(z.expires_at)}` : ''} · {statusLabels[holderStatus(z.status, z.expires_at)]}
                  </p>
                </div>
                <a href={learnerPaths.certificatePdf(z.certificate_number)} className="min-h-10 content-center font-medium text-accent underline">
                  Download PDF<span className="sr-only"> of certificate {z.certificate_number}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No certificates yet.</p>
        )}
      </PortalSection>
      {learner.scope === 'full' ? (
        <PortalSection title="My data and preferences" testId="my-data">
          <span id="my-data" />
          {done ? (
            <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
              {done}
            </p>
          ) : null}
          <p className="text-sm">
            {preferences ? (
              <a href={preferences} className="font-medium text-accent underline">
                Email preferences
              </a>
            ) : (
              'We have not sent you any marketing email.'
            )}
          </p>
          {requests.length ? (
            <ul className="divide-y divide-slate-200 text-sm" data-testid="my-data-requests">
              {requests.map((r) => (
                <li key={r.id} className="flex flex-wrap justify-between gap-2 py-2">
                  <span>{requestLabels[r.type] ?? r.type}</span>
                  <span className="text-slate-600">
                    {requestStatus[r.status] ?? r.status} · asked {formatDate(r.received_at)}
                    {r.completed_at ? ` · done ${formatDate(r.completed_at)}` : ` · answer by ${formatDateTime(r.due_at)} UTC`}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <LearnerConfirmForm action={requestMyDataAction.bind(null, 'access')} label="Ask for a copy of my data" pendingLabel="Sending…" />
            <LearnerConfirmForm action={requestMyDataAction.bind(null, 'erasure')} label="Ask to erase my data" pendingLabel="Sending…" tone="danger" />
          </div>
          <p className="text-xs text-slate-600">Our data protection team handles each request within one month and emails you the answer.</p>
        </PortalSection>
      ) : null}
    </PortalShell>
  );
}
