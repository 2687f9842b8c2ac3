import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { RequiredTwoFactor } from '@/components/auth/required-two-factor';
import { currentMember } from '@/lib/auth/current-staff';

export const metadata: Metadata = { title: 'Set up two-factor sign-in' };

/** Where requireStaff sends an admin or compliance officer whose organisation requires a second factor they have not set up. */
export default async function TwoFactorRequiredPage() {
  const member = await currentMember();
  if (!member) redirect('/sign-in');
  if (!member.twoFactorPending) redirect('/dashboard');
  return (
    <AuthCard
      title="Set up two-factor sign-in"
      subtitle={`${member.orgName} asks its ${member.role === 'admin' ? 'admins' : 'compliance officers'} to sign in with a code from their phone as well as a password. It takes a minute, once.`}
    >
      <RequiredTwoFactor />
    </AuthCard>
  );
}
