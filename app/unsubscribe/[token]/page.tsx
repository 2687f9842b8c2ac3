import type { Metadata } from 'next';
import { BrandedCard } from '@/components/public/branded-card';
import { UnsubscribePanel } from '@/components/email/unsubscribe-panel';
import { unsubscribeTarget } from '@/lib/email/unsubscribe';

export const metadata: Metadata = { title: 'Email preferences', robots: { index: false, follow: false } };

/**
 * The page behind the unsubscribe and preferences links of marketing email: no sign-in, the
 * signed token is the only credential. Viewing it changes nothing; its buttons do.
 */
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const noticeOf = (query: Record<string, string | string[] | undefined>) => ({ done: first(query.done), error: first(query.error) });

export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const target = await unsubscribeTarget(token);
  if (!target) {
    return (
      <BrandedCard brand={null} title="Link not recognised" wide>
        <p className="text-sm text-slate-700">
          This unsubscribe link is not valid. Please use the link in the most recent email you received, or reply to
          that email and ask to be removed.
        </p>
      </BrandedCard>
    );
  }
  return (
    <BrandedCard brand={target.brand} title="Email preferences" wide>
      <UnsubscribePanel token={token} target={target} notice={noticeOf(await searchParams)} />
    </BrandedCard>
  );
}
