import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentStaff } from '@/lib/auth/current-staff';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  if (await currentStaff()) redirect('/dashboard');
  return (
    <AuthCard title="Sign in to Cohort" subtitle="The CRM for training and certification teams.">
      <SignInForm />
    </AuthCard>
  );
}
