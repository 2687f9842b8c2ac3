import type { Metadata } from 'next';
import { confirmRequestAction } from '@/app/actions/verify-request';
import { BrandedCard } from '@/components/public/branded-card';
import { requestBrand } from '@/lib/compliance/requests';

export const metadata: Metadata = { title: 'Confirm your request' };

/**
 * Opening the link changes nothing: mail scanners fetch links before people do, so the
 * subject confirms with a button (a POST).
 */
export default async function VerifyRequestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const brand = await requestBrand(token);
  return (
    <BrandedCard brand={brand} title="Confirm your data request" subtitle="You asked us about the personal data we hold on you. Confirm that the request is yours so we can act on it.">
      <form action={confirmRequestAction.bind(null, token)}>
        <button type="submit" className="min-h-10 w-full rounded-md bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong">
          Yes, this request is mine
        </button>
      </form>
    </BrandedCard>
  );
}
