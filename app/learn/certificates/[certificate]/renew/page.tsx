import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { bookRenewalAction, requestRenewalAction } from '@/app/actions/learn';
import { LearnerConfirmForm } from '@/components/learn/confirm-form';
import { PortalSection, PortalShell } from '@/components/learn/portal-shell';
import { CrmError } from '@/lib/crm/errors';
import { formatDate, formatDateTimeIn } from '@/lib/format';
import { myCertificate } from '@/lib/learn/certificates';
import { type LearnerSearchParams, requireLearner } from '@/lib/learn/page';
import { learnerProfile, renewalAlternatives, renewalOptions } from '@/lib/learn/training';
import { emailTimeZone, learnerPaths, safeDecode } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Renew your certificate' };

const doneNotices: Record<string, string> = {
  enrolled: 'You are booked on the renewal date. The confirmation is on its way by email.',
  waitlisted: 'That date is full, so you are on its waiting list. We email you as soon as a seat is free.',
  requested: 'Thank you: we will be in touch to arrange your renewal.',
};
const statusLabels = { active: 'Active', expiring: 'Expiring soon', expired: 'Expired', revoked: 'Revoked' } as const;

/** The renewal reminder's link: the certificate, the dates its course runs again, and "arrange it for me". */
export default async function RenewCertificatePage({ params, searchParams }: { params: Promise<{ certificate: string }>; searchParams: LearnerSearchParams }) {
  const { certificate } = await params;
  const number = safeDecode(certificate);
  const learner = await requireLearner(learnerPaths.renewCertificate(number), searchParams);
  const found = await myCertificate(learner, number).catch((error: unknown) => {
    if (error instanceof CrmError && (error.kind === 'not_found' || error.kind === 'validation')) notFound();
    throw error;
  });
  const [options, alternatives, { org }] = await Promise.all([renewalOptions(learner, found.id), renewalAlternatives(learner, found.id), learnerProfile(learner)]);
  const done = doneNotices[String((await searchParams).done ?? '')];
  const zone = emailTimeZone();
  return (
    <PortalShell org={org} signedIn>
      <div className="space-y-1">
        <p className="text-sm text-slate-600">Certificate {found.number}</p>
        <h1 className="text-2xl font-semibold">Renew {found.courseTitle}</h1>
        <p className="text-sm" data-testid="certificate-status">
          {statusLabels[found.holderStatus]}
          {found.expiresOn ? ` · valid until ${formatDate(found.expiresOn)}` : ''} ·{' '}
          <a href={learnerPaths.certificatePdf(found.number)} className="font-medium text-accent underline">
            Download PDF
          </a>
        </p>
      </div>
      {done ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
          {done}
        </p>
      ) : null}
      {found.holderStatus === 'revoked' ? (
        <PortalSection title="This certificate was revoked">
          <p className="text-sm">A revoked certificate cannot be renewed here. Please contact {org.name}.</p>
        </PortalSection>
      ) : (
        <>
          <PortalSection title="Book a renewal date" testId="renewal-dates">
            {options.length ? (
              <LearnerConfirmForm action={bookRenewalAction.bind(null, found.number, found.id)} label="Book this date" pendingLabel="Booking…">
                <fieldset className="space-y-2">
                  <legend className="text-sm font-medium">Choose a date</legend>
                  {options.map((o, i) => (
                    <label key={o.session_id} className="flex min-h-10 cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-accent">
                      <input type="radio" name="sessionId" value={o.session_id} defaultChecked={i === 0} required className="mt-1" />
                      <span>
                        <span className="block font-medium">{formatDateTimeIn(o.starts_at, zone)}</span>
                        <span className="block text-slate-600">
                          {o.delivery === 'online' ? 'Online' : (o.location ?? 'Place to be confirmed')} ·{' '}
                          {o.seats_left > 0 ? `${o.seats_left} ${o.seats_left === 1 ? 'seat' : 'seats'} left` : 'Full: join the waiting list'}
                        </span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              </LearnerConfirmForm>
            ) : (
              <p className="text-sm text-slate-600">No dates are open right now.</p>
            )}
          </PortalSection>
          {alternatives.length ? (
            <PortalSection title="Or renew with continuing education" testId="renewal-alternatives">
              <p className="text-sm">These courses also renew your certificate. Book one on its page.</p>
              <ul className="divide-y divide-slate-200">
                {alternatives.map((a) => (
                  <li key={a.code} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <a href={learnerPaths.course(a.code, learner.orgId)} className="font-medium text-accent underline">
                      {a.title}
                    </a>
                    <span className="text-slate-600">{Number(a.duration_hours)} hours</span>
                  </li>
                ))}
              </ul>
            </PortalSection>
          ) : null}
          <PortalSection title="Or let us arrange it">
            <p className="text-sm">Renewing through your employer, or need another format? We will contact you with the options.</p>
            <LearnerConfirmForm action={requestRenewalAction.bind(null, found.number, found.id)} label="Ask for my renewal to be arranged" pendingLabel="Sending…" />
          </PortalSection>
        </>
      )}
    </PortalShell>
  );
}
