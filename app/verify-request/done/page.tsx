import type { Metadata } from 'next';
import { BrandedCard } from '@/components/public/branded-card';

export const metadata: Metadata = { title: 'Request confirmation' };

export default async function VerifyDonePage({ searchParams }: { searchParams: Promise<{ verified?: string }> }) {
  const { verified } = await searchParams;
  return verified === '1' ? (
    <BrandedCard brand={null} title="Thank you — your request is confirmed" subtitle="We will answer within one month, and tell you if we need longer.">
      <p className="text-sm">You can close this page.</p>
    </BrandedCard>
  ) : (
    <BrandedCard brand={null} title="This link is no longer valid" subtitle="It may have been used already. If you have not heard from us, reply to our email.">
      <p className="text-sm">No change was made.</p>
    </BrandedCard>
  );
}
