import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentStaff } from '@/lib/auth/current-staff';
import { type PageSearchParams, readSearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Sign in' };

/** Where to go after signing in: a path of this app (an invitation link, say), never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/dashboard';
}

export default async function SignInPage({ searchParams }: { searchParams: PageSearchParams }) {
  const next = safeNext((await readSearchParams(searchParams)).next);
  if (await currentStaff()) redirect(next);
  return (
    <AuthCard title="Sign in to Cohort" subtitle="The CRM for training and certification teams.">
      <SignInForm next={next} />
    </AuthCard>
  );
}
