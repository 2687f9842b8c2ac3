import type { Metadata } from 'next';
import { spendSignInLinkAction } from '@/app/actions/learn';
import { BrandedCard } from '@/components/public/branded-card';
import { brandOf } from '@/lib/brand';
import { signInLinkHolder } from '@/lib/learn/sign-in';
import { learnerPaths } from '@/lib/learn/urls';

export const metadata: Metadata = { title: 'Sign in' };

/** Opening the link changes nothing (mail scanners fetch links): the trainee signs in with the button. */
export default async function LearnerSignInLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const holder = await signInLinkHolder(token);
  if (!holder) {
    return (
      <BrandedCard brand={null} title="This link no longer works" subtitle="Sign-in links work once, within 15 minutes.">
        <a href={`${learnerPaths.home()}?link=expired`} className="block min-h-10 content-center rounded-md bg-accent px-4 text-center text-sm font-medium text-on-accent">
          Get a new link
        </a>
      </BrandedCard>
    );
  }
  return (
    <BrandedCard brand={brandOf(holder)} title="Sign in to your training" subtitle="Your bookings and certificates are one click away.">
      <form action={spendSignInLinkAction.bind(null, token)}>
        <button type="submit" className="min-h-10 w-full rounded-md bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong">
          Continue to my training
        </button>
      </form>
    </BrandedCard>
  );
}
