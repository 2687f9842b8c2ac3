import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BrandedCard } from '@/components/public/branded-card';
import { ConfirmConsentButton } from '@/components/forms/confirm-consent-button';
import { findConsentConfirmation } from '@/lib/compliance/lead-forms';

export const metadata: Metadata = { title: 'Confirm your subscription' };
export const dynamic = 'force-dynamic';

/**
 * The double opt-in link of a public form. Opening it changes nothing — mail scanners fetch
 * links before people do — so the person confirms with a button (a server action).
 */
export default async function ConfirmConsentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const pending = await findConsentConfirmation(token);
  if (!pending) notFound();
  if (pending.status === 'expired') {
    return (
      <BrandedCard brand={pending.brand} title="This link has expired" subtitle={`Confirmation links from ${pending.orgName} last 7 days.`}>
        <p className="text-sm">Nothing was recorded. Fill in the form again to get a new link.</p>
      </BrandedCard>
    );
  }
  return (
    <BrandedCard brand={pending.brand} title="Confirm your subscription" subtitle={pending.formName ?? undefined}>
      <p className="text-sm">This address was entered on our form with this box ticked:</p>
      <blockquote className="border-l-4 border-slate-300 pl-3 text-sm text-slate-800">{pending.textShown}</blockquote>
      <ConfirmConsentButton token={token} alreadyConfirmed={pending.status === 'confirmed'} orgName={pending.orgName} />
    </BrandedCard>
  );
}
