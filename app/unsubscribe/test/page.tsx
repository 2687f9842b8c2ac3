import type { Metadata } from 'next';
import { BrandedCard } from '@/components/public/branded-card';

export const metadata: Metadata = { title: 'Test email', robots: { index: false, follow: false } };

/**
 * Where the unsubscribe links of a test send lead (supabase/functions/send-email/compose.ts,
 * testLinks): a test goes to an address, not to a person, so there is nothing to unsubscribe.
 */
export default function TestUnsubscribePage() {
  return (
    <BrandedCard brand={null} title="This was a test email" wide>
      <p className="text-sm text-slate-700">
        You received a test of a campaign, sent from the campaign editor. In the real campaign this link unsubscribes the
        recipient in one click and opens their email preferences. Nothing has changed.
      </p>
    </BrandedCard>
  );
}
